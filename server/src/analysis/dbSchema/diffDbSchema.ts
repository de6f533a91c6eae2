// Analysis room: translates a change of one module's etc/db_schema.xml (baseline -> current) into the
// SchemaOperations that `setup:upgrade` will run, so the backward-compatibility rules apply to
// declarative schema exactly as to Phinx and SQL. Follows Magento's own diff
// (Setup\Declaration\Schema\Diff\TableDiff): columns are matched by name, indexes and constraints by
// the name Magento generates from their columns (so a changed column list is a drop plus an add, and a
// renamed referenceId is nothing); drops only happen when db_schema_whitelist.json lists the element.
import type { ColumnDefinition, SchemaOperation } from '../schema/operations';
import type { Range } from '../types';
import { changedColumnAspects, columnDefinitionOf } from './columnDefinition';
import { extendsTableDeclaredElsewhere, parseDbSchemaXml, type DbSchemaColumn, type DbSchemaConstraint, type DbSchemaDocument, type DbSchemaIndex, type DbSchemaTable } from './dbSchemaXml';
import {
  isColumnWhitelisted,
  isKnownConstraintType,
  isTableWhitelisted,
  whitelistKeysOf,
  whitelistVerdict,
  type DbSchemaWhitelist,
} from './whitelist';

export interface DbSchemaDiffOptions {
  /** The module's db_schema_whitelist.json (readWhitelist(undefined).whitelist when it has none). */
  whitelist: DbSchemaWhitelist;
  /**
   * Tables other modules (or Magento core) declare. A table listed here already exists, so this file
   * only adds to it: its columns are add-column, not create-table. When not given, a table element
   * with no primary key and no resource/engine/comment/onCreate attribute is taken to extend a table
   * declared elsewhere (how Magento modules extend core tables).
   */
  tablesDeclaredElsewhere?: ReadonlySet<string>;
}

/** An element the baseline declared, the current file no longer declares, and the whitelist does not list: Magento keeps it. */
export interface UnwhitelistedRemoval {
  table: string;
  element: 'table' | 'column' | 'index' | 'constraint';
  /** Table name, column name or referenceId. */
  name: string;
  /** Keys Magento would look for in db_schema_whitelist.json (any one is enough). */
  whitelistKeys: string[];
  /** The table element in the current file, or line 0 when the table is gone. */
  range: Range;
}

export interface DbSchemaDiff {
  operations: SchemaOperation[];
  /** whitelist-out-of-sync: removals Magento silently skips. */
  unwhitelistedRemovals: UnwhitelistedRemoval[];
  current: DbSchemaDocument;
  baseline: DbSchemaDocument | undefined;
  /** Set when nothing was compared because a file is not well-formed XML (Magento cannot load it either). */
  notComparedReason: string | undefined;
}

const FILE_START: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
const MIGRATE_COLUMN = /^\s*migrateDataFrom\(\s*([^()\s]+)\s*\)\s*$/;
const MIGRATE_TABLE = /^\s*migrateDataFromAnotherTable\(\s*([^()\s]+)\s*\)\s*$/;

export function diffDbSchema(baselineText: string | undefined, currentText: string, options: DbSchemaDiffOptions): DbSchemaDiff {
  const current = parseDbSchemaXml(currentText);
  const baseline = baselineText === undefined ? undefined : parseDbSchemaXml(baselineText);
  const result: DbSchemaDiff = { operations: [], unwhitelistedRemovals: [], current, baseline, notComparedReason: undefined };
  if (current.syntaxError) {
    result.notComparedReason = `db_schema.xml is not well-formed XML (${current.syntaxError.message})`;
    return result;
  }
  if (baseline?.syntaxError) {
    result.notComparedReason = `the baseline db_schema.xml is not well-formed XML (${baseline.syntaxError.message})`;
    return result;
  }
  try {
    new SchemaDiffer(options, result).run(tablesByName(baseline), tablesByName(current));
  } catch (error) {
    // Defensive, like parseDbSchemaXml: a lint reports what it could not do instead of crashing the server.
    const message = error instanceof Error ? error.message : String(error);
    return { ...result, operations: [], unwhitelistedRemovals: [], notComparedReason: `db_schema.xml could not be compared (${message})` };
  }
  return result;
}

// Magento merges repeated declarations; the last one of a name wins here, like its array_replace().
function tablesByName(document: DbSchemaDocument | undefined): Map<string, DbSchemaTable> {
  const tables = new Map<string, DbSchemaTable>();
  for (const table of document?.tables ?? []) tables.set(table.name, table);
  return tables;
}

function lastByKey<T>(items: T[], keyOf: (item: T) => string | undefined): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) {
    const key = keyOf(item);
    if (key !== undefined) map.set(key, item);
  }
  return map;
}

function enabled<T extends { disabled: boolean }>(item: T | undefined): T | undefined {
  return item && !item.disabled ? item : undefined;
}

/** How Magento tells a constraint apart in the database: by the name it generates from the columns. */
function constraintIdentity(constraint: DbSchemaConstraint): string | undefined {
  const columns = constraint.columns.map((column) => column.toLowerCase()).join(',');
  switch (constraint.xsiType) {
    case 'primary':
      return 'primary';
    case 'unique':
      return `unique(${columns})`;
    case 'foreign':
      return `foreign(${columns})->${(constraint.referenceTable ?? '').toLowerCase()}(${(constraint.referenceColumn ?? '').toLowerCase()})`;
    default:
      return undefined;
  }
}

// btree and hash share one generated name and InnoDB builds both as B-trees: only fulltext differs.
function indexIdentity(index: DbSchemaIndex): string {
  return `${index.indexType === 'fulltext' ? 'fulltext' : 'index'}(${index.columns.map((column) => column.toLowerCase()).join(',')})`;
}

class SchemaDiffer {
  constructor(
    private readonly options: DbSchemaDiffOptions,
    private readonly result: DbSchemaDiff,
  ) {}

  run(baseTables: Map<string, DbSchemaTable>, currentTables: Map<string, DbSchemaTable>): void {
    const renamedFrom = this.tableRenames(baseTables, currentTables);
    const coveredByRename = new Set(renamedFrom.values());
    for (const table of currentTables.values()) {
      const base = baseTables.get(table.name);
      if (table.disabled) {
        if (!base?.disabled && !coveredByRename.has(table.name)) this.push({ kind: 'drop-table', table: table.name, range: table.tagRange });
        continue;
      }
      const baseEnabled = enabled(base);
      if (baseEnabled || this.extendsExistingTable(table)) {
        this.diffTable(baseEnabled, table);
        continue;
      }
      const oldName = renamedFrom.get(table.name);
      if (oldName !== undefined) {
        this.push({ kind: 'rename-table', table: oldName, newName: table.name, range: table.tagRange });
      } else {
        const columns = table.columns.filter((column) => !column.disabled).map(columnDefinitionOf);
        this.push({ kind: 'create-table', table: table.name, columns, range: table.tagRange });
      }
    }
    for (const base of baseTables.values()) {
      if (base.disabled || currentTables.has(base.name) || coveredByRename.has(base.name)) continue;
      if (this.extendsExistingTable(base)) {
        this.diffRemovedChildren(base, FILE_START);
      } else if (isTableWhitelisted(this.options.whitelist, base.name)) {
        this.push({ kind: 'drop-table', table: base.name, range: FILE_START });
      } else {
        this.notWhitelisted(base.name, 'table', base.name, [base.name], FILE_START);
      }
    }
  }

  /**
   * New tables created with onCreate="migrateDataFromAnotherTable(old)" whose old table goes away:
   * Magento copies the rows, then drops the old table, which old code still uses: a rename for the
   * rules. The old table goes away when this file disables it, or when it is whitelisted and declared
   * by no one any more. Otherwise it stays (only a copy) and the new table is reported as created.
   */
  private tableRenames(baseTables: Map<string, DbSchemaTable>, currentTables: Map<string, DbSchemaTable>): Map<string, string> {
    const renames = new Map<string, string>();
    for (const table of currentTables.values()) {
      if (table.disabled || enabled(baseTables.get(table.name)) || this.extendsExistingTable(table)) continue;
      const oldName = MIGRATE_TABLE.exec(table.onCreate ?? '')?.[1];
      if (oldName === undefined || enabled(currentTables.get(oldName))) continue;
      const disabledHere = currentTables.get(oldName)?.disabled === true;
      const droppedAsUndeclared = isTableWhitelisted(this.options.whitelist, oldName) && !this.options.tablesDeclaredElsewhere?.has(oldName);
      if (disabledHere || droppedAsUndeclared) renames.set(table.name, oldName);
    }
    return renames;
  }

  private extendsExistingTable(table: DbSchemaTable): boolean {
    return extendsTableDeclaredElsewhere(table, this.options.tablesDeclaredElsewhere);
  }

  /** `base` undefined: the table exists (declared elsewhere) but this file did not touch it before. */
  private diffTable(base: DbSchemaTable | undefined, table: DbSchemaTable): void {
    if (base) this.diffTableOptions(base, table);
    this.diffColumns(base, table);
    this.diffConstraints(base, table);
    this.diffIndexes(base, table);
  }

  private diffTableOptions(base: DbSchemaTable, table: DbSchemaTable): void {
    // Magento's Table factory defaults the engine to innodb; charset/collation defaults depend on the server, so only stated values are compared.
    if ((base.engine ?? 'innodb') !== (table.engine ?? 'innodb')) this.push({ kind: 'rebuild-table', table: table.name, reason: 'engine', range: table.tagRange });
    if (base.charset?.toLowerCase() !== table.charset?.toLowerCase()) this.push({ kind: 'rebuild-table', table: table.name, reason: 'charset', range: table.tagRange });
    if (base.collation?.toLowerCase() !== table.collation?.toLowerCase()) this.push({ kind: 'rebuild-table', table: table.name, reason: 'collation', range: table.tagRange });
  }

  private diffColumns(base: DbSchemaTable | undefined, table: DbSchemaTable): void {
    const baseColumns = lastByKey(base?.columns ?? [], (column) => column.name);
    const currentColumns = lastByKey(table.columns, (column) => column.name);
    const renamedFrom = new Map<string, string>();
    for (const column of currentColumns.values()) {
      if (column.disabled || enabled(baseColumns.get(column.name))) continue;
      const oldName = this.columnRenameSource(column, currentColumns, table.name);
      if (oldName !== undefined) renamedFrom.set(column.name, oldName);
    }
    const renamedAway = new Set(renamedFrom.values());
    for (const column of currentColumns.values()) {
      const before = baseColumns.get(column.name);
      if (column.disabled) {
        if (!before?.disabled && !renamedAway.has(column.name)) this.push({ kind: 'drop-column', table: table.name, column: column.name, range: column.tagRange });
        continue;
      }
      const beforeEnabled = enabled(before);
      if (beforeEnabled) {
        this.diffColumn(beforeEnabled, column, table);
        continue;
      }
      const oldName = renamedFrom.get(column.name);
      if (oldName !== undefined) {
        this.push({ kind: 'rename-column', table: table.name, column: oldName, newName: column.name, range: column.tagRange });
      } else if (column.xsiType === undefined) {
        // No xsi:type: the element overrides attributes of another module's column, it adds nothing.
        this.push({ kind: 'change-column', table: table.name, from: column.name, column: columnDefinitionOf(column), range: column.tagRange });
      } else {
        this.push({ kind: 'add-column', table: table.name, column: columnDefinitionOf(column), range: column.tagRange });
      }
    }
    if (!base) return;
    for (const before of baseColumns.values()) {
      if (before.disabled || currentColumns.has(before.name) || renamedAway.has(before.name)) continue;
      // Dropping an override (no xsi:type) hands the column back to its owner's definition; nothing is dropped.
      if (before.xsiType === undefined) continue;
      this.removeColumn(table.name, before.name, table.tagRange);
    }
  }

  /** Same idea as tableRenames(), for onCreate="migrateDataFrom(old)" on a new column. */
  private columnRenameSource(column: DbSchemaColumn, currentColumns: Map<string, DbSchemaColumn>, table: string): string | undefined {
    const oldName = MIGRATE_COLUMN.exec(column.onCreate ?? '')?.[1];
    if (oldName === undefined || enabled(currentColumns.get(oldName))) return undefined;
    const disabledHere = currentColumns.get(oldName)?.disabled === true;
    return disabledHere || isColumnWhitelisted(this.options.whitelist, table, oldName) ? oldName : undefined;
  }

  private diffColumn(before: DbSchemaColumn, after: DbSchemaColumn, table: DbSchemaTable): void {
    // A comment is metadata only: Magento runs a MODIFY for it, but nothing changes for old code.
    const changed = changedColumnAspects(before, after).filter((aspect) => aspect !== 'comment');
    if (changed.length === 0) return;
    const definition: ColumnDefinition = columnDefinitionOf(after);
    if (changed.length === 1 && changed[0] === 'default') {
      this.push({ kind: 'change-default', table: table.name, column: after.name, default: definition.default, range: after.tagRange });
      return;
    }
    this.push({ kind: 'change-column', table: table.name, from: before.name, column: definition, range: after.tagRange });
  }

  private removeColumn(table: string, column: string, range: Range): void {
    if (isColumnWhitelisted(this.options.whitelist, table, column)) {
      this.push({ kind: 'drop-column', table, column, range });
    } else {
      this.notWhitelisted(table, 'column', column, [column], range);
    }
  }

  private diffConstraints(base: DbSchemaTable | undefined, table: DbSchemaTable): void {
    const disabledNow = this.disabledByReferenceId(base?.constraints ?? [], table.constraints);
    for (const constraint of table.constraints.filter((candidate) => candidate.disabled)) {
      if (constraint.referenceId === undefined || !disabledNow.has(constraint.referenceId)) continue;
      const declared = base?.constraints.find((candidate) => candidate.referenceId === constraint.referenceId && !candidate.disabled);
      this.pushConstraintDrop(table.name, declared ?? constraint, constraint.tagRange);
    }
    const baseByIdentity = lastByKey((base?.constraints ?? []).filter((constraint) => !constraint.disabled), constraintIdentity);
    const currentByIdentity = lastByKey(table.constraints.filter((constraint) => !constraint.disabled), constraintIdentity);
    for (const [identity, constraint] of currentByIdentity) {
      const before = baseByIdentity.get(identity);
      if (!before) {
        this.pushConstraintAdd(table.name, constraint);
      } else if (constraint.xsiType === 'primary' && !sameColumns(before.columns, constraint.columns)) {
        // Magento drops PRIMARY and adds it again; without PRIMARY in the whitelist only the add is tried (and fails).
        this.push({ kind: 'change-primary-key', table: table.name, columns: constraint.columns, range: constraint.tagRange });
        this.requireWhitelisted(table.name, before, table.tagRange);
      } else if (constraint.xsiType === 'foreign' && (before.onDelete ?? 'CASCADE') !== (constraint.onDelete ?? 'CASCADE')) {
        // A changed ON DELETE is a drop of the foreign key and an add of the new one.
        if (this.requireWhitelisted(table.name, before, table.tagRange)) this.pushConstraintDrop(table.name, before, constraint.tagRange);
        this.pushConstraintAdd(table.name, constraint);
      }
    }
    if (!base) return;
    for (const [identity, before] of baseByIdentity) {
      if (currentByIdentity.has(identity)) continue;
      if (before.referenceId !== undefined && disabledNow.has(before.referenceId)) continue;
      if (this.requireWhitelisted(table.name, before, table.tagRange)) this.pushConstraintDrop(table.name, before, table.tagRange);
    }
  }

  private diffIndexes(base: DbSchemaTable | undefined, table: DbSchemaTable): void {
    const disabledNow = this.disabledByReferenceId(base?.indexes ?? [], table.indexes);
    for (const index of table.indexes.filter((candidate) => candidate.disabled)) {
      if (index.referenceId === undefined || !disabledNow.has(index.referenceId)) continue;
      const declared = base?.indexes.find((candidate) => candidate.referenceId === index.referenceId && !candidate.disabled);
      const columns = (declared ?? index).columns;
      this.push({ kind: 'drop-index', table: table.name, name: index.referenceId, columns: columns.length > 0 ? columns : undefined, range: index.tagRange });
    }
    const baseByIdentity = lastByKey((base?.indexes ?? []).filter((index) => !index.disabled), indexIdentity);
    const currentByIdentity = lastByKey(table.indexes.filter((index) => !index.disabled), indexIdentity);
    for (const [identity, index] of currentByIdentity) {
      if (baseByIdentity.has(identity)) continue;
      this.push({
        kind: 'add-index',
        table: table.name,
        columns: index.columns,
        name: index.referenceId,
        unique: false,
        ...(index.indexType === 'fulltext' ? { indexType: 'fulltext' as const } : {}),
        range: index.tagRange,
      });
    }
    if (!base) return;
    for (const [identity, before] of baseByIdentity) {
      if (currentByIdentity.has(identity)) continue;
      if (before.referenceId !== undefined && disabledNow.has(before.referenceId)) continue;
      const keys = whitelistKeysOf(table.name, { kind: 'index', index: before });
      if (whitelistVerdict(this.options.whitelist, table.name, keys) === 'not-listed') {
        this.notWhitelisted(table.name, 'index', before.referenceId ?? keys.candidates[0], keys.candidates, table.tagRange);
      } else {
        this.push({ kind: 'drop-index', table: table.name, name: before.referenceId, columns: before.columns, range: table.tagRange });
      }
    }
  }

  /** referenceIds newly disabled in this file (not already disabled in the baseline). */
  private disabledByReferenceId(baseElements: Array<DbSchemaConstraint | DbSchemaIndex>, currentElements: Array<DbSchemaConstraint | DbSchemaIndex>): Set<string> {
    const alreadyDisabled = new Set(baseElements.filter((element) => element.disabled).map((element) => element.referenceId));
    const ids = new Set<string>();
    for (const element of currentElements) {
      if (element.disabled && element.referenceId !== undefined && !alreadyDisabled.has(element.referenceId)) ids.add(element.referenceId);
    }
    return ids;
  }

  /** Records a whitelist-out-of-sync finding when Magento would skip dropping `constraint`; true when the drop happens. */
  private requireWhitelisted(table: string, constraint: DbSchemaConstraint, range: Range): boolean {
    const keys = whitelistKeysOf(table, { kind: 'constraint', constraint });
    if (whitelistVerdict(this.options.whitelist, table, keys) !== 'not-listed') return true;
    this.notWhitelisted(table, 'constraint', constraint.referenceId ?? keys.candidates[0], keys.candidates, range);
    return false;
  }

  private pushConstraintAdd(table: string, constraint: DbSchemaConstraint): void {
    const range = constraint.tagRange;
    if (constraint.xsiType === 'primary') {
      this.push({ kind: 'change-primary-key', table, columns: constraint.columns, range });
    } else if (constraint.xsiType === 'unique') {
      this.push({ kind: 'add-index', table, columns: constraint.columns, name: constraint.referenceId, unique: true, range });
    } else if (constraint.xsiType === 'foreign') {
      this.push({ kind: 'add-foreign-key', table, columns: constraint.columns, referencedTable: constraint.referenceTable ?? '', name: constraint.referenceId, range });
    }
  }

  private pushConstraintDrop(table: string, constraint: DbSchemaConstraint, range: Range): void {
    const columns = constraint.columns.length > 0 ? constraint.columns : undefined;
    if (constraint.xsiType === 'primary') {
      this.push({ kind: 'change-primary-key', table, columns: undefined, range });
    } else if (constraint.xsiType === 'foreign') {
      this.push({ kind: 'drop-foreign-key', table, columns, name: constraint.referenceId, range });
    } else if (isKnownConstraintType(constraint.xsiType) || constraint.xsiType === undefined) {
      // unique, or a constraint of another module disabled without restating its type: dropped as an index.
      this.push({ kind: 'drop-index', table, columns, name: constraint.referenceId, range });
    }
  }

  private diffRemovedChildren(base: DbSchemaTable, range: Range): void {
    for (const column of base.columns) {
      if (!column.disabled && column.xsiType !== undefined) this.removeColumn(base.name, column.name, range);
    }
    for (const constraint of base.constraints) {
      if (constraint.disabled || !isKnownConstraintType(constraint.xsiType)) continue;
      if (this.requireWhitelisted(base.name, constraint, range)) this.pushConstraintDrop(base.name, constraint, range);
    }
    for (const index of base.indexes) {
      if (index.disabled) continue;
      const keys = whitelistKeysOf(base.name, { kind: 'index', index });
      if (whitelistVerdict(this.options.whitelist, base.name, keys) === 'not-listed') {
        this.notWhitelisted(base.name, 'index', index.referenceId ?? keys.candidates[0], keys.candidates, range);
      } else {
        this.push({ kind: 'drop-index', table: base.name, name: index.referenceId, columns: index.columns, range });
      }
    }
  }

  private notWhitelisted(table: string, element: UnwhitelistedRemoval['element'], name: string, whitelistKeys: string[], range: Range): void {
    this.result.unwhitelistedRemovals.push({ table, element, name, whitelistKeys, range });
  }

  /**
   * Adds the common fields. Operations on an existing table share one batch: Magento's DbSchemaWriter
   * sends all statements of a table as ONE `ALTER TABLE` (it splits them only on MariaDB 10.x).
   */
  private push(operation: DistributiveOmit<SchemaOperation, 'source' | 'phase'>): void {
    const batch = operation.table !== undefined && isAlterOperation(operation.kind) ? `db-schema:${operation.table}` : undefined;
    this.result.operations.push({ ...operation, source: 'db-schema', phase: 'up', ...(batch ? { batch } : {}) } as SchemaOperation);
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function isAlterOperation(kind: SchemaOperation['kind']): boolean {
  return kind !== 'create-table' && kind !== 'drop-table' && kind !== 'rename-table';
}

function sameColumns(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((column, index) => column.toLowerCase() === b[index].toLowerCase());
}

/** Column definitions the baseline file declares, by table then column: the "before" the rules compare against. */
export function declaredColumns(document: DbSchemaDocument | undefined): Map<string, Map<string, ColumnDefinition>> {
  const tables = new Map<string, Map<string, ColumnDefinition>>();
  for (const table of document?.tables ?? []) {
    if (table.disabled) continue;
    const columns = tables.get(table.name) ?? new Map<string, ColumnDefinition>();
    for (const column of table.columns) {
      if (!column.disabled) columns.set(column.name, columnDefinitionOf(column));
    }
    tables.set(table.name, columns);
  }
  return tables;
}
