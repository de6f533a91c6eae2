// Analysis room: one vocabulary for column types. Phinx type names, MySQL types and Magento's
// db_schema.xml xsi:types all map onto MySQL's own type names, so "was it changed?" compares like with like.
import type { ColumnDefinition } from './operations';

const PHINX_TO_MYSQL: Record<string, string> = {
  string: 'varchar',
  char: 'char',
  integer: 'int',
  biginteger: 'bigint',
  smallinteger: 'smallint',
  tinyinteger: 'tinyint',
  boolean: 'tinyint',
  uuid: 'char',
  binaryuuid: 'binary',
  // db_schema.xml's name for FLOAT(p,s)-like reals
  real: 'double',
};

/** Lengths MySQL/Phinx assume when none is stated. */
const DEFAULT_LENGTH: Record<string, number> = { varchar: 255, char: 255, binary: 255, varbinary: 255 };

export interface CanonicalType {
  type: string;
  length?: number;
  precision?: number;
  scale?: number;
}

export function canonicalType(column: ColumnDefinition): CanonicalType | undefined {
  if (!column.type) return undefined;
  const raw = column.type.toLowerCase();
  let type = PHINX_TO_MYSQL[raw] ?? raw;
  let length = column.length;
  if (raw === 'boolean') length = 1;
  if (raw === 'uuid') length = 36;
  if (raw === 'binaryuuid') length = 16;
  // Phinx 'text' with a limit picks the text type by size (MysqlAdapter::TEXT_*).
  if (raw === 'text' && length !== undefined) {
    type = length <= 255 ? 'tinytext' : length <= 65535 ? 'text' : length <= 16777215 ? 'mediumtext' : 'longtext';
    length = undefined;
  }
  if (length === undefined && DEFAULT_LENGTH[type] !== undefined) length = DEFAULT_LENGTH[type];
  return { type, length, precision: column.precision, scale: column.scale };
}

const INTEGER_RANK: Record<string, number> = { tinyint: 1, smallint: 2, mediumint: 3, int: 4, integer: 4, bigint: 5 };
const TEXT_RANK: Record<string, number> = { tinytext: 1, text: 2, mediumtext: 3, longtext: 4 };

/** True when every value of `from` fits in `to` without change: a widening, which still may copy the table. */
export function isWidening(from: CanonicalType, to: CanonicalType): boolean {
  if (INTEGER_RANK[from.type] && INTEGER_RANK[to.type]) return INTEGER_RANK[to.type] >= INTEGER_RANK[from.type];
  if (TEXT_RANK[from.type] && TEXT_RANK[to.type]) return TEXT_RANK[to.type] >= TEXT_RANK[from.type];
  if (from.type === 'char' && to.type === 'varchar') return (to.length ?? 0) >= (from.length ?? 0);
  return false;
}

export function describeType(type: CanonicalType): string {
  if (type.precision !== undefined) return `${type.type}(${type.precision}${type.scale !== undefined ? `,${type.scale}` : ''})`;
  if (type.length !== undefined && !['int', 'bigint', 'smallint', 'tinyint', 'mediumint'].includes(type.type)) return `${type.type}(${type.length})`;
  return type.type;
}

/** Bytes per character of a character set (utf8mb4 unless stated: Magento 2.4.4+ installs use it). */
export function bytesPerChar(charset: string | undefined): number {
  const name = (charset ?? 'utf8mb4').toLowerCase();
  if (name === 'utf8' || name === 'utf8mb3') return 3;
  if (name === 'latin1' || name === 'ascii' || name === 'binary') return 1;
  return 4;
}
