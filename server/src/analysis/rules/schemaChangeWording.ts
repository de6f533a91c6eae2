// Analysis room: shared wording for the schema-change rules, so every message names things the same way.
import type { SchemaOperation } from '../schema/operations';
import type { SchemaChangeContext, SchemaChangeStep } from './rule';

export function quoted(table: string, column?: string): string {
  return column ? `\`${table}\`.\`${column}\`` : `\`${table}\``;
}

/** How the user wrote it, for "removeColumn() drops ..." vs "DROP COLUMN drops ...". */
export function written(operation: SchemaOperation, phinx: string, sql: string, xml: string): string {
  // The Phinx reader records the method actually called: Magento's dropColumn() or AbstractMigration's
  // dropTable() must not be named after the Table API method (removeColumn(), drop()).
  const apiCall = (operation as { apiCall?: string }).apiCall;
  switch (operation.source) {
    case 'sql':
      return sql;
    case 'db-schema':
      return xml;
    case 'magento-adapter':
      return apiCall ? `${apiCall}()` : phinx;
    default:
      return apiCall && !phinx.startsWith(`${apiCall}(`) ? `${apiCall}()` : phinx;
  }
}

/** Lock rules stay quiet for tables the migration created itself and for configured small tables. */
export function locksMatter(context: SchemaChangeContext, step: SchemaChangeStep): boolean {
  const table = step.operation.table;
  return !step.tableCreatedHere && !(table !== undefined && context.smallTables.has(table.toLowerCase()));
}

export function stepsOf<K extends SchemaOperation['kind']>(context: SchemaChangeContext, ...kinds: K[]): Array<SchemaChangeStep & { operation: Extract<SchemaOperation, { kind: K }> }> {
  return context.steps.filter((step) => (kinds as string[]).includes(step.operation.kind)) as Array<SchemaChangeStep & { operation: Extract<SchemaOperation, { kind: K }> }>;
}

/**
 * Nullability a column ends up with when the operation does not say: Phinx < 0.13 defaults to
 * NOT NULL, Phinx 0.13+, MySQL and Magento's DDL default to NULL.
 */
export function effectiveNullable(operation: SchemaOperation, stated: boolean | undefined, context: SchemaChangeContext): boolean {
  if (stated !== undefined) return stated;
  return operation.source === 'phinx' ? context.newColumnsNullableByDefault : true;
}
