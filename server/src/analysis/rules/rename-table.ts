// Analysis room: rule rename-table.
import type { RuleFinding, SchemaChangeRule } from './rule';
import { quoted, stepsOf, written } from './schemaChangeWording';

export const renameTable: SchemaChangeRule = {
  id: 'rename-table',
  target: 'schema-change',
  defaultSeverity: 'error',
  summary: 'The old code still uses the old table name, which no longer exists once the rename runs.',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const { operation, tableCreatedHere } of stepsOf(context, 'rename-table')) {
      if (tableCreatedHere) continue;
      findings.push({
        range: operation.range,
        message:
          `${written(operation, 'rename()', 'RENAME TABLE', 'migrateDataFromAnotherTable()')} renames ${quoted(operation.table)} to ${quoted(operation.newName)}; the old code still queries ${quoted(operation.table)} and fails with "Base table or view not found". ` +
          `Create ${quoted(operation.newName)}, write to both and backfill, switch reads, then drop ${quoted(operation.table)} in a later release.`,
        example: `// Release N: create the new table next to the old one; the code writes both and reads the old.\n$this->table('${operation.newName}')/* same columns */->create();\n// Release N+1: backfill, read the new table.  Release N+2: drop '${operation.table}'.`,
      });
    }
    return findings;
  },
};
