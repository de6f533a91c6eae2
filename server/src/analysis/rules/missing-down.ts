// Analysis room: rule missing-down.
import type { PhinxMigrationRule } from './rule';

export const missingDown: PhinxMigrationRule = {
  id: 'missing-down',
  target: 'phinx-migration',
  defaultSeverity: 'warning',
  summary: 'Without a down() a rollback of this migration does nothing (or fails), so a bad release cannot be undone cleanly.',
  check({ model }) {
    const up = model.methods.find((method) => method.name === 'up');
    if (!up || model.methods.some((method) => method.name === 'change')) return [];
    const down = model.methods.find((method) => method.name === 'down');
    if (!down) {
      return [{ range: up.nameRange, message: 'up() has no down(): `phinx rollback` of this migration does nothing, so what up() did stays. Add a down() that reverses it (MX_PhinxMigrations asks every migration to carry rollback code).' }];
    }
    if (down.statementCount === 0 && up.statementCount > 0) {
      return [{ range: down.nameRange, message: 'down() is empty: a rollback records the migration as reverted while what up() did stays. Write the reverse steps, or say in a comment why there is nothing to undo and suppress this.' }];
    }
    return [];
  },
};
