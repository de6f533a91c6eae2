// Analysis room: rule add-not-null-column-without-default.
import type { RuleFinding, SchemaChangeRule } from './rule';
import { quoted, stepsOf } from './schemaChangeWording';

export const addNotNullColumnWithoutDefault: SchemaChangeRule = {
  id: 'add-not-null-column-without-default',
  target: 'schema-change',
  defaultSeverity: 'error',
  summary: 'The old code\'s INSERTs do not mention the new column: under strict SQL mode they fail (error 1364), under Magento\'s SQL_MODE=\'\' they silently store 0 or \'\'.',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const { operation, tableCreatedHere } of stepsOf(context, 'add-column')) {
      const column = operation.column;
      if (tableCreatedHere || column.default !== undefined || column.autoIncrement || column.generated) continue;
      const stated = column.nullable;
      const nullable = stated ?? (operation.source === 'phinx' ? context.newColumnsNullableByDefault : true);
      if (nullable) continue;
      const why = stated === undefined ? ' (Phinx before 0.13 makes a new column NOT NULL unless \'null\' => true)' : '';
      findings.push({
        range: operation.range,
        message:
          `${quoted(operation.table, column.name)} is added NOT NULL without a default${why}: the old code's INSERTs omit it and fail with "Field '${column.name}' doesn't have a default value" under strict mode, or store a silent zero value under Magento's SQL_MODE=''. ` +
          `Add it nullable (or with a default) now; make it NOT NULL in a later release once every writer sets it.`,
        example: `$this->table('${operation.table}')\n    ->addColumn('${column.name}', '${column.type ?? 'string'}', ['null' => true])\n    ->update();`,
      });
    }
    return findings;
  },
};
