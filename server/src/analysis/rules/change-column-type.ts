// Analysis room: rule change-column-type.
import { canonicalType, describeType, isWidening } from '../schema/columnTypes';
import type { RuleFinding, SchemaChangeRule } from './rule';
import { quoted, stepsOf } from './schemaChangeWording';

export const changeColumnType: SchemaChangeRule = {
  id: 'change-column-type',
  target: 'schema-change',
  defaultSeverity: 'error',
  summary: 'The old code writes values of the old type: they are rejected or silently converted, and changing the type copies the whole table.',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const { operation, tableCreatedHere, columnBefore } of stepsOf(context, 'change-column')) {
      if (tableCreatedHere) continue;
      const after = canonicalType(operation.column);
      const before = columnBefore ? canonicalType(columnBefore) : undefined;
      if (!after) continue;
      if (!before) {
        findings.push({
          range: operation.range,
          severity: 'info',
          message: `The previous definition of ${quoted(operation.table, operation.from)} is unknown (not created by a migration or db_schema.xml of this project), so changes of its type, size, NULL, default and ENUM values could not be checked: review them by hand.`,
        });
        continue;
      }
      const signChanged = (operation.column.unsigned ?? false) !== (columnBefore?.unsigned ?? false) && ['int', 'bigint', 'smallint', 'tinyint', 'mediumint', 'decimal'].includes(after.type);
      if (before.type === after.type && !signChanged) continue;
      // A widening (INT -> BIGINT, TEXT -> MEDIUMTEXT, even INT UNSIGNED -> BIGINT) keeps every old write
      // valid; table-copy-alter warns about its copy. Becoming unsigned never does (negative values).
      const becomesUnsigned = operation.column.unsigned === true && columnBefore?.unsigned !== true;
      if (before.type !== after.type && isWidening(before, after) && !becomesUnsigned) continue;
      findings.push({
        range: operation.range,
        message:
          `${quoted(operation.table, operation.from)} changes type from ${describeType(before)}${columnBefore?.unsigned ? ' unsigned' : ''} to ${describeType(after)}${operation.column.unsigned ? ' unsigned' : ''}: the old code's writes of the old type are rejected or converted, and MySQL rebuilds the table (writes blocked meanwhile). ` +
          `Add a new column of the new type, write both and backfill, switch reads, drop the old one later.`,
        example: `$this->table('${operation.table}')->addColumn('${operation.from}_new', '${operation.column.type}', ['null' => true])->update();\n// backfill in batches; next release reads ${operation.from}_new; the release after drops ${operation.from}`,
      });
    }
    return findings;
  },
};
