// Analysis room: rule unanalyzable-call.
import type { PhinxMigrationRule } from './rule';

export const unanalyzableCall: PhinxMigrationRule = {
  id: 'unanalyzable-call',
  target: 'phinx-migration',
  defaultSeverity: 'info',
  summary: 'A schema call whose table or column name is computed at run time cannot be checked for backward compatibility.',
  check({ model }) {
    return model.unresolvedCalls
      .filter((call) => call.phase !== 'down')
      .map((call) => ({
        range: call.range,
        message: `${call.apiCall}() could not be checked: ${call.reason}. Use literal table and column names (or review this ${call.operationKind} by hand).`,
      }));
  },
};
