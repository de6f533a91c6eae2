// Analysis room: rule table-copy-alter.
import { canonicalType, isWidening } from '../schema/columnTypes';
import { assessDdl } from '../schema/onlineDdl';
import type { RuleFinding, SchemaChangeRule } from './rule';
import { locksMatter, quoted } from './schemaChangeWording';

export const tableCopyAlter: SchemaChangeRule = {
  id: 'table-copy-alter',
  target: 'schema-change',
  defaultSeverity: 'warning',
  summary: 'The ALTER copies or rebuilds the whole table: on a big table the old code\'s writes stall (or the table is locked) for minutes.',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const step of context.steps) {
      const { operation, columnBefore } = step;
      if (!locksMatter(context, step) || !operation.table) continue;
      if (operation.kind === 'change-column' && columnBefore) {
        const before = canonicalType(columnBefore);
        const after = canonicalType(operation.column);
        // An incompatible type change is already an error of change-column-type; widenings land here.
        if (before && after && before.type !== after.type && !isWidening(before, after)) continue;
      }
      if (operation.kind === 'add-column' && !operation.column.generated && !operation.column.autoIncrement) continue; // add-column-not-instant
      if (operation.kind === 'change-column' && assessDdl(operation, columnBefore, context.server)?.reason.includes('255 bytes')) continue; // varchar-length-byte-boundary
      const assessment = assessDdl(operation, columnBefore, context.server);
      const rebuilds = operation.kind === 'rebuild-table' || operation.kind === 'change-primary-key';
      if (!assessment || (assessment.cost !== 'copy' && !rebuilds)) continue;
      findings.push({
        range: operation.range,
        message:
          `On ${quoted(operation.table)} this ${assessment.cost === 'copy' ? 'copies' : 'rebuilds'} the whole table (${assessment.reason}): the old code's writes ${assessment.cost === 'copy' ? 'are blocked' : 'slow down and the final swap locks the table'} until it finishes. ` +
          `Run it when traffic is low, use an online schema tool (gh-ost, pt-online-schema-change) for big tables, or list the table in "smallTables" if it is small.`,
      });
    }
    return findings;
  },
};
