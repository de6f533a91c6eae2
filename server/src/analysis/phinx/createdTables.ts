// Analysis room (pure): which operations touch a table the same migration method created before them.
// Lock and data rules stay quiet on those ("existing table" in docs/rules). Works on any operation
// list in execution order, so it also serves once the SQL reader's operations are merged in.

import type { SchemaOperation } from '../schema/operations';
import type { PhinxMigrationModel, PhinxRawSql } from './model';

/** For each operation: was its table created earlier in the same phase (method)? */
export function tableCreatedEarlierFlags(operations: readonly SchemaOperation[]): boolean[] {
  const createdByPhase = new Map<string, Set<string>>();
  return operations.map((operation) => {
    let created = createdByPhase.get(operation.phase);
    if (!created) createdByPhase.set(operation.phase, (created = new Set()));
    const table = operation.table?.toLowerCase();
    const flag = table !== undefined && created.has(table);
    if (operation.kind === 'create-table') created.add(operation.table.toLowerCase());
    else if (operation.kind === 'rename-table' && flag) {
      created.delete(operation.table.toLowerCase());
      created.add(operation.newName.toLowerCase());
    } else if (operation.kind === 'drop-table') created.delete(operation.table.toLowerCase());
    return flag;
  });
}

/**
 * The migration's operations with each raw SQL's operations spliced in where the SQL runs
 * (`translate` is the SQL reader; it is called for the entries whose SQL is constant).
 */
export function mergeRawSqlOperations(model: Pick<PhinxMigrationModel, 'operations' | 'rawSql'>, translate: (entry: PhinxRawSql & { sql: string }) => SchemaOperation[]): SchemaOperation[] {
  const merged: SchemaOperation[] = [];
  const entries = [...model.rawSql].sort((a, b) => a.operationIndex - b.operationIndex);
  let next = 0;
  for (let index = 0; index <= model.operations.length; index++) {
    while (next < entries.length && entries[next].operationIndex === index) {
      const entry = entries[next++];
      if (entry.sql !== undefined) merged.push(...translate(entry as PhinxRawSql & { sql: string }));
    }
    if (index < model.operations.length) merged.push(model.operations[index]);
  }
  return merged;
}
