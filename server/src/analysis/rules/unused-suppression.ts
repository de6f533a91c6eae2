// Analysis room: rule unused-suppression (reported by suppressions.ts).
import type { SuppressionRule } from './rule';

export const unusedSuppression: SuppressionRule = {
  id: 'unused-suppression',
  target: 'suppression',
  defaultSeverity: 'warning',
  summary: 'A zdd-ignore comment that suppresses nothing hides the next real problem placed under it.',
};
