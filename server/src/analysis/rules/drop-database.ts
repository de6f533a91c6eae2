// Analysis room: rule drop-database.
import type { RuleFinding, SchemaChangeRule } from './rule';
import { stepsOf } from './schemaChangeWording';

export const dropDatabase: SchemaChangeRule = {
  id: 'drop-database',
  target: 'schema-change',
  defaultSeverity: 'error',
  summary: 'Dropping a database removes every table the old and new code use.',
  check(context) {
    return stepsOf(context, 'drop-database').map(
      ({ operation }): RuleFinding => ({
        range: operation.range,
        message: `This drops the database${operation.name ? ` \`${operation.name}\`` : ''}: every request of old and new code fails and nothing can be rolled back. A migration must never do this.`,
      }),
    );
  },
};
