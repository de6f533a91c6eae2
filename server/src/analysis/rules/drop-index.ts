// Analysis room: rule drop-index (a non-unique or unknown index).
import { matchesIndex } from '../schema/schemaModel';
import type { RuleFinding, SchemaChangeRule } from './rule';
import { quoted, stepsOf } from './schemaChangeWording';

export const dropIndex: SchemaChangeRule = {
  id: 'drop-index',
  target: 'schema-change',
  defaultSeverity: 'info',
  summary: 'The old code\'s queries that used the index turn into full table scans.',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const { operation, tableCreatedHere, tableBefore } of stepsOf(context, 'drop-index')) {
      if (tableCreatedHere) continue;
      const index = tableBefore?.indexes.find((candidate) => matchesIndex(candidate, operation.name, operation.columns));
      if (index?.unique) continue; // drop-unique-index says it
      const name = operation.name ?? operation.columns?.join(', ') ?? 'an index';
      findings.push({
        range: operation.range,
        message:
          `This drops index ${name} of ${quoted(operation.table)}: the old code's queries that use it become full scans. ` +
          (context.server.startsWith('mariadb') ? 'Make it IGNORED first (ALTER TABLE ... ALTER INDEX ... IGNORED)' : 'Make it INVISIBLE first (ALTER TABLE ... ALTER INDEX ... INVISIBLE)') + ' and drop it once nothing slowed down.',
      });
    }
    return findings;
  },
};
