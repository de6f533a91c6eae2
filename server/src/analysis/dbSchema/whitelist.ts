// Analysis room: etc/db_schema_whitelist.json, the list of elements a module's declarative schema may
// DROP. Magento's Diff::canBeRegistered() lets a destructive operation (drop table/column/index/
// constraint/foreign key) through only when isset($whitelist[table][type][name]) holds, where name is
// the element's name IN THE DATABASE: the column name, and for indexes and constraints the name Magento
// generates from table and columns (the referenceId is not used), except PRIMARY. An element removed
// from db_schema.xml but missing here is silently KEPT.
import { TextLines } from '../textLines';
import type { Range } from '../types';
import type { DbSchemaConstraint, DbSchemaDocument, DbSchemaIndex, DbSchemaTable } from './dbSchemaXml';

export type WhitelistSection = 'column' | 'index' | 'constraint';

export interface WhitelistedTable {
  column: ReadonlySet<string>;
  index: ReadonlySet<string>;
  constraint: ReadonlySet<string>;
}

export interface DbSchemaWhitelist {
  /** Tables listed with a non-null value (PHP isset() semantics: `false` still counts). */
  tables: ReadonlyMap<string, WhitelistedTable>;
}

export interface WhitelistSyntaxError {
  message: string;
  /** Range in db_schema_whitelist.json. */
  range: Range;
}

export interface WhitelistReadResult {
  whitelist: DbSchemaWhitelist;
  /** false when there is no file: then nothing is whitelisted and no removal is ever applied. */
  present: boolean;
  /** The file exists but Magento cannot use it (setup:upgrade fails on it). */
  error: WhitelistSyntaxError | undefined;
}

export const EMPTY_WHITELIST: DbSchemaWhitelist = { tables: new Map() };

const ZERO_RANGE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** `jsonText` undefined = the module has no db_schema_whitelist.json. Never throws. */
export function readWhitelist(jsonText: string | undefined): WhitelistReadResult {
  if (jsonText === undefined) return { whitelist: EMPTY_WHITELIST, present: false, error: undefined };
  const lines = new TextLines(jsonText);
  // PHP's json_decode() returns null for a leading BOM, and Magento then fails merging the whitelists.
  if (jsonText.charCodeAt(0) === 0xfeff) {
    return { whitelist: EMPTY_WHITELIST, present: true, error: { message: 'the file starts with a byte-order mark, which PHP json_decode() rejects', range: lines.rangeOf(0, 1) } };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(jsonText);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { whitelist: EMPTY_WHITELIST, present: true, error: { message, range: jsonErrorRange(message, jsonText, lines) } };
  }
  if (!isJsonObject(parsed)) {
    return { whitelist: EMPTY_WHITELIST, present: true, error: { message: 'the top level must be an object of table names', range: lines.rangeOf(0, Math.min(jsonText.length, 1)) } };
  }
  const tables = new Map<string, WhitelistedTable>();
  for (const [tableName, tableValue] of Object.entries(parsed)) {
    if (tableValue === null) continue;
    const sections = isJsonObject(tableValue) ? tableValue : {};
    tables.set(tableName, { column: keysOf(sections.column), index: keysOf(sections.index), constraint: keysOf(sections.constraint) });
  }
  return { whitelist: { tables }, present: true, error: undefined };
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function keysOf(section: unknown): ReadonlySet<string> {
  if (!isJsonObject(section)) return new Set();
  return new Set(Object.entries(section).filter(([, value]) => value !== null).map(([key]) => key));
}

// V8 says "... in JSON at position N" for most errors and "Unexpected end of JSON input" at the end.
function jsonErrorRange(message: string, text: string, lines: TextLines): Range {
  const position = /at position (\d+)/.exec(message);
  if (position) {
    const offset = Number(position[1]);
    return lines.rangeOf(offset, Math.min(offset + 1, text.length));
  }
  if (/end of JSON input/i.test(message)) return lines.rangeOf(text.length, text.length);
  return ZERO_RANGE;
}

/** Longest identifier MySQL accepts; longer generated names are shortened by Magento (see below). */
const MYSQL_IDENTIFIER_LENGTH = 64;

export interface WhitelistKeys {
  section: WhitelistSection;
  /** Keys that, when present, make Magento (or a Magento fork's naming) find the element. */
  candidates: string[];
  /**
   * false when the database name could not be computed: over 64 characters Magento abbreviates words
   * from its own dictionary and then hashes, which this analysis does not reproduce. Such elements are
   * treated as whitelisted when removed (the drop is reported) and never reported as missing.
   */
  certain: boolean;
}

/**
 * The whitelist keys of an index or constraint of `table`. Magento names them (ResourceConnection::
 * getIdxName / getFkName, upper-cased): index, fulltext and unique `TABLE_COL1_COL2`; foreign key
 * `TABLE_COLUMN_REFTABLE_REFCOLUMN`; primary `PRIMARY`. Some forks prefix IDX_/UNQ_/FTI_/FK_, and
 * hand-written whitelists often use the referenceId: both are accepted, to avoid false alarms.
 */
export function whitelistKeysOf(table: string, element: { kind: 'index'; index: DbSchemaIndex } | { kind: 'constraint'; constraint: DbSchemaConstraint }): WhitelistKeys {
  if (element.kind === 'index') {
    const index = element.index;
    const prefix = index.indexType === 'fulltext' ? 'FTI_' : 'IDX_';
    return generatedKeys('index', [table, ...index.columns].join('_'), prefix, index.referenceId);
  }
  const constraint = element.constraint;
  if (constraint.xsiType === 'primary') return { section: 'constraint', candidates: ['PRIMARY'], certain: true };
  if (constraint.xsiType === 'foreign') {
    const parts = [table, constraint.columns[0] ?? '', constraint.referenceTable ?? '', constraint.referenceColumn ?? ''];
    return generatedKeys('constraint', parts.join('_'), 'FK_', constraint.referenceId);
  }
  return generatedKeys('constraint', [table, ...constraint.columns].join('_'), 'UNQ_', constraint.referenceId);
}

function generatedKeys(section: WhitelistSection, baseName: string, forkPrefix: string, referenceId: string | undefined): WhitelistKeys {
  const candidates: string[] = [];
  const generated = baseName.toUpperCase();
  const certain = generated.length <= MYSQL_IDENTIFIER_LENGTH;
  if (certain) candidates.push(generated);
  if ((forkPrefix + generated).length <= MYSQL_IDENTIFIER_LENGTH) candidates.push(forkPrefix + generated);
  if (referenceId && !candidates.includes(referenceId)) candidates.push(referenceId);
  return { section, candidates, certain };
}

export type WhitelistVerdict = 'listed' | 'not-listed' | 'unknown';

export function isTableWhitelisted(whitelist: DbSchemaWhitelist, table: string): boolean {
  return whitelist.tables.has(table);
}

export function isColumnWhitelisted(whitelist: DbSchemaWhitelist, table: string, column: string): boolean {
  return whitelist.tables.get(table)?.column.has(column) ?? false;
}

export function whitelistVerdict(whitelist: DbSchemaWhitelist, table: string, keys: WhitelistKeys): WhitelistVerdict {
  const section = whitelist.tables.get(table)?.[keys.section];
  if (section && keys.candidates.some((key) => section.has(key))) return 'listed';
  return keys.certain ? 'not-listed' : 'unknown';
}

export type WhitelistProblemKind = 'whitelist-missing' | 'whitelist-invalid' | 'table-not-whitelisted' | 'column-not-whitelisted' | 'index-not-whitelisted' | 'constraint-not-whitelisted';

export interface WhitelistProblem {
  kind: WhitelistProblemKind;
  /** Which file `range` points into. */
  file: 'db_schema.xml' | 'db_schema_whitelist.json';
  range: Range;
  table?: string;
  /** Column name or referenceId. */
  element?: string;
  /** The key Magento would look for (the first candidate), to put in the whitelist. */
  expectedKey?: string;
  /** The JSON parser's message for 'whitelist-invalid'. */
  detail?: string;
}

/**
 * What in db_schema.xml the whitelist does not cover: a later removal of such an element would be
 * silently skipped by Magento. Disabled elements are skipped (they are on their way out). When a table
 * is missing altogether, one problem is reported for it instead of one per element.
 */
export function whitelistProblems(schema: DbSchemaDocument, whitelist: WhitelistReadResult): WhitelistProblem[] {
  if (whitelist.error) {
    return [{ kind: 'whitelist-invalid', file: 'db_schema_whitelist.json', range: whitelist.error.range, detail: whitelist.error.message }];
  }
  if (schema.syntaxError) return [];
  // A table element that only disables another module's elements declares nothing a later change could drop.
  const declaredTables = schema.tables.filter((table) => !table.disabled && declaresSomething(table));
  if (!whitelist.present) {
    return declaredTables.length > 0 ? [{ kind: 'whitelist-missing', file: 'db_schema.xml', range: declaredTables[0].tagRange }] : [];
  }
  const problems: WhitelistProblem[] = [];
  for (const table of declaredTables) {
    if (!isTableWhitelisted(whitelist.whitelist, table.name)) {
      problems.push({ kind: 'table-not-whitelisted', file: 'db_schema.xml', range: table.tagRange, table: table.name, expectedKey: table.name });
      continue;
    }
    for (const column of table.columns) {
      // A column without xsi:type overrides another module's column: that module's whitelist covers it.
      if (column.disabled || column.xsiType === undefined || isColumnWhitelisted(whitelist.whitelist, table.name, column.name)) continue;
      problems.push({ kind: 'column-not-whitelisted', file: 'db_schema.xml', range: column.tagRange, table: table.name, element: column.name, expectedKey: column.name });
    }
    for (const constraint of table.constraints) {
      if (constraint.disabled || !isKnownConstraintType(constraint.xsiType)) continue;
      const keys = whitelistKeysOf(table.name, { kind: 'constraint', constraint });
      if (whitelistVerdict(whitelist.whitelist, table.name, keys) !== 'not-listed') continue;
      problems.push({ kind: 'constraint-not-whitelisted', file: 'db_schema.xml', range: constraint.tagRange, table: table.name, element: constraint.referenceId, expectedKey: keys.candidates[0] });
    }
    for (const index of table.indexes) {
      if (index.disabled) continue;
      const keys = whitelistKeysOf(table.name, { kind: 'index', index });
      if (whitelistVerdict(whitelist.whitelist, table.name, keys) !== 'not-listed') continue;
      problems.push({ kind: 'index-not-whitelisted', file: 'db_schema.xml', range: index.tagRange, table: table.name, element: index.referenceId, expectedKey: keys.candidates[0] });
    }
  }
  return problems;
}

function declaresSomething(table: DbSchemaTable): boolean {
  const children = [...table.columns, ...table.constraints, ...table.indexes];
  return children.length === 0 || children.some((child) => !child.disabled);
}

export function isKnownConstraintType(xsiType: string | undefined): xsiType is 'primary' | 'unique' | 'foreign' {
  return xsiType === 'primary' || xsiType === 'unique' || xsiType === 'foreign';
}
