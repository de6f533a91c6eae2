// Analysis room: rule unsaved-table-actions.
import type { PhinxMigrationRule, RuleFinding } from './rule';

export const unsavedTableActions: PhinxMigrationRule = {
  id: 'unsaved-table-actions',
  target: 'phinx-migration',
  defaultSeverity: 'error',
  summary: 'Table actions queue until create(), update() or save(); never saved, they never run, and Phinx 0.12+ fails the migration with "Migration has pending actions after execution!".',
  check({ model }) {
    const findings: RuleFinding[] = [];
    for (const unsaved of model.unsavedTables) {
      findings.push({
        range: unsaved.range,
        message:
          `The actions queued on ${unsaved.table ? `table('${unsaved.table}')` : 'this table'} are never applied: there is no create(), update() or save() after them` +
          (model.semantics.pendingActionsFailMigration ? ', and Phinx fails the migration with "Migration has pending actions after execution!".' : ', so they silently never run.') +
          ' End the chain with ->update() (existing table) or ->create() (new table).',
      });
    }
    return findings;
  },
};
