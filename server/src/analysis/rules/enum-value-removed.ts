// Analysis room: rule enum-value-removed.
import type { RuleFinding, SchemaChangeRule } from './rule';
import { quoted, stepsOf } from './schemaChangeWording';

export const enumValueRemoved: SchemaChangeRule = {
  id: 'enum-value-removed',
  target: 'schema-change',
  defaultSeverity: 'error',
  summary: 'The old code still writes the removed ENUM/SET values, which are rejected or stored as \'\'; reordering changes stored meanings and copies the table.',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const { operation, tableCreatedHere, columnBefore } of stepsOf(context, 'change-column')) {
      if (tableCreatedHere || !columnBefore?.values || !operation.column.values) continue;
      const after = operation.column.values;
      const removed = columnBefore.values.filter((value) => !after.includes(value));
      const kept = columnBefore.values.filter((value) => after.includes(value));
      const reordered = kept.some((value, index) => after.indexOf(value) !== index);
      if (removed.length === 0 && !reordered) continue;
      findings.push({
        range: operation.range,
        message:
          removed.length > 0
            ? `${quoted(operation.table, operation.from)} loses the value(s) ${removed.map((value) => `'${value}'`).join(', ')}: the old code still writes them and gets errors (strict) or '' (Magento's SQL_MODE=''). Stop writing them first; remove them in a later release.`
            : `${quoted(operation.table, operation.from)} reorders its values: MySQL stores ENUMs by position, so the table is copied and sorting by the column changes. Only append new values at the end.`,
      });
    }
    return findings;
  },
};
