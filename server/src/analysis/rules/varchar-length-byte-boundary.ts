// Analysis room: rule varchar-length-byte-boundary.
import { assessDdl } from '../schema/onlineDdl';
import type { RuleFinding, SchemaChangeRule } from './rule';
import { locksMatter, quoted, stepsOf } from './schemaChangeWording';

export const varcharLengthByteBoundary: SchemaChangeRule = {
  id: 'varchar-length-byte-boundary',
  target: 'schema-change',
  defaultSeverity: 'warning',
  summary: 'Growing a VARCHAR across 255 bytes changes its length prefix from 1 to 2 bytes, which copies the table instead of an instant change.',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const step of stepsOf(context, 'change-column')) {
      if (!locksMatter(context, step)) continue;
      const assessment = assessDdl(step.operation, step.columnBefore, context.server);
      if (!assessment?.reason.includes('255 bytes')) continue;
      findings.push({
        range: step.operation.range,
        message: `${quoted(step.operation.table, step.operation.from)}: ${assessment.reason}, so MySQL copies the table while the old code's writes wait. Stay on one side of the boundary (utf8mb4: up to 63, or from 64 characters on), or plan the copy.`,
      });
    }
    return findings;
  },
};
