// Analysis room: rule add-column-not-instant.
import { assessDdl } from '../schema/onlineDdl';
import type { RuleFinding, SchemaChangeRule } from './rule';
import { locksMatter, quoted, stepsOf } from './schemaChangeWording';

export const addColumnNotInstant: SchemaChangeRule = {
  id: 'add-column-not-instant',
  target: 'schema-change',
  defaultSeverity: 'info',
  summary: 'This ADD COLUMN is not metadata-only on the target server: the table is rebuilt while the old code writes to it.',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const step of stepsOf(context, 'add-column')) {
      const { operation } = step;
      if (!locksMatter(context, step) || operation.column.generated || operation.column.autoIncrement) continue;
      const assessment = assessDdl(operation, undefined, context.server);
      if (!assessment || assessment.cost === 'instant') continue;
      const position = operation.column.position;
      const hint = position ? ` Drop the '${position === 'first' ? 'first' : 'after'}' option to add it last.` : ' Add it without the expression default and backfill in batches.';
      findings.push({
        range: operation.range,
        severity: assessment.cost === 'copy' ? 'warning' : undefined,
        message: `Adding ${quoted(operation.table, operation.column.name)} is not instant on ${context.server}: ${assessment.reason}.${hint}`,
      });
    }
    return findings;
  },
};
