// Analysis room: rule rename-column (renameColumn, CHANGE a b, migrateDataFrom).
import type { RuleFinding, SchemaChangeRule } from './rule';
import { quoted, stepsOf, written } from './schemaChangeWording';

export const renameColumn: SchemaChangeRule = {
  id: 'rename-column',
  target: 'schema-change',
  defaultSeverity: 'error',
  summary: 'The old code still names the column by its old name, which no longer exists once the rename runs.',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const { operation, tableCreatedHere } of stepsOf(context, 'rename-column', 'change-column')) {
      const from = operation.kind === 'rename-column' ? operation.column : operation.from;
      const to = operation.kind === 'rename-column' ? operation.newName : operation.column.name;
      if (tableCreatedHere || from.toLowerCase() === to.toLowerCase()) continue;
      findings.push({
        range: operation.range,
        message:
          `${written(operation, operation.kind === 'rename-column' ? 'renameColumn()' : 'changeColumn()', 'CHANGE/RENAME COLUMN', 'migrateDataFrom()')} renames ${quoted(operation.table, from)} to \`${to}\`; the old code still selects and inserts \`${from}\` ("Unknown column"). ` +
          `Add \`${to}\`, write both and backfill, switch reads, then drop \`${from}\` in a later release.`,
        example: `// Release N: add the new column; the code writes both, reads '${from}'.\n$this->table('${operation.table}')->addColumn('${to}', /* same type */ 'string', ['null' => true])->update();\n$this->execute('UPDATE ${operation.table} SET ${to} = ${from} WHERE ${to} IS NULL LIMIT 10000'); // repeat in batches\n// Release N+1: read '${to}'.  Release N+2: removeColumn('${from}').`,
      });
    }
    return findings;
  },
};
