// Analysis room (pure): turns the column options a migration states into a ColumnDefinition. Only what
// is written is set: an option left out stays undefined, because Phinx's changeColumn() resets it.

import type { ColumnDefault, ColumnDefinition } from '../schema/operations';
import { PHINX_FIRST_POSITION } from './knownConstants';
import { booleanOf, entryOf, numberOf, stringOf, type SymbolicValue } from './symbolicValue';

/** Phinx `addColumn($name, $type, $options)` / `changeColumn($name, $type, $options)`; types keep their Phinx names. */
export function phinxColumnDefinition(name: string, type: SymbolicValue | undefined, options: SymbolicValue | undefined): ColumnDefinition {
  const column: ColumnDefinition = { name };
  const typeName = type?.kind === 'literal' ? type.sql : stringOf(type);
  if (typeName !== undefined) column.type = typeName.trim().toLowerCase();
  const option = (key: string) => entryOf(options, key);
  setIfDefined(column, 'length', numberOf(option('limit') ?? option('length')));
  setIfDefined(column, 'precision', numberOf(option('precision')));
  setIfDefined(column, 'scale', numberOf(option('scale')));
  setIfDefined(column, 'nullable', booleanOf(option('null')));
  if (option('default') !== undefined) setIfDefined(column, 'default', phinxDefault(option('default')));
  const signed = booleanOf(option('signed'));
  if (signed !== undefined) column.unsigned = !signed;
  setIfDefined(column, 'autoIncrement', booleanOf(option('identity')));
  setIfDefined(column, 'comment', stringOf(option('comment')));
  setIfDefined(column, 'collation', stringOf(option('collation')));
  setIfDefined(column, 'charset', stringOf(option('encoding')));
  setIfDefined(column, 'values', valueList(option('values')));
  setIfDefined(column, 'position', position(option('after')));
  return column;
}

function phinxDefault(value: SymbolicValue | undefined): ColumnDefault | undefined {
  if (!value) return undefined;
  if (value.kind === 'literal') return { value: value.sql, isExpression: true };
  if (value.kind !== 'scalar') return undefined;
  if (value.value === null) return { value: null, isExpression: false };
  // Phinx writes booleans as 0/1 and CURRENT_TIMESTAMP unquoted.
  if (typeof value.value === 'boolean') return { value: value.value ? '1' : '0', isExpression: false };
  const text = String(value.value);
  return { value: text, isExpression: /^current_timestamp(\(\d*\))?$/i.test(text.trim()) };
}

function valueList(value: SymbolicValue | undefined): string[] | undefined {
  const joined = stringOf(value);
  if (joined !== undefined) return joined.split(',').map((item) => item.trim());
  if (value?.kind !== 'array') return undefined;
  const values = value.entries.map((entry) => stringOf(entry.value));
  return values.every((item): item is string => item !== undefined) ? values : undefined;
}

function position(after: SymbolicValue | undefined): ColumnDefinition['position'] {
  if (after?.kind === 'scalar' && after.constantName === 'FIRST' && after.value === PHINX_FIRST_POSITION) return 'first';
  const column = stringOf(after);
  return column === undefined ? undefined : { after: column };
}

/**
 * Magento adapter `addColumn($table, $name, $definition)` / `changeColumn(..., $definition)` /
 * `modifyColumn(...)`: the definition array (`'type' => Table::TYPE_TEXT, 'length' => 255,
 * 'nullable' => false`). Types become MySQL names the way Magento's adapter maps them.
 */
export function magentoColumnDefinition(name: string, definition: SymbolicValue | undefined): ColumnDefinition {
  const column: ColumnDefinition = { name };
  if (definition?.kind !== 'array') return column;
  const option = (key: string) => entryOf(definition, key, true);
  const length = option('length') ?? option('size');
  Object.assign(column, magentoType(stringOf(option('type')), length));
  setIfDefined(column, 'precision', numberOf(option('precision')));
  setIfDefined(column, 'scale', numberOf(option('scale')));
  setIfDefined(column, 'nullable', booleanOf(option('nullable')));
  if (option('default') !== undefined) setIfDefined(column, 'default', magentoDefault(option('default')));
  setIfDefined(column, 'unsigned', booleanOf(option('unsigned')));
  setIfDefined(column, 'autoIncrement', booleanOf(option('identity') ?? option('auto_increment')));
  setIfDefined(column, 'comment', stringOf(option('comment')));
  setIfDefined(column, 'position', position(option('after')));
  return column;
}

/** Magento DDL `$table->addColumn($name, $type, $size, $options, $comment)`. */
export function magentoDdlColumnDefinition(name: string, type: SymbolicValue | undefined, size: SymbolicValue | undefined, options: SymbolicValue | undefined, comment: SymbolicValue | undefined): ColumnDefinition {
  const column = magentoColumnDefinition(name, options);
  const typed = magentoType(stringOf(type), size ?? entryOf(options, 'length', true));
  Object.assign(column, typed);
  // DECIMAL sizes are written '12,4' or [12, 4].
  const sizeText = stringOf(size);
  if (typed.type === 'decimal' && sizeText !== undefined && /^\s*\d+\s*,\s*\d+\s*$/.test(sizeText)) {
    const [precision, scale] = sizeText.split(',').map((part) => Number(part.trim()));
    column.precision = precision;
    column.scale = scale;
  } else if (typed.type === 'decimal' && size?.kind === 'array') {
    setIfDefined(column, 'precision', numberOf(size.entries[0]?.value));
    setIfDefined(column, 'scale', numberOf(size.entries[1]?.value));
  }
  setIfDefined(column, 'comment', stringOf(comment) ?? column.comment);
  return column;
}

const MAGENTO_TEXT_DEFAULT_SIZE = 1024;

/** What Magento's Pdo\Mysql adapter creates for a DDL type (TEXT up to 255 is a VARCHAR). */
function magentoType(type: string | undefined, length: SymbolicValue | undefined): Pick<ColumnDefinition, 'type' | 'length'> {
  if (type === undefined) return {};
  const ddlType = type.toLowerCase();
  if (ddlType === 'text' || ddlType === 'blob' || ddlType === 'varbinary') {
    const size = textSize(length) ?? MAGENTO_TEXT_DEFAULT_SIZE;
    const text = ddlType === 'text';
    if (size <= 255) return { type: text ? 'varchar' : 'varbinary', length: size };
    if (size <= 65536) return { type: text ? 'text' : 'blob' };
    if (size <= 16777216) return { type: text ? 'mediumtext' : 'mediumblob' };
    return { type: text ? 'longtext' : 'longblob' };
  }
  const mapped: Record<string, string> = { integer: 'int', numeric: 'decimal', bool: 'boolean' };
  const result: Pick<ColumnDefinition, 'type' | 'length'> = { type: mapped[ddlType] ?? ddlType };
  const numericLength = numberOf(length);
  if (numericLength !== undefined && ddlType !== 'decimal' && ddlType !== 'numeric') result.length = numericLength;
  return result;
}

/** Magento accepts '64k', '2M', '1G' as text sizes. */
function textSize(length: SymbolicValue | undefined): number | undefined {
  const numeric = numberOf(length);
  if (numeric !== undefined) return numeric;
  const match = /^\s*(\d+)\s*([kmg])\s*$/i.exec(stringOf(length) ?? '');
  if (!match) return undefined;
  const factor = { k: 1024, m: 1024 * 1024, g: 1024 * 1024 * 1024 }[match[2].toLowerCase() as 'k' | 'm' | 'g'];
  return Number(match[1]) * factor;
}

function magentoDefault(value: SymbolicValue | undefined): ColumnDefault | undefined {
  if (value?.kind === 'literal') return { value: value.sql, isExpression: true };
  if (value?.kind === 'scalar' && (value.value === 'TIMESTAMP_INIT' || value.value === 'TIMESTAMP_INIT_UPDATE')) return { value: 'CURRENT_TIMESTAMP', isExpression: true };
  return phinxDefault(value);
}

function setIfDefined<K extends keyof ColumnDefinition>(column: ColumnDefinition, key: K, value: ColumnDefinition[K] | undefined): void {
  if (value !== undefined) column[key] = value;
}
