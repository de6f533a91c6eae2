// Analysis room: the schema as the migrations leave it. Built by replaying earlier migrations in
// version order (all modules together, as Phinx runs them) on top of the tables db_schema.xml
// declares, so rules can ask "what did this column look like before this migration?".
import type { ColumnDefinition, SchemaOperation } from './operations';

export interface IndexState {
  name?: string;
  columns: string[];
  unique: boolean;
}

/**
 * A table's columns by lower-case name. An overlay's copy of a table only records its own changes and
 * reads the rest through to the parent's: tables that earlier migrations grew to hundreds of columns
 * are touched by most migrations, and copying them for each one's replay cost more than the rules.
 */
export class TableColumns {
  private readonly own = new Map<string, ColumnDefinition | undefined>();

  constructor(
    columns: Iterable<readonly [string, ColumnDefinition]> = [],
    private readonly base?: TableColumns,
  ) {
    for (const [key, column] of columns) this.own.set(key, column);
  }

  get(key: string): ColumnDefinition | undefined {
    if (this.own.has(key)) return this.own.get(key);
    return this.base?.get(key);
  }

  set(key: string, column: ColumnDefinition): void {
    this.own.set(key, column);
  }

  delete(key: string): void {
    // Only a layer needs to remember a removal; its base still has the column.
    if (this.base) this.own.set(key, undefined);
    else this.own.delete(key);
  }

  /** The base's columns in its order, then this layer's (a changed column moves to the end). */
  *entries(): IterableIterator<[string, ColumnDefinition]> {
    if (this.base) {
      for (const entry of this.base.entries()) if (!this.own.has(entry[0])) yield entry;
    }
    for (const [key, column] of this.own) if (column !== undefined) yield [key, column];
  }

  has(key: string): boolean {
    if (this.own.has(key)) return this.own.get(key) !== undefined;
    return this.base?.has(key) ?? false;
  }

  *values(): IterableIterator<ColumnDefinition> {
    for (const [, column] of this.entries()) yield column;
  }
}

export interface TableState {
  name: string;
  columns: TableColumns;
  indexes: IndexState[];
  /** Where the table was created or declared (a project path): for messages. */
  origin: string;
}

export class SchemaModel {
  private readonly tables = new Map<string, TableState>();
  /** Tables of the parent this overlay removed. */
  private readonly removed = new Set<string>();

  /** An overlay reads through to `parent` and copies a table on its first change (see overlay()). */
  private constructor(private readonly parent?: SchemaModel) {}

  static empty(): SchemaModel {
    return new SchemaModel();
  }

  table(name: string): TableState | undefined {
    const key = name.toLowerCase();
    const own = this.tables.get(key);
    if (own || this.removed.has(key)) return own;
    return this.parent?.table(key);
  }

  column(table: string, column: string): ColumnDefinition | undefined {
    return this.table(table)?.columns.get(column.toLowerCase());
  }

  declareTable(name: string, columns: ColumnDefinition[], origin: string, indexes: IndexState[] = []): void {
    this.setTable(name, { name, columns: new TableColumns(columns.map((column) => [column.name.toLowerCase(), column] as const)), indexes, origin });
  }

  private setTable(name: string, table: TableState): void {
    this.tables.set(name.toLowerCase(), table);
    this.removed.delete(name.toLowerCase());
  }

  private removeTable(name: string): void {
    this.tables.delete(name.toLowerCase());
    if (this.parent) this.removed.add(name.toLowerCase());
  }

  /** The table, made this model's own (copied from the parent) so it can be changed. */
  private writable(name: string): TableState | undefined {
    const key = name.toLowerCase();
    const own = this.tables.get(key);
    if (own || this.removed.has(key)) return own;
    const inherited = this.parent?.table(key);
    if (!inherited) return undefined;
    const layer: TableState = { ...inherited, columns: new TableColumns([], inherited.columns), indexes: [...inherited.indexes] };
    this.tables.set(key, layer);
    return layer;
  }

  /** An independent copy: later changes to either side do not show in the other. */
  clone(): SchemaModel {
    const copy = new SchemaModel();
    for (const name of this.tableNames()) copy.tables.set(name, copyTable(this.table(name)!));
    return copy;
  }

  /**
   * A cheap view for one migration's replay: reads fall through to this model, changes stay in the
   * overlay. This model must not change while the overlay is in use.
   */
  overlay(): SchemaModel {
    return new SchemaModel(this);
  }

  private tableNames(): Set<string> {
    const names = new Set(this.parent ? this.parent.tableNames() : []);
    for (const name of this.removed) names.delete(name);
    for (const name of this.tables.keys()) names.add(name);
    return names;
  }

  /**
   * Applies what runs when migrating up; `down()` operations are not part of the forward schema.
   * `phinxColumnsNullable` is what the installed Phinx makes of a column that does not state 'null'
   * (SQL, Magento's adapter and db_schema.xml default to NULL; identity columns are NOT NULL).
   */
  apply(operation: SchemaOperation, origin: string, phinxColumnsNullable = true): void {
    if (operation.phase === 'down') return;
    if (operation.source === 'phinx') operation = withPhinxNullability(operation, phinxColumnsNullable);
    const table = 'table' in operation && operation.table && operation.kind !== 'create-table' && operation.kind !== 'drop-table' ? this.writable(operation.table) : undefined;
    switch (operation.kind) {
      case 'create-table':
        this.declareTable(operation.table, operation.columns, origin);
        break;
      case 'drop-table':
        this.removeTable(operation.table);
        break;
      case 'rename-table':
        if (table) {
          this.removeTable(operation.table);
          this.setTable(operation.newName, { ...table, name: operation.newName });
        }
        break;
      case 'add-column':
        table?.columns.set(operation.column.name.toLowerCase(), operation.column);
        break;
      case 'drop-column':
        table?.columns.delete(operation.column.toLowerCase());
        break;
      case 'rename-column': {
        const column = table?.columns.get(operation.column.toLowerCase());
        if (table && column) {
          table.columns.delete(operation.column.toLowerCase());
          table.columns.set(operation.newName.toLowerCase(), { ...column, name: operation.newName });
        }
        break;
      }
      case 'change-column':
        if (table) {
          table.columns.delete(operation.from.toLowerCase());
          table.columns.set(operation.column.name.toLowerCase(), operation.column);
        }
        break;
      case 'change-default': {
        const column = table?.columns.get(operation.column.toLowerCase());
        if (table && column) table.columns.set(operation.column.toLowerCase(), { ...column, default: operation.default });
        break;
      }
      case 'add-index':
        table?.indexes.push({ name: operation.name, columns: operation.columns, unique: operation.unique });
        break;
      case 'drop-index':
        if (table) table.indexes = table.indexes.filter((index) => !matchesIndex(index, operation.name, operation.columns));
        break;
      default:
        break;
    }
  }
}

function withPhinxNullability(operation: SchemaOperation, nullable: boolean): SchemaOperation {
  const resolve = (column: ColumnDefinition): ColumnDefinition => (column.nullable !== undefined ? column : { ...column, nullable: column.autoIncrement ? false : nullable });
  switch (operation.kind) {
    case 'create-table':
      return { ...operation, columns: operation.columns.map(resolve) };
    case 'add-column':
    case 'change-column':
      return { ...operation, column: resolve(operation.column) };
    default:
      return operation;
  }
}

function copyTable(table: TableState): TableState {
  return { ...table, columns: new TableColumns(table.columns.entries()), indexes: [...table.indexes] };
}

export function matchesIndex(index: IndexState, name: string | undefined, columns: string[] | undefined): boolean {
  if (name !== undefined) return index.name?.toLowerCase() === name.toLowerCase();
  return columns !== undefined && index.columns.length === columns.length && index.columns.every((column, at) => column.toLowerCase() === columns[at].toLowerCase());
}
