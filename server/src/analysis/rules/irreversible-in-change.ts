// Analysis room: rule irreversible-in-change.
import type { PhinxMigrationRule, RuleFinding } from './rule';

/** What Phinx's change() can play backwards; anything else throws IrreversibleMigrationException on rollback. */
const REVERSIBLE = new Set(['create-table', 'rename-table', 'add-column', 'rename-column', 'add-index', 'add-foreign-key']);

export const irreversibleInChange: PhinxMigrationRule = {
  id: 'irreversible-in-change',
  target: 'phinx-migration',
  defaultSeverity: 'error',
  summary: 'change() can only reverse create/rename table, add/rename column, add index and add foreign key; anything else makes the rollback fail with IrreversibleMigrationException.',
  check({ operations }) {
    const findings: RuleFinding[] = [];
    for (const operation of operations) {
      if (operation.phase !== 'change' || operation.source !== 'phinx' || REVERSIBLE.has(operation.kind)) continue;
      if (operation.kind === 'truncate-table') continue; // execute-in-change: it runs again instead
      const call = (operation as { apiCall?: string }).apiCall ?? operation.kind;
      findings.push({
        range: operation.range,
        message: `${call}() in change() cannot be reversed: rolling this migration back fails with IrreversibleMigrationException ("Cannot reverse a ... command"). Use up() and down() and write the reverse step yourself.`,
      });
    }
    return findings;
  },
};
