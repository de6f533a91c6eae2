// Analysis room: rule drop-unique-index (dropping an index known to be unique).
import { matchesIndex } from '../schema/schemaModel';
import type { RuleFinding, SchemaChangeRule } from './rule';
import { quoted, stepsOf } from './schemaChangeWording';

export const dropUniqueIndex: SchemaChangeRule = {
  id: 'drop-unique-index',
  target: 'schema-change',
  defaultSeverity: 'warning',
  summary: 'The old code relies on the unique index (INSERT ... ON DUPLICATE KEY UPDATE, "already exists" checks): without it duplicates appear.',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const { operation, tableCreatedHere, tableBefore } of stepsOf(context, 'drop-index')) {
      if (tableCreatedHere) continue;
      const index = tableBefore?.indexes.find((candidate) => matchesIndex(candidate, operation.name, operation.columns));
      if (!index?.unique) continue;
      findings.push({
        range: operation.range,
        message:
          `This drops the unique index ${index.name ?? index.columns.join(', ')} of ${quoted(operation.table)}: the old code's upserts (ON DUPLICATE KEY UPDATE) insert duplicates instead of updating. ` +
          `Move the code off the guarantee first; drop the index in a later release.`,
      });
    }
    return findings;
  },
};
