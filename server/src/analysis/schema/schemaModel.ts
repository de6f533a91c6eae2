// Analysis room: the schema as the migrations leave it. Built by replaying earlier migrations in
// version order (all modules together, as Phinx runs them) on top of the tables db_schema.xml
// declares, so rules can ask "what did this column look like before this migration?".
import type { ColumnDefinition, SchemaOperation } from './operations';

export interface IndexState {
  name?: string;
  columns: string[];
  unique: boolean;
}

export interface TableState {
  name: string;
  columns: Map<string, ColumnDefinition>;
  indexes: IndexState[];
  /** Where the table was created or declared (a project path): for messages. */
  origin: string;
}

export class SchemaModel {
  private readonly tables = new Map<string, TableState>();

  table(name: string): TableState | undefined {
    return this.tables.get(name.toLowerCase());
  }

  column(table: string, column: string): ColumnDefinition | undefined {
    return this.table(table)?.columns.get(column.toLowerCase());
  }

  declareTable(name: string, columns: ColumnDefinition[], origin: string, indexes: IndexState[] = []): void {
    this.tables.set(name.toLowerCase(), { name, columns: new Map(columns.map((column) => [column.name.toLowerCase(), column])), indexes, origin });
  }

  clone(): SchemaModel {
    const copy = new SchemaModel();
    for (const [key, table] of this.tables) copy.tables.set(key, { ...table, columns: new Map(table.columns), indexes: [...table.indexes] });
    return copy;
  }

  /** Applies what runs when migrating up; `down()` operations are not part of the forward schema. */
  apply(operation: SchemaOperation, origin: string): void {
    if (operation.phase === 'down') return;
    const table = 'table' in operation && operation.table ? this.table(operation.table) : undefined;
    switch (operation.kind) {
      case 'create-table':
        this.declareTable(operation.table, operation.columns, origin);
        break;
      case 'drop-table':
        this.tables.delete(operation.table.toLowerCase());
        break;
      case 'rename-table':
        if (table) {
          this.tables.delete(operation.table.toLowerCase());
          this.tables.set(operation.newName.toLowerCase(), { ...table, name: operation.newName });
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

export function matchesIndex(index: IndexState, name: string | undefined, columns: string[] | undefined): boolean {
  if (name !== undefined) return index.name?.toLowerCase() === name.toLowerCase();
  return columns !== undefined && index.columns.length === columns.length && index.columns.every((column, at) => column.toLowerCase() === columns[at].toLowerCase());
}
