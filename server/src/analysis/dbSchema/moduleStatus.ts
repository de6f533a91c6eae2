// Analysis room: which modules app/etc/config.php enables (`'modules' => ['Vendor_Module' => 1|0]`),
// read statically with phpStaticValue, and the module-disable-drops-tables check: a declarative schema
// is read only from ENABLED modules, so the next setup:upgrade drops whatever a disabled module's
// db_schema.xml declared (tables it owns, columns it added to other tables), as far as the
// whitelists allow.
import type { Node } from 'php-parser';
import { parsePhp } from '../php/parsePhp';
import { evaluatePhp, evaluateReturnedValue, isPhpArray, lookupPhp, type PhpValue } from '../php/phpStaticValue';
import { TextLines } from '../textLines';
import type { Range } from '../types';
import { extendsTableDeclaredElsewhere, type DbSchemaDocument } from './dbSchemaXml';
import { isColumnWhitelisted, isTableWhitelisted, type DbSchemaWhitelist } from './whitelist';

export interface ModuleStatusEntry {
  module: string;
  enabled: boolean;
  /** The whole `'Vendor_Module' => 0` entry. */
  range: Range;
  /** The value (`0` / `1`). */
  valueRange: Range;
}

export interface ModuleStatusFile {
  /** By module name; the last entry wins, as in a PHP array. */
  modules: ReadonlyMap<string, ModuleStatusEntry>;
  /** Module names whose value is not a constant 0/1 (a function call, a constant...). */
  unreadable: string[];
  /** Why nothing could be read (syntax error, no `modules` array); undefined when the file was read. */
  problem: string | undefined;
}

type AnyNode = Node & Record<string, unknown>;

const ZERO_RANGE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function readModuleStatus(configPhpText: string): ModuleStatusFile {
  const lines = new TextLines(configPhpText);
  const empty = (problem: string): ModuleStatusFile => ({ modules: new Map(), unreadable: [], problem });
  const { program, errors } = parsePhp(configPhpText, 'config.php');
  // The parser's message carries the line ("... on line 2"); its line field is not always set.
  if (errors.length > 0) return empty(`app/etc/config.php has a PHP syntax error: ${errors[0].message}`);
  const returned = evaluateReturnedValue(program.children, '');
  const modulesValue = lookupPhp(returned, 'modules');
  if (!isPhpArray(modulesValue)) return empty("app/etc/config.php does not return a constant array with a 'modules' list");

  const modules = new Map<string, ModuleStatusEntry>();
  const unreadable: string[] = [];
  const entryNodes = moduleEntryNodes(program.children as AnyNode[]);
  for (const { key, value } of modulesValue.entries) {
    if (typeof key !== 'string') continue;
    const enabled = toEnabled(value);
    if (enabled === undefined) {
      unreadable.push(key);
      continue;
    }
    const node = entryNodes.get(key);
    modules.set(key, {
      module: key,
      enabled,
      range: rangeOfNode(node, lines),
      valueRange: rangeOfNode(node?.value as AnyNode | undefined, lines),
    });
  }
  return { modules, unreadable, problem: undefined };
}

// Magento casts the flag with (bool)/(int); written values are 0/1, sometimes true/false or '0'/'1'.
function toEnabled(value: PhpValue): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) return Number(value) !== 0;
  return undefined;
}

/** The AST entries of the returned `'modules' => [...]` array, by module name, for their positions. */
function moduleEntryNodes(children: AnyNode[]): Map<string, AnyNode> {
  const entries = new Map<string, AnyNode>();
  const returnedArray = returnedArrayNode(children);
  const modulesEntry = arrayEntries(returnedArray).find((entry) => stringKeyOf(entry) === 'modules');
  for (const entry of arrayEntries(modulesEntry?.value as AnyNode | undefined)) {
    const key = stringKeyOf(entry);
    if (key !== undefined) entries.set(key, entry);
  }
  return entries;
}

// config.php is `return [...];`, occasionally `$config = [...]; return $config;`.
function returnedArrayNode(children: AnyNode[]): AnyNode | undefined {
  const assigned = new Map<string, AnyNode>();
  for (const child of children) {
    if (child.kind === 'expressionstatement') {
      const expression = child.expression as AnyNode;
      const left = expression.left as AnyNode | undefined;
      if (expression.kind === 'assign' && left?.kind === 'variable' && typeof left.name === 'string') assigned.set(left.name, expression.right as AnyNode);
    } else if (child.kind === 'return') {
      const expression = child.expr as AnyNode | undefined;
      if (expression?.kind === 'variable' && typeof expression.name === 'string') return assigned.get(expression.name);
      return expression;
    }
  }
  return undefined;
}

function arrayEntries(node: AnyNode | undefined): AnyNode[] {
  if (node?.kind !== 'array' || !Array.isArray(node.items)) return [];
  return (node.items as AnyNode[]).filter((item) => item?.kind === 'entry');
}

function stringKeyOf(entry: AnyNode): string | undefined {
  const key = entry.key as AnyNode | null | undefined;
  if (!key) return undefined;
  const value = evaluatePhp(key, { dir: '', variables: new Map() });
  return typeof value === 'string' ? value : undefined;
}

function rangeOfNode(node: AnyNode | undefined, lines: TextLines): Range {
  const loc = node?.loc as { start: { offset: number }; end: { offset: number } } | undefined | null;
  return loc ? lines.rangeOf(loc.start.offset, loc.end.offset) : ZERO_RANGE;
}

/** What a module's declarative schema would take with it if the module were disabled. */
export interface DeclarativeFootprint {
  /** Tables the module owns (declares in full): dropped. */
  tables: string[];
  /** Columns the module adds to tables declared elsewhere: dropped from those tables. */
  columns: Array<{ table: string; column: string }>;
}

export interface FootprintOptions {
  /** The module's whitelist: Magento drops only what a whitelist lists. */
  whitelist: DbSchemaWhitelist;
  /** As in DbSchemaDiffOptions: tables that other modules declare (the module only extends them). */
  tablesDeclaredElsewhere?: ReadonlySet<string>;
}

export function declarativeFootprint(document: DbSchemaDocument, options: FootprintOptions): DeclarativeFootprint {
  const footprint: DeclarativeFootprint = { tables: [], columns: [] };
  if (document.syntaxError) return footprint;
  for (const table of document.tables) {
    if (table.disabled) continue;
    if (!extendsTableDeclaredElsewhere(table, options.tablesDeclaredElsewhere)) {
      if (isTableWhitelisted(options.whitelist, table.name) && !footprint.tables.includes(table.name)) footprint.tables.push(table.name);
      continue;
    }
    for (const column of table.columns) {
      // Overrides (no xsi:type) of another module's column fall back to its definition rather than being dropped.
      if (column.disabled || column.xsiType === undefined || !isColumnWhitelisted(options.whitelist, table.name, column.name)) continue;
      footprint.columns.push({ table: table.name, column: column.name });
    }
  }
  return footprint;
}

export interface ModuleDisableDrop {
  module: string;
  /** The module's `=> 0` entry in the current config.php. */
  range: Range;
  tables: string[];
  columns: Array<{ table: string; column: string }>;
}

/**
 * module-disable-drops-tables: modules set to 0 whose declarative schema would be dropped. With a
 * baseline config.php only modules that were enabled there are reported (a module that was already
 * off lost its tables long ago); a module absent from the baseline is not reported either, since the
 * change that matters is 1 -> 0.
 */
export function findModulesDisablingTables(current: ModuleStatusFile, baseline: ModuleStatusFile | undefined, footprints: ReadonlyMap<string, DeclarativeFootprint>): ModuleDisableDrop[] {
  const drops: ModuleDisableDrop[] = [];
  for (const entry of current.modules.values()) {
    if (entry.enabled) continue;
    if (baseline && baseline.modules.get(entry.module)?.enabled !== true) continue;
    const footprint = footprints.get(entry.module);
    if (!footprint || (footprint.tables.length === 0 && footprint.columns.length === 0)) continue;
    drops.push({ module: entry.module, range: entry.range, tables: [...footprint.tables], columns: [...footprint.columns] });
  }
  return drops;
}
