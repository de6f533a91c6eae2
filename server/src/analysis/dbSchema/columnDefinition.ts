// Analysis room: turns a db_schema.xml <column> into the shared ColumnDefinition with Magento's own
// defaults applied, so a column that merely restates a default is not reported as changed.
// Defaults checked against Magento\Framework\Setup\Declaration\Schema\Dto\Factories and Dto\Columns
// (2.4): nullable defaults to true for every type and identity forces NOT NULL; varchar/char/varbinary
// length defaults to 255; decimal precision/scale default to 10/0 (float/double have none); unsigned
// and identity default to false.
import type { ColumnDefault, ColumnDefinition } from '../schema/operations';
import type { DbSchemaColumn } from './dbSchemaXml';

/** Groups of xsi:type that Magento builds with the same DTO (and so the same attributes). */
export type ColumnTypeFamily = 'integer' | 'real' | 'string' | 'text' | 'blob' | 'date' | 'timestamp' | 'boolean' | 'json' | 'unknown';

const TYPE_FAMILIES: ReadonlyMap<string, ColumnTypeFamily> = new Map(Object.entries({
  tinyint: 'integer',
  smallint: 'integer',
  int: 'integer',
  bigint: 'integer',
  decimal: 'real',
  float: 'real',
  double: 'real',
  varchar: 'string',
  char: 'string',
  varbinary: 'string',
  text: 'text',
  mediumtext: 'text',
  longtext: 'text',
  blob: 'blob',
  mediumblob: 'blob',
  longblob: 'blob',
  date: 'date',
  datetime: 'timestamp',
  timestamp: 'timestamp',
  boolean: 'boolean',
  json: 'json',
} satisfies Record<string, ColumnTypeFamily>));

/** Magento's StringBinary::DEFAULT_TEXT_LENGTH. */
export const DEFAULT_STRING_LENGTH = 255;
/** Magento's Real::DEFAULT_PRECISION / DEFAULT_SCALE, applied to decimal only. */
export const DEFAULT_DECIMAL_PRECISION = 10;
export const DEFAULT_DECIMAL_SCALE = 0;

export function columnTypeFamily(xsiType: string | undefined): ColumnTypeFamily {
  return (xsiType !== undefined ? TYPE_FAMILIES.get(xsiType) : undefined) ?? 'unknown';
}

export function columnDefinitionOf(column: DbSchemaColumn): ColumnDefinition {
  if (column.xsiType === undefined) return statedAttributesOf(column);
  const family = columnTypeFamily(column.xsiType);
  const definition: ColumnDefinition = {
    name: column.name,
    type: column.xsiType,
    nullable: column.identity === true ? false : column.nullable ?? true,
  };
  if (family === 'string') definition.length = column.length ?? DEFAULT_STRING_LENGTH;
  if (family === 'real') {
    const isDecimal = column.xsiType === 'decimal';
    const precision = column.precision ?? (isDecimal ? DEFAULT_DECIMAL_PRECISION : undefined);
    const scale = column.scale ?? (isDecimal ? DEFAULT_DECIMAL_SCALE : undefined);
    if (precision !== undefined) definition.precision = precision;
    if (scale !== undefined) definition.scale = scale;
  }
  if (family === 'integer' || family === 'real') definition.unsigned = column.unsigned ?? false;
  if (family === 'integer') definition.autoIncrement = column.identity ?? false;
  const columnDefault = normalizeDefault(family, column.default);
  if (columnDefault !== undefined) definition.default = columnDefault;
  if (column.comment !== undefined) definition.comment = column.comment;
  return definition;
}

/**
 * A <column> without xsi:type only overrides attributes of a column another module declares (Magento
 * merges the two by name): just what it states is known, so nothing is defaulted.
 */
function statedAttributesOf(column: DbSchemaColumn): ColumnDefinition {
  const definition: ColumnDefinition = { name: column.name };
  if (column.identity === true) definition.nullable = false;
  else if (column.nullable !== undefined) definition.nullable = column.nullable;
  if (column.length !== undefined) definition.length = column.length;
  if (column.precision !== undefined) definition.precision = column.precision;
  if (column.scale !== undefined) definition.scale = column.scale;
  if (column.unsigned !== undefined) definition.unsigned = column.unsigned;
  if (column.identity !== undefined) definition.autoIncrement = column.identity;
  const columnDefault = normalizeDefault('unknown', column.default);
  if (columnDefault !== undefined) definition.default = columnDefault;
  if (column.comment !== undefined) definition.comment = column.comment;
  return definition;
}

/**
 * The default in a comparable form: Magento casts int defaults with (int), real ones with (float) and
 * boolean ones with toBoolean, so "0.00" and "0" are the same default. `null` (any case) is DEFAULT
 * NULL: the xsd's own spelling for integers, and Magento's marker for timestamps. CURRENT_TIMESTAMP on
 * date/time columns is an expression.
 */
export function normalizeDefault(family: ColumnTypeFamily, raw: string | undefined): ColumnDefault | undefined {
  if (raw === undefined) return undefined;
  const trimmed = raw.trim();
  if (trimmed.toLowerCase() === 'null') return { value: null, isExpression: false };
  switch (family) {
    case 'integer': {
      const parsed = Number.parseInt(trimmed, 10);
      return { value: Number.isNaN(parsed) ? raw : String(parsed), isExpression: false };
    }
    case 'real': {
      const parsed = Number.parseFloat(trimmed);
      return { value: Number.isNaN(parsed) ? raw : String(parsed), isExpression: false };
    }
    case 'boolean': {
      const lower = trimmed.toLowerCase();
      if (lower === 'true' || lower === '1') return { value: '1', isExpression: false };
      if (lower === 'false' || lower === '0') return { value: '0', isExpression: false };
      return { value: raw, isExpression: false };
    }
    case 'timestamp':
    case 'date':
      if (/^current_timestamp(\(\))?$/i.test(trimmed)) return { value: 'CURRENT_TIMESTAMP', isExpression: true };
      return { value: raw, isExpression: false };
    default:
      return { value: raw, isExpression: false };
  }
}

/** What changed between two definitions of the same column, in the order rules care about. */
export type ColumnAspect = 'type' | 'length' | 'precision' | 'scale' | 'unsigned' | 'nullable' | 'autoIncrement' | 'default' | 'onUpdate' | 'comment';

export function changedColumnAspects(before: DbSchemaColumn, after: DbSchemaColumn): ColumnAspect[] {
  const old = columnDefinitionOf(before);
  const now = columnDefinitionOf(after);
  const changed: ColumnAspect[] = [];
  if (old.type !== now.type) changed.push('type');
  if (old.length !== now.length) changed.push('length');
  if (old.precision !== now.precision) changed.push('precision');
  if (old.scale !== now.scale) changed.push('scale');
  if (old.unsigned !== now.unsigned) changed.push('unsigned');
  if (old.nullable !== now.nullable) changed.push('nullable');
  if (old.autoIncrement !== now.autoIncrement) changed.push('autoIncrement');
  if (!sameDefault(old.default, now.default)) changed.push('default');
  if (normalizeOnUpdate(before.onUpdate) !== normalizeOnUpdate(after.onUpdate)) changed.push('onUpdate');
  if ((old.comment ?? '') !== (now.comment ?? '')) changed.push('comment');
  return changed;
}

function sameDefault(a: ColumnDefault | undefined, b: ColumnDefault | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.value === b.value && a.isExpression === b.isExpression;
}

// Magento's Timestamp factory reads on_update as a boolean ("true" = ON UPDATE CURRENT_TIMESTAMP).
function normalizeOnUpdate(raw: string | undefined): boolean {
  if (raw === undefined) return false;
  const value = raw.trim().toLowerCase();
  return value === 'true' || value === '1' || value === 'current_timestamp';
}
