// Analysis room: rule backfill-in-schema-migration.
import type { RuleFinding, SchemaChangeRule } from './rule';
import { quoted } from './schemaChangeWording';

const DATA_KINDS = new Set(['update-rows', 'insert-rows', 'delete-rows']);
const NOT_DDL = new Set(['update-rows', 'insert-rows', 'delete-rows', 'unanalyzable-sql', 'truncate-table', 'remove-eav-attribute']);

export const backfillInSchemaMigration: SchemaChangeRule = {
  id: 'backfill-in-schema-migration',
  target: 'schema-change',
  defaultSeverity: 'warning',
  summary: 'A data backfill next to DDL runs in one long unbatched statement on a live table, holding row locks the old code waits on; and a failure leaves the DDL applied (MySQL DDL commits implicitly).',
  check(context) {
    const hasDdl = context.steps.some((step) => !NOT_DDL.has(step.operation.kind));
    if (!hasDdl) return [];
    const findings: RuleFinding[] = [];
    for (const { operation, tableCreatedHere } of context.steps) {
      if (!DATA_KINDS.has(operation.kind) || tableCreatedHere || !operation.table) continue;
      if (operation.kind === 'insert-rows' && !operation.fromSelect) continue;
      findings.push({
        range: operation.range,
        message:
          `This ${operation.kind === 'update-rows' ? 'UPDATE' : operation.kind === 'delete-rows' ? 'DELETE' : 'INSERT ... SELECT'} on ${quoted(operation.table)} runs in the same migration as schema changes: one long statement holds row locks the old code waits on, and a failure leaves the DDL half-applied. ` +
          `Move the backfill to its own migration and run it in batches (WHERE id BETWEEN ... / LIMIT).`,
      });
    }
    return findings;
  },
};
