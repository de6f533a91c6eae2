// Analysis room: rule raw-sql-unanalyzable.
import type { RuleFinding, SchemaChangeRule } from './rule';
import { stepsOf } from './schemaChangeWording';

export const rawSqlUnanalyzable: SchemaChangeRule = {
  id: 'raw-sql-unanalyzable',
  target: 'schema-change',
  defaultSeverity: 'info',
  summary: 'SQL that is not a literal, or does not parse as MySQL, cannot be checked for backward compatibility: review it by hand.',
  check(context) {
    return stepsOf(context, 'unanalyzable-sql').map(
      ({ operation }): RuleFinding => ({
        range: operation.range,
        // Parser reasons may end with their own full stop.
        message: `This SQL could not be checked: ${operation.reason.replace(/\.+$/, '')}. Write it as a string literal in MySQL syntax, or review it by hand for dropped, renamed or retyped columns.`,
      }),
    );
  },
};
