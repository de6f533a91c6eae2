// Analysis room (pure): the values the migration reader tracks while it walks a method without running
// PHP: constants (with where their text is written), arrays, Phinx tables and the Magento services a
// migration talks to. Anything else is `unknown`, with the reason when one is worth telling the user.

import type { ColumnDefinition } from '../schema/operations';
import type { PhinxSchemaOperation } from './model';
import type { SqlSourceSegment } from './sqlSourceMap';

export type ScalarValue = string | number | boolean | null;

/** A Phinx `Table` object as the migration holds it; actions queue on it until create()/update()/save(). */
export interface TableHandle {
  /** undefined when the name is not a constant. */
  table: string | undefined;
  /** The second argument of table(): options only matter when the table is created. */
  options: SymbolicValue | undefined;
  /** Offsets of the `table()` call. */
  start: number;
  end: number;
  queue: QueuedAction[];
}

/** Where Phinx's plan puts an action (Plan::updatesSequence): column adds/changes/renames are one ALTER. */
export type ActionGroup = 'column' | 'foreign-key' | 'index' | 'remove-column' | 'table-move' | 'data' | 'table-comment';

export interface QueuedAction {
  group: ActionGroup;
  /** The operation it becomes; undefined for actions with no operation (changeComment). */
  operation: PhinxSchemaOperation | undefined;
  /** addColumn/addIndex/addForeignKey/insert: actions that fit a table being created. */
  adds: boolean;
  /** Offsets of the call, for unsaved-table reports. */
  start: number;
  end: number;
}

/** `$connection->newTable('x')->addColumn(...)`: a Magento DDL table definition for createTable(). */
export interface DdlTableDefinition {
  table: string | undefined;
  columns: ColumnDefinition[];
  indexes: Array<{ columns: string[]; name?: string; unique: boolean; indexType?: 'fulltext' }>;
}

export type ServiceKind =
  /** `$this` in a migration. */
  | 'migration'
  /** Magento's DB adapter (`$this->getConnection()`, `$setup->getConnection()`). */
  | 'magento-connection'
  /** `$this->schemaSetup`, `$this->dataSetup`, `$this->getSchemaSetup()`. */
  | 'magento-setup'
  | 'eav-setup'
  | 'eav-setup-factory'
  /** Phinx's own adapter (`$this->getAdapter()`). */
  | 'phinx-adapter'
  /** The PDO behind Phinx's adapter (`$this->getAdapter()->getConnection()`). */
  | 'pdo';

export type SymbolicValue =
  | {
      kind: 'scalar';
      value: ScalarValue;
      /** For strings: where each character is written (segments cover the text from 0 to its length). */
      segments?: SqlSourceSegment[];
      /** The class constant it came from (`FIRST` for MysqlAdapter::FIRST). */
      constantName?: string;
    }
  | { kind: 'array'; entries: Array<{ key: string | number; value: SymbolicValue }> }
  /** Phinx `Literal::from('...')` or Magento `new \Zend_Db_Expr('...')`: SQL written as is. */
  | { kind: 'literal'; sql: string }
  | { kind: 'table'; handle: TableHandle }
  | { kind: 'ddl-table'; definition: DdlTableDefinition }
  | { kind: 'service'; service: ServiceKind }
  | {
      kind: 'unknown';
      /** Why the value is not known, for messages ("the SQL is built by sprintf()"). */
      why?: string;
      /** Source text of the expression, e.g. an unresolved class constant. */
      text?: string;
      /** Set when the value is a void method's result (`save() returns nothing`): chaining on it fails. */
      returnedNothing?: string;
    };

export const UNKNOWN_VALUE: SymbolicValue = { kind: 'unknown' };

export function unknownBecause(why: string, text?: string): SymbolicValue {
  return { kind: 'unknown', why, text };
}

export type ScalarSymbol = Extract<SymbolicValue, { kind: 'scalar' }>;

export function scalar(value: ScalarValue): ScalarSymbol {
  return { kind: 'scalar', value };
}

export function stringOf(value: SymbolicValue | undefined): string | undefined {
  if (value?.kind !== 'scalar') return undefined;
  if (typeof value.value === 'string') return value.value;
  return typeof value.value === 'number' ? String(value.value) : undefined;
}

export function numberOf(value: SymbolicValue | undefined): number | undefined {
  if (value?.kind !== 'scalar') return undefined;
  if (typeof value.value === 'number') return value.value;
  if (typeof value.value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value.value)) return Number(value.value);
  return undefined;
}

export function booleanOf(value: SymbolicValue | undefined): boolean | undefined {
  if (value?.kind !== 'scalar' || value.value === null) return undefined;
  if (typeof value.value === 'boolean') return value.value;
  if (typeof value.value === 'number') return value.value !== 0;
  return value.value !== '' && value.value !== '0';
}

/** `$array['key']` (last entry wins, as in PHP); keys compare as strings and, for arrays of options, case-insensitively when asked. */
export function entryOf(value: SymbolicValue | undefined, key: string, caseInsensitive = false): SymbolicValue | undefined {
  if (value?.kind !== 'array') return undefined;
  const wanted = caseInsensitive ? key.toLowerCase() : key;
  for (let i = value.entries.length - 1; i >= 0; i--) {
    const entryKey = String(value.entries[i].key);
    if ((caseInsensitive ? entryKey.toLowerCase() : entryKey) === wanted) return value.entries[i].value;
  }
  return undefined;
}

export function hasEntry(value: SymbolicValue | undefined, key: string, caseInsensitive = false): boolean {
  return entryOf(value, key, caseInsensitive) !== undefined;
}

/** A column list: `'a'` or `['a', 'b']`; undefined when any name is not constant. */
export function stringListOf(value: SymbolicValue | undefined): string[] | undefined {
  const single = stringOf(value);
  if (single !== undefined) return [single];
  if (value?.kind !== 'array') return undefined;
  const names: string[] = [];
  for (const entry of value.entries) {
    const name = stringOf(entry.value);
    if (name === undefined) return undefined;
    names.push(name);
  }
  return names;
}

/** Two values PHP code could not tell apart (used when merging the branches of an if). */
export function sameValue(a: SymbolicValue | undefined, b: SymbolicValue | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'scalar':
      return b.kind === 'scalar' && a.value === b.value;
    case 'literal':
      return b.kind === 'literal' && a.sql === b.sql;
    case 'table':
      return b.kind === 'table' && a.handle === b.handle;
    case 'ddl-table':
      return b.kind === 'ddl-table' && a.definition === b.definition;
    case 'service':
      return b.kind === 'service' && a.service === b.service;
    case 'array':
      return b.kind === 'array' && a.entries.length === b.entries.length && a.entries.every((entry, i) => entry.key === b.entries[i].key && sameValue(entry.value, b.entries[i].value));
    default:
      return false;
  }
}
