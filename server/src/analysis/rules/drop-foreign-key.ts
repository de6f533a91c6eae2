// Analysis room: rule drop-foreign-key.
import type { RuleFinding, SchemaChangeRule } from './rule';
import { quoted, stepsOf, written } from './schemaChangeWording';

export const dropForeignKey: SchemaChangeRule = {
  id: 'drop-foreign-key',
  target: 'schema-change',
  defaultSeverity: 'info',
  summary: 'The old code may rely on the key\'s ON DELETE CASCADE/SET NULL to clean up related rows; without it orphans accumulate.',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const { operation, tableCreatedHere } of stepsOf(context, 'drop-foreign-key')) {
      if (tableCreatedHere) continue;
      const key = operation.name ?? operation.columns?.join(', ') ?? 'a foreign key';
      findings.push({
        range: operation.range,
        message: `${written(operation, 'dropForeignKey()', 'DROP FOREIGN KEY', 'Removing the foreign constraint')} removes ${key} from ${quoted(operation.table)}: if the old code relies on its cascades, related rows are no longer cleaned up. Check that no code depends on it.`,
      });
    }
    return findings;
  },
};
