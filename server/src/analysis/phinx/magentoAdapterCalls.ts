// Analysis room (pure): Magento's DB adapter as MX migrations use it (`$this->getConnection()`,
// `$this->schemaSetup->getConnection()`), its DDL table builder, and EAV attribute removal. These run
// at once (no Phinx queue) and are reported with source 'magento-adapter'.

import type { SchemaOperationKind } from '../schema/operations';
import { magentoColumnDefinition, magentoDdlColumnDefinition } from './columnDefinitions';
import type { SchemaOperationDetails } from './model';
import { entryOf, stringListOf, stringOf, unknownBecause, UNKNOWN_VALUE, type DdlTableDefinition, type SymbolicValue } from './symbolicValue';

/** One adapter call as the interpreter hands it over. */
export interface AdapterCall {
  args: SymbolicValue[];
  apiCall: string;
  /** Source text of an argument, for names that are not constants. */
  argumentText(index: number): string;
  emit(details: SchemaOperationDetails, batch?: string): void;
  unresolved(kind: SchemaOperationKind, reason: string): void;
  newBatch(table: string): string;
  /** Records the first argument as raw SQL. */
  rawSql(): SymbolicValue;
}

/** `$connection->method(...)` on Magento's AdapterInterface (Pdo\Mysql). */
export function magentoConnectionCall(call: AdapterCall, method: string): SymbolicValue {
  const { args } = call;
  const name = (index: number) => stringOf(args[index]);
  // Emits when every name is a constant; otherwise lists the call as unresolved.
  const emitWhenNamed = (kind: SchemaOperationKind, names: Array<string | undefined>, details: () => SchemaOperationDetails): SymbolicValue => {
    if (names.every((value) => value !== undefined)) call.emit(details());
    else call.unresolved(kind, 'a table or column name is not a constant');
    return UNKNOWN_VALUE;
  };
  const table = name(0) as string;
  switch (method) {
    case 'droptable':
      return emitWhenNamed('drop-table', [name(0)], () => ({ kind: 'drop-table', table }));
    case 'renametable':
      return emitWhenNamed('rename-table', [name(0), name(1)], () => ({ kind: 'rename-table', table, newName: name(1) as string }));
    case 'renametablesbatch':
      return renameTablesBatch(call);
    case 'addcolumn':
      return emitWhenNamed('add-column', [name(0), name(1)], () => ({ kind: 'add-column', table, column: magentoColumnDefinition(name(1) as string, args[2]) }));
    case 'dropcolumn':
      return emitWhenNamed('drop-column', [name(0), name(1)], () => ({ kind: 'drop-column', table, column: name(1) as string }));
    case 'changecolumn':
      // changeColumn($table, $old, $new, $definition): a different $new is a rename.
      return emitWhenNamed('change-column', [name(0), name(1), name(2)], () => ({ kind: 'change-column', table, from: name(1) as string, column: magentoColumnDefinition(name(2) as string, args[3]) }));
    case 'modifycolumn':
      return emitWhenNamed('change-column', [name(0), name(1)], () => ({ kind: 'change-column', table, from: name(1) as string, column: magentoColumnDefinition(name(1) as string, args[2]) }));
    case 'addindex': {
      // addIndex($table, $indexName, $fields, $indexType = 'index')
      const columns = stringListOf(args[2]);
      const type = name(3)?.toLowerCase();
      if (!columns) {
        call.unresolved('add-index', 'the index columns are not constants');
        return UNKNOWN_VALUE;
      }
      return emitWhenNamed('add-index', [name(0)], () => ({
        kind: 'add-index',
        table,
        columns,
        name: name(1),
        unique: type === 'unique',
        indexType: type === 'fulltext' ? 'fulltext' : undefined,
      }));
    }
    case 'dropindex':
      return emitWhenNamed('drop-index', [name(0)], () => ({ kind: 'drop-index', table, name: name(1) }));
    case 'addforeignkey':
      // addForeignKey($fkName, $table, $column, $refTable, $refColumn, ...)
      return emitWhenNamed('add-foreign-key', [name(1), name(2), name(3)], () => ({
        kind: 'add-foreign-key',
        table: name(1) as string,
        columns: [name(2) as string],
        referencedTable: name(3) as string,
        name: name(0),
      }));
    case 'dropforeignkey':
      return emitWhenNamed('drop-foreign-key', [name(0)], () => ({ kind: 'drop-foreign-key', table, name: name(1) }));
    case 'truncatetable':
      return emitWhenNamed('truncate-table', [name(0)], () => ({ kind: 'truncate-table', table }));
    case 'delete':
      return emitWhenNamed('delete-rows', [name(0)], () => ({ kind: 'delete-rows', table, hasWhere: isStatedCondition(args[1]) }));
    case 'update':
      return emitWhenNamed('update-rows', [name(0)], () => ({ kind: 'update-rows', table, hasWhere: isStatedCondition(args[2]) }));
    case 'insert':
    case 'insertmultiple':
    case 'insertarray':
    case 'insertonduplicate':
    case 'insertforce':
      return emitWhenNamed('insert-rows', [name(0)], () => ({ kind: 'insert-rows', table, fromSelect: false }));
    case 'changetableengine':
      return emitWhenNamed('rebuild-table', [name(0)], () => ({ kind: 'rebuild-table', table, reason: 'engine' }));
    case 'query':
    case 'multiquery':
    case 'rawquery':
      return call.rawSql();
    case 'newtable':
      return { kind: 'ddl-table', definition: { table: name(0), columns: [], indexes: [] } };
    case 'createtable':
      return createTable(call);
    default:
      return unknownBecause(`it is returned by ${call.apiCall}() at run time`);
  }
}

function renameTablesBatch(call: AdapterCall): SymbolicValue {
  const renames = call.args[0]?.kind === 'array' ? call.args[0].entries : [];
  if (renames.length === 0) call.unresolved('rename-table', 'the list of renames is not a constant');
  for (const rename of renames) {
    const from = stringOf(entryOf(rename.value, 'oldName'));
    const to = stringOf(entryOf(rename.value, 'newName'));
    if (from === undefined || to === undefined) call.unresolved('rename-table', 'a table name is not a constant');
    else call.emit({ kind: 'rename-table', table: from, newName: to });
  }
  return UNKNOWN_VALUE;
}

/** `createTable($table)` of a definition built with newTable() in the same method: one CREATE TABLE with its indexes. */
function createTable(call: AdapterCall): SymbolicValue {
  const definition = call.args[0]?.kind === 'ddl-table' ? call.args[0].definition : undefined;
  if (!definition || definition.table === undefined) {
    call.unresolved('create-table', 'the table definition is not built in this method');
    return UNKNOWN_VALUE;
  }
  const batch = call.newBatch(definition.table);
  call.emit({ kind: 'create-table', table: definition.table, columns: definition.columns }, batch);
  for (const index of definition.indexes) call.emit({ kind: 'add-index', table: definition.table, ...index }, batch);
  return UNKNOWN_VALUE;
}

/** `$table->addColumn()` / `addIndex()` on a Magento DDL table from newTable(); returns the table for chaining. */
export function magentoDdlTableCall(definition: DdlTableDefinition, args: SymbolicValue[], method: string): SymbolicValue {
  if (method === 'addcolumn') {
    const name = stringOf(args[0]);
    if (name !== undefined) definition.columns.push(magentoDdlColumnDefinition(name, args[1], args[2], args[3], args[4]));
  } else if (method === 'addindex') {
    const columns = stringListOf(args[1]);
    const type = stringOf(entryOf(args[2], 'type'))?.toLowerCase();
    if (columns) definition.indexes.push({ columns, name: stringOf(args[0]), unique: type === 'unique', indexType: type === 'fulltext' ? 'fulltext' : undefined });
  }
  return { kind: 'ddl-table', definition };
}

/** `$eavSetup->removeAttribute($entityTypeId, $code)`. */
export function removeEavAttribute(call: AdapterCall): SymbolicValue {
  const attribute = stringOf(call.args[1]);
  if (attribute === undefined) {
    call.unresolved('remove-eav-attribute', 'the attribute code is not a constant');
    return UNKNOWN_VALUE;
  }
  const entityValue = call.args[0];
  // An entity constant this reader does not know is reported by its text (`\Vendor\Model\Thing::ENTITY`).
  const entity = stringOf(entityValue) ?? (entityValue?.kind === 'unknown' ? entityValue.text : undefined) ?? call.argumentText(0);
  call.emit({ kind: 'remove-eav-attribute', entity, attribute });
  return UNKNOWN_VALUE;
}

/** A WHERE given to Magento's delete()/update(): a non-empty string or array. */
function isStatedCondition(value: SymbolicValue | undefined): boolean {
  if (!value) return false;
  if (value.kind === 'scalar') return value.value !== null && value.value !== '' && value.value !== false;
  if (value.kind === 'array') return value.entries.length > 0;
  return true;
}
