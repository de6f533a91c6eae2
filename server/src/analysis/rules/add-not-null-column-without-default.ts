// Analysis room: rule add-not-null-column-without-default.
import type { PhinxCallSyntax } from '../phinx/model';
import { optionEntryEdits } from '../phinx/optionEdits';
import type { FindingFix } from '../types';
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
      // Only Phinx 0.13.0-0.13.3 default to NULL; 0.13.4 restored NOT NULL.
      const why = stated === undefined ? ' (the installed Phinx makes a new column NOT NULL unless \'null\' => true)' : '';
      findings.push({
        range: operation.range,
        message:
          `${quoted(operation.table, column.name)} is added NOT NULL without a default${why}: the old code's INSERTs omit it and fail with "Field '${column.name}' doesn't have a default value" under strict mode, or store a silent zero value under Magento's SQL_MODE=''. ` +
          `Add it nullable (or with a default) now; make it NOT NULL in a later release once every writer sets it.`,
        example: `$this->table('${operation.table}')\n    ->addColumn('${column.name}', '${column.type ?? 'string'}', ['null' => true])\n    ->update();`,
        ...nullableFix(context.callSyntaxOf?.(operation)),
      });
    }
    return findings;
  },
};

/** "Add 'null' => true" on a Phinx addColumn(): states the option, or turns an explicit `'null' => false` around. */
function nullableFix(call: PhinxCallSyntax | undefined): { fixes?: FindingFix[] } {
  if (!call || call.method.toLowerCase() !== 'addcolumn' || call.arguments.length < 2) return {};
  const edits = optionEntryEdits(call, 2, [{ key: 'null', value: 'true' }], true);
  return edits && edits.length > 0 ? { fixes: [{ title: "Add 'null' => true", edits }] } : {};
}
