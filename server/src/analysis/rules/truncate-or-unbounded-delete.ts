// Analysis room: rule truncate-or-unbounded-delete.
import type { RuleFinding, SchemaChangeRule } from './rule';
import { quoted, stepsOf } from './schemaChangeWording';

export const truncateOrUnboundedDelete: SchemaChangeRule = {
  id: 'truncate-or-unbounded-delete',
  target: 'schema-change',
  defaultSeverity: 'error',
  summary: 'Emptying or rewriting a whole table destroys data the old code still serves, and a rollback cannot bring it back.',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const { operation, tableCreatedHere } of stepsOf(context, 'truncate-table', 'delete-rows', 'update-rows')) {
      if (tableCreatedHere) continue;
      if (operation.kind !== 'truncate-table' && operation.hasWhere) continue;
      const what = operation.kind === 'truncate-table' ? 'truncates' : operation.kind === 'delete-rows' ? 'deletes every row of' : 'rewrites every row of';
      findings.push({
        range: operation.range,
        message:
          `This ${what} ${quoted(operation.table)} while the old code still serves that data, and nothing can restore it on rollback${operation.phase === 'change' ? ' (in change() it even runs again on rollback)' : ''}. ` +
          `Limit it with a WHERE clause, in batches, or keep the data until a later release.`,
      });
    }
    return findings;
  },
};
