// Analysis room: rule mixed-alter-batch.
import { assessDdl } from '../schema/onlineDdl';
import type { RuleFinding, SchemaChangeRule, SchemaChangeStep } from './rule';
import { locksMatter, quoted } from './schemaChangeWording';

export const mixedAlterBatch: SchemaChangeRule = {
  id: 'mixed-alter-batch',
  target: 'schema-change',
  defaultSeverity: 'warning',
  summary: 'One ALTER runs with the weakest algorithm of its parts: an instant change batched with a copying one makes the whole statement copy the table.',
  check(context) {
    const batches = new Map<string, SchemaChangeStep[]>();
    for (const step of context.steps) {
      if (!step.operation.batch || !locksMatter(context, step)) continue;
      batches.set(step.operation.batch, [...(batches.get(step.operation.batch) ?? []), step]);
    }
    const findings: RuleFinding[] = [];
    for (const steps of batches.values()) {
      const assessed = steps.map((step) => ({ step, assessment: assessDdl(step.operation, step.columnBefore, context.server) }));
      const copying = assessed.find(({ assessment }) => assessment?.cost === 'copy');
      const instant = assessed.filter(({ assessment }) => assessment?.cost === 'instant');
      if (!copying || instant.length === 0) continue;
      const batchedWith = instant.map(({ step }) => describeStep(step)).join(', ');
      findings.push({
        range: copying.step.operation.range,
        message:
          `This is sent in one ALTER with ${batchedWith}, and ${copying.assessment!.reason}: the whole statement copies ${quoted(copying.step.operation.table ?? '?')}, so even the instant parts block writes. ` +
          `Put the copying change in its own update() (or ALTER) so the instant ones stay instant.`,
      });
    }
    return findings;
  },
};

function describeStep(step: SchemaChangeStep): string {
  const operation = step.operation;
  if (operation.kind === 'add-column') return `adding \`${operation.column.name}\``;
  if (operation.kind === 'rename-column') return `renaming \`${operation.column}\``;
  if (operation.kind === 'change-column') return `changing \`${operation.from}\``;
  return operation.kind;
}
