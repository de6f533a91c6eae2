// Analysis room: rule set-not-null.
import type { RuleFinding, SchemaChangeRule } from './rule';
import { effectiveNullable, quoted, stepsOf } from './schemaChangeWording';

export const setNotNull: SchemaChangeRule = {
  id: 'set-not-null',
  target: 'schema-change',
  defaultSeverity: 'error',
  summary: 'The old code still writes NULL into the column (and existing rows may hold NULL): the ALTER fails or the old writes do.',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const { operation, tableCreatedHere, columnBefore } of stepsOf(context, 'change-column')) {
      if (tableCreatedHere || !columnBefore) continue;
      const wasNullable = columnBefore.nullable ?? true;
      if (!wasNullable || effectiveNullable(operation, operation.column.nullable, context)) continue;
      const implicit = operation.column.nullable === undefined ? ' (changeColumn() without \'null\' => true resets it to NOT NULL)' : '';
      findings.push({
        range: operation.range,
        message:
          `${quoted(operation.table, operation.from)} becomes NOT NULL${implicit}: the old code still inserts NULL there and existing NULL rows make the ALTER fail or get zeroed. ` +
          `Backfill and make every writer set it first; add NOT NULL in a later release.`,
        example: `// Release N: writers always set ${operation.from}; backfill NULL rows in batches.\n// Release N+1:\n$this->table('${operation.table}')->changeColumn('${operation.from}', '${operation.column.type ?? columnBefore.type ?? 'string'}', ['null' => false /* restate default, comment, ... */])->update();`,
      });
    }
    return findings;
  },
};
