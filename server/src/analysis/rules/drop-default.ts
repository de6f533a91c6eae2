// Analysis room: rule drop-default.
import type { ColumnDefault } from '../schema/operations';
import type { RuleFinding, SchemaChangeRule } from './rule';
import { quoted, stepsOf } from './schemaChangeWording';

function describe(value: ColumnDefault): string {
  return value.value === null ? 'NULL' : value.isExpression ? value.value : `'${value.value}'`;
}

export const dropDefault: SchemaChangeRule = {
  id: 'drop-default',
  target: 'schema-change',
  defaultSeverity: 'warning',
  summary: 'The old code\'s INSERTs rely on the default for a column they do not mention; without it they fail or store a zero value.',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const step of stepsOf(context, 'change-column', 'change-default')) {
      const { operation, tableCreatedHere, columnBefore } = step;
      if (tableCreatedHere || !columnBefore?.default || columnBefore.default.value === null) continue;
      const now = operation.kind === 'change-default' ? operation.default : operation.column.default;
      if (now !== undefined) continue;
      const column = operation.kind === 'change-default' ? operation.column : operation.from;
      const implicit = operation.kind === 'change-column' ? ' (changeColumn()/MODIFY redefine the whole column and this one does not restate it)' : '';
      findings.push({
        range: operation.range,
        message:
          `The default ${describe(columnBefore.default)} of ${quoted(operation.table, column)} is removed${implicit}: the old code's INSERTs that omit the column now fail or store a zero value. ` +
          `Restate the default, or remove it only after every writer sets the column.`,
      });
    }
    return findings;
  },
};
