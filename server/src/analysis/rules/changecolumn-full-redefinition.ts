// Analysis room: rule changecolumn-full-redefinition.
import type { ColumnDefinition } from '../schema/operations';
import type { RuleFinding, SchemaChangeRule } from './rule';
import { effectiveNullable, quoted, stepsOf } from './schemaChangeWording';

/**
 * Attributes a full redefinition silently resets when it does not restate them. `nullableIfUnstated`
 * is what the redefinition makes of an unstated NULL (Phinx version and SQL dialect decide).
 */
function forgotten(before: ColumnDefinition, after: ColumnDefinition, nullableIfUnstated: boolean): string[] {
  const lost: string[] = [];
  const wasNullable = before.nullable ?? true;
  if (after.nullable === undefined && wasNullable !== nullableIfUnstated) lost.push(`'null' => ${wasNullable}`);
  if (before.default !== undefined && before.default.value !== null && after.default === undefined) {
    lost.push(`'default' => ${before.default.isExpression ? before.default.value : `'${before.default.value}'`}`);
  }
  if (before.comment && after.comment === undefined) lost.push(`'comment' => '${before.comment.replace(/'/g, "\\'")}'`);
  if (before.unsigned === true && after.unsigned === undefined) lost.push("'signed' => false");
  if (before.collation && after.collation === undefined) lost.push(`'collation' => '${before.collation}'`);
  return lost;
}

export const changecolumnFullRedefinition: SchemaChangeRule = {
  id: 'changecolumn-full-redefinition',
  target: 'schema-change',
  defaultSeverity: 'warning',
  summary: 'changeColumn()/MODIFY rewrite the whole column: every attribute not restated (NULL, default, comment, unsigned) is silently reset.',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const { operation, tableCreatedHere, columnBefore } of stepsOf(context, 'change-column')) {
      if (tableCreatedHere || !columnBefore || operation.source === 'db-schema') continue;
      const lost = forgotten(columnBefore, operation.column, effectiveNullable(operation, undefined, context));
      if (lost.length === 0) continue;
      findings.push({
        range: operation.range,
        message:
          `This redefines ${quoted(operation.table, operation.from)} without restating ${lost.join(', ')}: Phinx and MySQL rewrite the whole column, so those attributes are reset and the old code's writes may start failing. ` +
          `Restate every attribute the column keeps.`,
        example: `->changeColumn('${operation.column.name}', '${operation.column.type ?? columnBefore.type ?? 'string'}', [/* new options */ ${lost.join(', ')}])`,
      });
    }
    return findings;
  },
};
