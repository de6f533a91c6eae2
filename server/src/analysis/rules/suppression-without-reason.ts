// Analysis room: rule suppression-without-reason (reported by suppressions.ts).
import type { SuppressionRule } from './rule';

export const suppressionWithoutReason: SuppressionRule = {
  id: 'suppression-without-reason',
  target: 'suppression',
  defaultSeverity: 'warning',
  summary: 'A zdd-ignore without ": <reason>" still suppresses, but the next reader cannot tell why the risk was accepted.',
};
