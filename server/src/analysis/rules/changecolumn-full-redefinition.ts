// Analysis room: rule changecolumn-full-redefinition.
import type { PhinxCallSyntax } from '../phinx/model';
import { optionEntryEdits, phpString, type OptionEntry } from '../phinx/optionEdits';
import type { ColumnDefinition } from '../schema/operations';
import type { FindingFix } from '../types';
import type { RuleFinding, SchemaChangeRule } from './rule';
import { effectiveNullable, quoted, stepsOf } from './schemaChangeWording';

interface ForgottenOption {
  key: string;
  /** As the message shows it. */
  shown: string;
  /** PHP code Phinx accepts for it; undefined when it cannot be written as a plain option (an expression default). */
  code: string | undefined;
}

/**
 * Attributes a full redefinition silently resets when it does not restate them. `nullableIfUnstated`
 * is what the redefinition makes of an unstated NULL (Phinx version and SQL dialect decide).
 */
function forgotten(before: ColumnDefinition, after: ColumnDefinition, nullableIfUnstated: boolean): ForgottenOption[] {
  const lost: ForgottenOption[] = [];
  const wasNullable = before.nullable ?? true;
  if (after.nullable === undefined && wasNullable !== nullableIfUnstated) lost.push({ key: 'null', shown: String(wasNullable), code: String(wasNullable) });
  if (before.default !== undefined && before.default.value !== null && after.default === undefined) {
    const { value, isExpression } = before.default;
    // Phinx writes the string CURRENT_TIMESTAMP unquoted; other expressions need Literal, which this fix does not import.
    const code = !isExpression ? phpString(value) : /^current_timestamp(\(\d*\))?$/i.test(value) ? phpString(value) : undefined;
    lost.push({ key: 'default', shown: isExpression ? value : `'${value}'`, code });
  }
  if (before.comment && after.comment === undefined) lost.push({ key: 'comment', shown: `'${before.comment.replace(/'/g, "\\'")}'`, code: phpString(before.comment) });
  if (before.unsigned === true && after.unsigned === undefined) lost.push({ key: 'signed', shown: 'false', code: 'false' });
  if (before.collation && after.collation === undefined) lost.push({ key: 'collation', shown: `'${before.collation}'`, code: phpString(before.collation) });
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
      const listed = lost.map((option) => `'${option.key}' => ${option.shown}`).join(', ');
      findings.push({
        range: operation.range,
        message:
          `This redefines ${quoted(operation.table, operation.from)} without restating ${listed}: Phinx and MySQL rewrite the whole column, so those attributes are reset and the old code's writes may start failing. ` +
          `Restate every attribute the column keeps.`,
        example: `->changeColumn('${operation.column.name}', '${operation.column.type ?? columnBefore.type ?? 'string'}', [/* new options */ ${listed}])`,
        ...restateFix(context.callSyntaxOf?.(operation), lost),
      });
    }
    return findings;
  },
};

/** "Restate the current attributes": adds the forgotten entries to the changeColumn() options. */
function restateFix(call: PhinxCallSyntax | undefined, lost: ForgottenOption[]): { fixes?: FindingFix[] } {
  if (!call || call.method.toLowerCase() !== 'changecolumn' || call.arguments.length < 2) return {};
  // A half restatement would leave the warning standing: offer the fix only when every entry can be written.
  if (lost.some((option) => option.code === undefined)) return {};
  const entries: OptionEntry[] = lost.map((option) => ({ key: option.key, value: option.code! }));
  const edits = optionEntryEdits(call, 2, entries, false);
  return edits && edits.length > 0 ? { fixes: [{ title: 'Restate the current attributes', edits }] } : {};
}
