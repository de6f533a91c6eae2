// Analysis room: the schema operations every migration source is translated into. Phinx PHP
// (Table API and the Magento adapter), raw SQL in execute()/query(), and db_schema.xml diffs all
// become SchemaOperation lists, so each backward-compatibility rule is written once, against these.
import type { Range } from '../types';

/** Where an operation came from, for messages ("removeColumn()" vs "DROP COLUMN"). */
export type OperationSource = 'phinx' | 'magento-adapter' | 'sql' | 'db-schema';

/** Which migration method the operation runs in. Sections B and C apply to 'up' and 'change'. */
export type MigrationPhase = 'up' | 'down' | 'change';

/** A stated value, so rules can tell "default removed" from "default not mentioned". */
export interface ColumnDefault {
  /** The literal default (string form), or the SQL expression text when `isExpression`. null = DEFAULT NULL. */
  value: string | null;
  isExpression: boolean;
}

/**
 * A column as an operation states it. Every field is optional: undefined means "not stated",
 * which matters for Phinx's changeColumn (unstated attributes are reset) and for new columns
 * (Phinx < 0.13: NOT NULL unless 'null' => true; >= 0.13: nullable unless 'null' => false).
 */
export interface ColumnDefinition {
  name: string;
  /** Normalised lower-case type: Phinx type names ('string', 'integer', 'biginteger', ...) or SQL ('varchar', 'int', ...). */
  type?: string;
  /** VARCHAR/CHAR length or Phinx 'limit'. */
  length?: number;
  precision?: number;
  scale?: number;
  nullable?: boolean;
  default?: ColumnDefault;
  /** false = signed, true = UNSIGNED. */
  unsigned?: boolean;
  autoIncrement?: boolean;
  comment?: string;
  charset?: string;
  collation?: string;
  /** ENUM/SET values in order. */
  values?: string[];
  generated?: 'stored' | 'virtual';
  /** 'after <column>' or 'first' positioning. */
  position?: { after: string } | 'first';
}

interface OperationBase {
  /** The call or SQL clause to underline. */
  range: Range;
  source: OperationSource;
  phase: MigrationPhase;
  /**
   * Operations sharing a batch id are sent to the server as ONE ALTER (a Phinx update()/save() of
   * column adds/changes/renames, or one raw ALTER statement). undefined = runs alone.
   */
  batch?: string;
  /** The table (without prefix); absent for database-level operations. */
  table?: string;
}

export type SchemaOperation =
  | (OperationBase & { kind: 'create-table'; table: string; columns: ColumnDefinition[] })
  | (OperationBase & { kind: 'drop-table'; table: string })
  | (OperationBase & { kind: 'rename-table'; table: string; newName: string })
  | (OperationBase & { kind: 'add-column'; table: string; column: ColumnDefinition })
  | (OperationBase & { kind: 'drop-column'; table: string; column: string })
  | (OperationBase & { kind: 'rename-column'; table: string; column: string; newName: string })
  /** changeColumn / MODIFY / CHANGE: `column` is the full new definition as stated; `column.name` may differ from `from` (a rename). */
  | (OperationBase & { kind: 'change-column'; table: string; from: string; column: ColumnDefinition })
  /** ALTER COLUMN x DROP DEFAULT / SET DEFAULT. */
  | (OperationBase & { kind: 'change-default'; table: string; column: string; default: ColumnDefault | undefined })
  | (OperationBase & { kind: 'add-index'; table: string; columns: string[]; name?: string; unique: boolean; indexType?: 'fulltext' | 'spatial' })
  | (OperationBase & { kind: 'drop-index'; table: string; columns?: string[]; name?: string })
  | (OperationBase & { kind: 'add-foreign-key'; table: string; columns: string[]; referencedTable: string; name?: string })
  | (OperationBase & { kind: 'drop-foreign-key'; table: string; columns?: string[]; name?: string })
  | (OperationBase & { kind: 'change-primary-key'; table: string; columns: string[] | undefined })
  /** ENGINE=, CONVERT TO CHARACTER SET, COLLATE, FORCE, OPTIMIZE TABLE: whole-table rebuilds. */
  | (OperationBase & { kind: 'rebuild-table'; table: string; reason: 'engine' | 'charset' | 'collation' | 'force' | 'optimize' })
  | (OperationBase & { kind: 'truncate-table'; table: string })
  | (OperationBase & { kind: 'delete-rows'; table: string; hasWhere: boolean })
  | (OperationBase & { kind: 'update-rows'; table: string; hasWhere: boolean })
  | (OperationBase & { kind: 'insert-rows'; table: string; fromSelect: boolean })
  | (OperationBase & { kind: 'drop-database'; name?: string })
  /** ALGORITHM=COPY or LOCK=SHARED|EXCLUSIVE written explicitly in raw SQL. */
  | (OperationBase & { kind: 'explicit-lock'; table: string; algorithm?: string; lock?: string })
  /** EAV: $eavSetup->removeAttribute(entity, code). */
  | (OperationBase & { kind: 'remove-eav-attribute'; entity: string; attribute: string })
  /** SQL that is not a literal or did not parse; `reason` says which. */
  | (OperationBase & { kind: 'unanalyzable-sql'; reason: string });

export type SchemaOperationKind = SchemaOperation['kind'];
