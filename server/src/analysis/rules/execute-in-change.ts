// Analysis room: rule execute-in-change.
import type { PhinxMigrationRule, RuleFinding } from './rule';

export const executeInChange: PhinxMigrationRule = {
  id: 'execute-in-change',
  target: 'phinx-migration',
  defaultSeverity: 'warning',
  summary: 'Phinx does not record execute()/query()/truncate() (nor Magento adapter calls) inside change(): on rollback they run AGAIN instead of being undone.',
  check({ model, operations }) {
    const findings: RuleFinding[] = [];
    for (const raw of model.rawSql) {
      if (raw.phase !== 'change') continue;
      findings.push({
        range: raw.range,
        message: `${raw.via === 'adapter-query' ? 'This query' : `${raw.via}()`} in change() is not recorded by Phinx: rolling back runs it a second time instead of undoing it. Move it to up() and write its reverse in down().`,
      });
    }
    for (const operation of operations) {
      if (operation.phase !== 'change') continue;
      const adapter = operation.source === 'magento-adapter';
      if (!adapter && !(operation.source === 'phinx' && operation.kind === 'truncate-table')) continue;
      findings.push({
        range: operation.range,
        message: adapter
          ? 'Magento adapter calls in change() bypass Phinx\'s recording: rolling back runs them again instead of undoing them. Use up() and down().'
          : 'truncate() in change() runs at once and is not recorded: rolling back truncates the table again. Use up() and down().',
      });
    }
    return findings;
  },
};
