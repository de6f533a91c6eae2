// Analysis room: rule drop-table.
import type { RuleFinding, SchemaChangeRule } from './rule';
import { quoted, stepsOf, written } from './schemaChangeWording';

export const dropTable: SchemaChangeRule = {
  id: 'drop-table',
  target: 'schema-change',
  defaultSeverity: 'error',
  summary: 'The old code still queries the table: every request that touches it fails with "Table doesn\'t exist", and its data is gone for a rollback.',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const { operation, tableCreatedHere } of stepsOf(context, 'drop-table')) {
      if (tableCreatedHere) continue;
      findings.push({
        range: operation.range,
        message:
          `${written(operation, 'drop()', 'DROP TABLE', 'Removing the <table> element')} deletes ${quoted(operation.table)} while the old code still reads and writes it ("Base table or view not found" on every such request), and a rollback finds no data. ` +
          `Stop using the table in one release, then drop it in a later release's migration.`,
        example: `// Release N: remove every use of ${operation.table} from the code (keep the table).\n// Release N+1, new migration:\n$this->table('${operation.table}')->drop()->save(); // Phinx 0.9: $this->dropTable('${operation.table}');`,
      });
    }
    return findings;
  },
};
