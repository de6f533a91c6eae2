// Analysis room: pairs each operation of one migration with the schema just before it, by replaying
// the migration's own operations on a copy of the schema the earlier migrations left.
import type { SchemaChangeStep } from '../rules/rule';
import type { SchemaOperation } from './operations';
import type { SchemaModel } from './schemaModel';

/** `phinxColumnsNullable`: see SchemaModel.apply. */
export function buildSchemaChangeSteps(operations: readonly SchemaOperation[], before: SchemaModel, origin: string, phinxColumnsNullable = true): SchemaChangeStep[] {
  const schema = before.overlay();
  const createdHere = new Set<string>();
  const steps: SchemaChangeStep[] = [];
  for (const operation of operations) {
    if (operation.phase === 'down') continue;
    const table = operation.table?.toLowerCase();
    const tableBefore = operation.table ? schema.table(operation.table) : undefined;
    const columnName = columnOf(operation);
    steps.push({
      operation,
      tableCreatedHere: table !== undefined && createdHere.has(table),
      // Only the index list is kept, copied only for index drops: copying whole tables per step is quadratic on big migrations.
      tableBefore: tableBefore ? { name: tableBefore.name, indexes: operation.kind === 'drop-index' ? [...tableBefore.indexes] : [] } : undefined,
      columnBefore: operation.table && columnName ? schema.column(operation.table, columnName) : undefined,
    });
    if (operation.kind === 'create-table') createdHere.add(operation.table.toLowerCase());
    if (operation.kind === 'rename-table' && table !== undefined && createdHere.has(table)) createdHere.add(operation.newName.toLowerCase());
    schema.apply(operation, origin, phinxColumnsNullable);
  }
  return steps;
}

function columnOf(operation: SchemaOperation): string | undefined {
  switch (operation.kind) {
    case 'change-column':
      return operation.from;
    case 'drop-column':
    case 'rename-column':
    case 'change-default':
      return operation.column;
    case 'add-column':
      return operation.column.name;
    default:
      return undefined;
  }
}
