// Analysis room: rule module-disable-drops-tables.
import type { ModuleConfigRule } from './rule';

export const moduleDisableDropsTables: ModuleConfigRule = {
  id: 'module-disable-drops-tables',
  target: 'module-config',
  defaultSeverity: 'error',
  summary: 'setup:upgrade drops the declarative tables and columns of a disabled module: the old code still using them breaks and the data is gone.',
  check({ drops }) {
    return drops.map((drop) => {
      const what = [...drop.tables.map((table) => `table \`${table}\``), ...drop.columns.map(({ table, column }) => `column \`${table}\`.\`${column}\``)];
      return {
        range: drop.range,
        message: `Disabling ${drop.module} makes setup:upgrade drop ${what.join(', ')} (it owns them in db_schema.xml): the old code still using them breaks and the data cannot come back. Keep the module enabled until its data is moved and nothing reads it.`,
      };
    });
  },
};
