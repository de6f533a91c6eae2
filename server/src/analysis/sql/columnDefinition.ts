// Analysis room: a SQL column definition (ADD/CHANGE/MODIFY COLUMN, CREATE TABLE item) as a
// ColumnDefinition. Type, nullability and options come from node-sql-parser's AST; the DEFAULT is read
// from the tokens, because rules need its written form and whether it is an expression.
import type { ColumnDefault, ColumnDefinition } from '../schema/operations';
import { astName, astStringValue, type AstAlterSpec, type AstDataType } from './mysqlParser';
import type { SqlToken } from './sqlTokens';
import { findTopLevelWord, indexAfterGroup, joinTokens } from './tokenCursor';

/** Types whose number in parentheses is a length in characters, bytes or bits. */
const LENGTH_TYPES = new Set(['char', 'varchar', 'binary', 'varbinary', 'bit', 'text', 'blob']);
/** Types whose parentheses hold precision (and scale). */
const PRECISION_TYPES = new Set(['decimal', 'float', 'double']);
/** Fractional-second precision, stored as `precision`. */
const TIME_TYPES = new Set(['datetime', 'timestamp', 'time']);
/** Synonyms MySQL stores as another type, so a MODIFY to a synonym is not read as a type change. */
const TYPE_SYNONYMS: Record<string, string> = {
  integer: 'int',
  numeric: 'decimal',
  dec: 'decimal',
  fixed: 'decimal',
  real: 'double',
  boolean: 'tinyint',
  bool: 'tinyint',
};

/**
 * `spec` is the parsed column specification, `name` the column's (new) name, `tokens` the source of
 * the same clause. Integer display widths (INT(11)) are left out: they are not lengths and MySQL 8
 * deprecates them.
 */
export function columnDefinitionFrom(spec: AstAlterSpec, name: string, tokens: readonly SqlToken[]): ColumnDefinition {
  const column: ColumnDefinition = { name };
  const dataType = Array.isArray(spec.definition) ? undefined : spec.definition;
  if (dataType?.dataType) readDataType(dataType, column);

  if (spec.nullable?.type === 'not null') column.nullable = false;
  else if (spec.nullable?.type === 'null') column.nullable = true;

  const defaultAt = findTopLevelWord(tokens, 'DEFAULT');
  if (defaultAt >= 0) {
    const stated = readDefaultValue(tokens, defaultAt + 1);
    if (stated) column.default = stated.value;
  }
  if (spec.auto_increment) column.autoIncrement = true;

  const comment = astStringValue(spec.comment?.value);
  if (comment !== undefined) column.comment = comment;
  const charset = spec.character_set?.value?.value;
  if (typeof charset === 'string') column.charset = charset.toLowerCase();
  const collation = spec.collate?.collate?.name;
  if (typeof collation === 'string') column.collation = collation.toLowerCase();

  if (spec.generated) column.generated = spec.generated.storage_type === 'stored' ? 'stored' : 'virtual';

  const position = spec.suffix;
  if (position?.keyword?.toUpperCase() === 'FIRST') column.position = 'first';
  else if (position?.keyword?.toUpperCase() === 'AFTER') {
    const after = astName(position.expr);
    if (after) column.position = { after };
  }
  return column;
}

function readDataType(dataType: AstDataType, column: ColumnDefinition): void {
  const written = String(dataType.dataType).toLowerCase();
  const type = TYPE_SYNONYMS[written] ?? written;
  column.type = type;
  const length = typeof dataType.length === 'number' ? dataType.length : undefined;
  const scale = typeof dataType.scale === 'number' ? dataType.scale : undefined;
  if (length !== undefined) {
    if (LENGTH_TYPES.has(type)) column.length = length;
    else if (PRECISION_TYPES.has(type) || TIME_TYPES.has(type)) column.precision = length;
  }
  if (scale !== undefined && PRECISION_TYPES.has(type)) column.scale = scale;

  const suffix = (dataType.suffix ?? []).map((word) => String(word).toUpperCase());
  if (suffix.includes('UNSIGNED')) column.unsigned = true;
  else if (suffix.includes('SIGNED')) column.unsigned = false;

  if ((type === 'enum' || type === 'set') && Array.isArray(dataType.expr?.value)) {
    column.values = dataType.expr.value.map((item) => astStringValue(item) ?? String(item.value));
  }
}

/** Words that make the following string a plain literal (_utf8mb4'x', N'x'). */
const STRING_INTRODUCER = /^(_[a-z0-9]+|n)$/i;
/** Words that make the following string a hex or bit literal kept as written (X'0F', b'1'). */
const BINARY_LITERAL_PREFIX = /^[xb]$/i;

/**
 * Reads a DEFAULT value starting at `index` (the token after DEFAULT). Literals give their value
 * (strings unescaped, TRUE/FALSE as '1'/'0', NULL as null); `(expr)`, CURRENT_TIMESTAMP and other
 * functions are expressions, given as their text.
 */
export function readDefaultValue(tokens: readonly SqlToken[], index: number): { value: ColumnDefault; end: number } | undefined {
  const token = tokens[index];
  if (!token) return undefined;
  const next = tokens[index + 1];
  const gluedString = next?.kind === 'string' && next.start === token.end ? next : undefined;
  if (token.kind === 'string') return { value: { value: token.value, isExpression: false }, end: index + 1 };
  if (token.kind === 'number') return { value: { value: token.text, isExpression: false }, end: index + 1 };
  if (token.kind === 'symbol' && (token.text === '-' || token.text === '+') && next?.kind === 'number') {
    return { value: { value: (token.text === '-' ? '-' : '') + next.text, isExpression: false }, end: index + 2 };
  }
  if (token.kind === 'symbol' && token.text === '(') {
    const after = indexAfterGroup(tokens, index);
    return { value: { value: joinTokens(tokens.slice(index + 1, after - 1)), isExpression: true }, end: after };
  }
  if (token.kind !== 'word') return undefined;
  if (gluedString && STRING_INTRODUCER.test(token.text)) return { value: { value: gluedString.value, isExpression: false }, end: index + 2 };
  if (gluedString && BINARY_LITERAL_PREFIX.test(token.text)) {
    return { value: { value: token.text + gluedString.text, isExpression: false }, end: index + 2 };
  }
  if (token.upper === 'NULL') return { value: { value: null, isExpression: false }, end: index + 1 };
  if (token.upper === 'TRUE' || token.upper === 'FALSE') {
    return { value: { value: token.upper === 'TRUE' ? '1' : '0', isExpression: false }, end: index + 1 };
  }
  // CURRENT_TIMESTAMP, NOW(), CURRENT_TIMESTAMP(6), LOCALTIMESTAMP...: evaluated per row, so an expression.
  const end = next?.kind === 'symbol' && next.text === '(' ? indexAfterGroup(tokens, index + 1) : index + 1;
  return { value: { value: joinTokens(tokens.slice(index, end)), isExpression: true }, end };
}
