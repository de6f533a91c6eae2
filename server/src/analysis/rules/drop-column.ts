// Analysis room: rule drop-column (also EAV attribute removal, which old code reads the same way).
import type { RuleFinding, SchemaChangeRule } from './rule';
import { quoted, stepsOf, written } from './schemaChangeWording';

export const dropColumn: SchemaChangeRule = {
  id: 'drop-column',
  target: 'schema-change',
  defaultSeverity: 'error',
  summary: 'The old code still names the column in its SELECTs and INSERTs, which fail with "Unknown column" until the last old instance is gone.',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const { operation, tableCreatedHere } of stepsOf(context, 'drop-column', 'remove-eav-attribute')) {
      if (operation.kind === 'remove-eav-attribute') {
        findings.push({
          range: operation.range,
          message:
            `removeAttribute() deletes the EAV attribute \`${operation.attribute}\` of ${operation.entity} and its values while the old code still loads and saves it (attribute lookups fail, values are lost for a rollback). ` +
            `Stop using the attribute in one release, remove it in a later one.`,
        });
        continue;
      }
      if (tableCreatedHere) continue;
      findings.push({
        range: operation.range,
        message:
          `${written(operation, 'removeColumn()', 'DROP COLUMN', 'Removing the <column> element')} drops ${quoted(operation.table, operation.column)} while the old code still selects and inserts it ("Unknown column '${operation.column}'"). ` +
          `Expand and contract: ship code that no longer uses the column first, drop it in a later release.`,
        example: `// Release N: stop reading and writing ${operation.column} (the column stays).\n// Release N+1, new migration:\n$this->table('${operation.table}')->removeColumn('${operation.column}')->update();`,
      });
    }
    return findings;
  },
};
