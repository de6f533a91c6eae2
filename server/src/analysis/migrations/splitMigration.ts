// Analysis room (pure): the "Split into expand and contract migrations" quick fix. It moves the
// destructive steps of a migration's up()/change() into a NEW migration in the same folder, named to run
// after every existing one, so the expand part can ship first and the contract part a release later.
//
// It moves only what it can move without changing what the rest does:
// - a top-level statement whose operations are all destructive and that uses nothing of its own class
//   (no variables, no helpers, no self:: constants) is moved as it is written;
// - a destructive link of a `$this->table('t')->...->update();` chain with literal arguments is cut out
//   and re-issued as `$this->table('t')->removeColumn('x')->update();` in the new file;
// - a step stays when a later kept step touches the same table or column (e.g. a column dropped and
//   added again), since running it a release later would change the outcome.
// The inverse of a moved step in down() (the addColumn() that restores a dropped column) moves to the
// new down() under the same conditions, so each migration rolls back only what it did.

import type { MethodStatement, PhinxCallSyntax, PhinxMigrationModel } from '../phinx/model';
import { classNameFromFileName, fileNameFromClassName, isValidMigrationClassName, migrationTimestamp } from '../phinx/naming';
import { phpString } from '../phinx/optionEdits';
import type { SchemaOperation } from '../schema/operations';
import type { TextLines } from '../textLines';
import type { Finding, FindingFix, Range, TextReplacement } from '../types';
import type { MigrationFile } from './migrationFiles';

export const SPLIT_FIX_TITLE = 'Split into expand and contract migrations';

/** The findings whose step belongs in a later release's migration. */
export const CONTRACT_RULES: ReadonlySet<string> = new Set([
  'drop-column',
  'drop-table',
  'rename-column',
  'rename-table',
  'change-column-type',
  'drop-index',
  'drop-unique-index',
  'drop-foreign-key',
  'change-primary-key',
  'truncate-or-unbounded-delete',
  'expand-and-contract-in-one-migration',
]);

export interface SplitContext {
  /**
   * Every migration file of the project: the new one must run after all of them and not reuse a class
   * name. Treated as immutable: what is derived from it is cached per array.
   */
  migrations: readonly MigrationFile[];
  /** When the fix is computed; the new file's timestamp is at least this (UTC). */
  now: Date;
}

export interface SplitSource {
  file: MigrationFile;
  text: string;
  model: PhinxMigrationModel;
  /** Every phase, with the raw SQL's operations, as the rules saw them. */
  operations: readonly SchemaOperation[];
}

/** Adds the split fix to each contract finding whose step the fix moves; the other findings are returned as they are. */
export function withSplitFix(findings: Finding[], source: SplitSource, context: SplitContext): Finding[] {
  const fix = splitFix(findings, source, context);
  if (!fix) return findings;
  return findings.map((finding) => (fix.covers(finding) ? { ...finding, fixes: [...(finding.fixes ?? []), fix.fix] } : finding));
}

const MAX_OPERATIONS_FOR_SPLIT = 400;

interface Located {
  operation: SchemaOperation;
  statement: MethodStatement | undefined;
  /** Offsets of the operation's range. */
  start: number;
  end: number;
}

/** What moves out of one top-level statement: all of it, or some links of its table chain. */
interface MoveUnit {
  statement: MethodStatement;
  whole: boolean;
  /** The operations that move (for a whole statement: all of its operations). */
  operations: Located[];
}

function splitFix(findings: Finding[], source: SplitSource, context: SplitContext): { fix: FindingFix; covers: (finding: Finding) => boolean } | undefined {
  const { model, text } = source;
  const lines = model.lines;
  if (model.parseErrors.length > 0 || model.problems.some((problem) => ['analysis-incomplete', 'several-classes', 'change-with-up-down', 'no-class'].includes(problem.kind))) return undefined;
  const contract = findings.filter((finding) => CONTRACT_RULES.has(finding.code) && !(finding.code === 'change-column-type' && finding.severity === 'info'));
  // The dependency checks below compare steps pairwise; past this size a hand-made split is the better tool anyway.
  if (contract.length === 0 || source.operations.length > MAX_OPERATIONS_FOR_SPLIT) return undefined;
  const contractRanges = new Set(contract.map((finding) => rangeKey(finding.range)));

  const locate = (operation: SchemaOperation, statements: MethodStatement[]): Located => {
    const start = lines.offsetAt(operation.range.start);
    const end = lines.offsetAt(operation.range.end);
    return { operation, start, end, statement: statements.find((statement) => within(lines, start, end, statement.range)) };
  };
  const upStatements = model.statements.filter((statement) => statement.phase !== 'down');
  const downStatements = model.statements.filter((statement) => statement.phase === 'down');
  const up = source.operations.filter((operation) => operation.phase !== 'down').map((operation) => locate(operation, upStatements));
  const down = source.operations.filter((operation) => operation.phase === 'down').map((operation) => locate(operation, downStatements));
  const syntaxByRange = new Map(model.callSyntax.map((syntax) => [rangeKey(syntax.range), syntax]));
  const syntaxOf = (operation: SchemaOperation) => syntaxByRange.get(rangeKey(operation.range));
  const blocked = (statement: MethodStatement) => unreadPartsIn(model, lines, statement);

  // The contract steps, grouped into what can move; then dropped again while a kept step depends on them.
  let units = moveUnits(
    up.filter((located) => contractRanges.has(rangeKey(located.operation.range))),
    up,
    (located) => contractRanges.has(rangeKey(located.operation.range)),
    { lines, text, syntaxOf, blocked },
  );
  for (;;) {
    const moved = new Set(units.flatMap((unit) => unit.operations));
    const kept = up.filter((located) => !moved.has(located));
    const stable = units.filter((unit) => !unit.operations.some((step) => kept.some((other) => dependsOn(other, step, lines))));
    if (stable.length === units.length) break;
    units = stable;
  }
  if (units.length === 0) return undefined;
  const movedUp = units.flatMap((unit) => unit.operations);

  // down(): the inverses of what moved, when they can move too.
  const inverses = down.filter((located) => movedUp.some((step) => isInverse(step.operation, located.operation)));
  const droppedTables = new Set(movedUp.flatMap((step) => (step.operation.kind === 'drop-table' ? [step.operation.table.toLowerCase()] : [])));
  const partOfInverse = (located: Located) =>
    inverses.includes(located) || (located.operation.table !== undefined && droppedTables.has(located.operation.table.toLowerCase()) && located.statement !== undefined && inverses.some((inverse) => inverse.statement === located.statement));
  let downUnits = moveUnits(inverses, down, partOfInverse, { lines, text, syntaxOf, blocked });
  const movedDown = new Set(downUnits.flatMap((unit) => unit.operations));
  // A kept rollback step on the same columns may rely on the inverse having run first: then it stays.
  downUnits = downUnits.filter((unit) => !down.some((other) => !movedDown.has(other) && unit.operations.some((step) => sameColumns(step.operation, other.operation))));

  const target = newMigrationName(source, context);
  if (!target) return undefined;
  const layout = layoutOf(source);
  if (!layout) return undefined;
  const newText = newMigrationText(source, layout, target.className, units, downUnits, syntaxOf);
  const edits = [...units, ...downUnits].flatMap((unit) => removalEdits(unit, lines, text));
  const movedRanges = new Set(movedUp.map((step) => rangeKey(step.operation.range)));
  return {
    fix: { title: SPLIT_FIX_TITLE, edits, createFiles: [{ path: target.path, text: newText }] },
    covers: (finding) => CONTRACT_RULES.has(finding.code) && movedRanges.has(rangeKey(finding.range)),
  };
}

interface UnitTools {
  lines: TextLines;
  text: string;
  syntaxOf: (operation: SchemaOperation) => PhinxCallSyntax | undefined;
  blocked: (statement: MethodStatement) => boolean;
}

/**
 * Groups `wanted` by statement: a whole statement when all its operations pass `movable` and it is
 * self-contained, else each wanted operation that is a movable chain link; the rest cannot move.
 */
function moveUnits(wanted: Located[], all: Located[], movable: (located: Located) => boolean, tools: UnitTools): MoveUnit[] {
  const units: MoveUnit[] = [];
  for (const statement of [...new Set(wanted.flatMap((located) => (located.statement ? [located.statement] : [])))]) {
    const inStatement = all.filter((located) => located.statement === statement);
    if (tools.blocked(statement)) continue;
    if (statement.selfContained && inStatement.every(movable)) {
      units.push({ statement, whole: true, operations: inStatement });
      continue;
    }
    const links = wanted.filter((located) => located.statement === statement && isMovableLink(located, statement, tools));
    // A chain link stands for every operation it produced (addTimestamps() makes two).
    const operations = inStatement.filter((located) => links.some((link) => sameRange(link.operation.range, located.operation.range)));
    if (links.length > 0 && operations.every(movable)) units.push({ statement, whole: false, operations });
  }
  return units.sort((a, b) => tools.lines.offsetAt(a.statement.range.start) - tools.lines.offsetAt(b.statement.range.start));
}

/** `->removeColumn('x')` in a `$this->table(...)` chain of this very statement, with more chain after it. */
function isMovableLink(located: Located, statement: MethodStatement, tools: UnitTools): boolean {
  const { operation } = located;
  if (operation.source !== 'phinx' || operation.table === undefined) return false;
  if (!('statementRange' in operation) || !sameRange(operation.statementRange as Range, statement.range)) return false;
  const syntax = tools.syntaxOf(operation);
  if (!syntax?.literalArguments || !syntax.tableCall || !within(tools.lines, tools.lines.offsetAt(syntax.tableCall.start), tools.lines.offsetAt(syntax.tableCall.end), statement.range)) return false;
  if (!tools.text.startsWith('->', located.start)) return false;
  // The link must not end the chain: what follows (update()/save()) still runs the rest.
  const after = tools.text.slice(located.end, tools.lines.offsetAt(statement.range.end));
  return /^\s*->/.test(after);
}

/** Calls the reader could not resolve, or tables never saved: the statement does more than its operations say. */
function unreadPartsIn(model: PhinxMigrationModel, lines: TextLines, statement: MethodStatement): boolean {
  const inside = (range: Range) => within(lines, lines.offsetAt(range.start), lines.offsetAt(range.end), statement.range);
  return model.unresolvedCalls.some((call) => inside(call.range)) || model.unsavedTables.some((unsaved) => inside(unsaved.range)) || model.rawSql.some((raw) => raw.sql === undefined && inside(raw.range));
}

// ------------------------------------------------------------------ dependencies

/** Would moving `step` to a later release change what the kept `other` does? Only steps at or after it count. */
function dependsOn(other: Located, step: Located, lines: TextLines): boolean {
  const stepStatement = step.statement ? lines.offsetAt(step.statement.range.start) : step.start;
  const otherStatement = other.statement ? lines.offsetAt(other.statement.range.start) : other.start;
  if (otherStatement < stepStatement) return false;
  if (other.operation.kind === 'unanalyzable-sql') return true;
  return touches(step.operation, other.operation);
}

/** Whether `other` works on what `step` removes, renames or rewrites. */
function touches(step: SchemaOperation, other: SchemaOperation): boolean {
  const tables = [step.table, step.kind === 'rename-table' ? step.newName : undefined].filter((table): table is string => table !== undefined).map((table) => table.toLowerCase());
  const otherTables = [other.table, other.kind === 'rename-table' ? other.newName : undefined].filter((table): table is string => table !== undefined).map((table) => table.toLowerCase());
  if (!otherTables.some((table) => tables.includes(table))) return false;
  const stepColumns = columnsOf(step);
  const otherColumns = columnsOf(other);
  switch (step.kind) {
    case 'drop-column':
    case 'rename-column':
    case 'change-column':
      return otherColumns === undefined || otherColumns.some((column) => stepColumns?.includes(column));
    case 'drop-index':
    case 'drop-foreign-key':
      return ['add-index', 'drop-index', 'add-foreign-key', 'drop-foreign-key'].includes(other.kind) || otherColumns === undefined || otherColumns.some((column) => stepColumns?.includes(column));
    default:
      return true;
  }
}

/** Both work on the same table and on a column in common (or on the whole table). */
function sameColumns(a: SchemaOperation, b: SchemaOperation): boolean {
  if (a.table === undefined || b.table === undefined || a.table.toLowerCase() !== b.table.toLowerCase()) return b.kind === 'unanalyzable-sql';
  const aColumns = columnsOf(a);
  const bColumns = columnsOf(b);
  return aColumns === undefined || bColumns === undefined || aColumns.some((column) => bColumns.includes(column));
}

/** Lower-case column names an operation works on; undefined = any column (row operations, whole-table steps). */
function columnsOf(operation: SchemaOperation): string[] | undefined {
  const names = (() => {
    switch (operation.kind) {
      case 'add-column':
        return [operation.column.name];
      case 'drop-column':
      case 'change-default':
        return [operation.column];
      case 'rename-column':
        return [operation.column, operation.newName];
      case 'change-column':
        return [operation.from, operation.column.name];
      case 'add-index':
      case 'add-foreign-key':
        return operation.columns;
      case 'drop-index':
      case 'drop-foreign-key':
        return operation.columns ?? [];
      default:
        return undefined;
    }
  })();
  return names?.map((name) => name.toLowerCase());
}

/** `undo` in down() reverses `step` of up(). */
function isInverse(step: SchemaOperation, undo: SchemaOperation): boolean {
  const same = (a: string | undefined, b: string | undefined) => a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
  const sameList = (a: string[] | undefined, b: string[] | undefined) => a !== undefined && b !== undefined && a.length === b.length && a.every((item, index) => same(item, b[index]));
  switch (step.kind) {
    case 'drop-column':
      return undo.kind === 'add-column' && same(undo.table, step.table) && same(undo.column.name, step.column);
    case 'drop-table':
      return undo.kind === 'create-table' && same(undo.table, step.table);
    case 'rename-column':
      return undo.kind === 'rename-column' && same(undo.table, step.table) && same(undo.column, step.newName) && same(undo.newName, step.column);
    case 'rename-table':
      return undo.kind === 'rename-table' && same(undo.table, step.newName) && same(undo.newName, step.table);
    case 'change-column':
      return undo.kind === 'change-column' && same(undo.table, step.table) && same(undo.from, step.column.name);
    case 'drop-index':
      return undo.kind === 'add-index' && same(undo.table, step.table) && (same(undo.name, step.name) || sameList(undo.columns, step.columns));
    case 'drop-foreign-key':
      return undo.kind === 'add-foreign-key' && same(undo.table, step.table) && (same(undo.name, step.name) || sameList(undo.columns, step.columns));
    case 'change-primary-key':
      return undo.kind === 'change-primary-key' && same(undo.table, step.table);
    default:
      return false;
  }
}

// ------------------------------------------------------------------ the new file

/** The next version after every migration of the project (and not before now), with a free class name. */
function newMigrationName(source: SplitSource, context: SplitContext): { className: string; path: string } | undefined {
  const { semantics } = source.model;
  const project = projectMigrationNames(context.migrations);
  let timestamp = migrationTimestamp(context.now);
  const ownVersion = source.file.version === undefined ? 0n : BigInt(source.file.version);
  const latest = ownVersion > project.latestVersion ? ownVersion : project.latestVersion;
  if (BigInt(timestamp) <= latest) timestamp = secondAfter(latest.toString());
  if (!/^\d{14}$/.test(timestamp)) return undefined;
  const taken = (name: string) => name === source.file.className || project.classNames.has(name);
  const analysed = source.model.classes.find((candidate) => candidate.analysed)?.name;
  const base = [analysed, source.file.className].find((name): name is string => name !== undefined && isValidMigrationClassName(name, semantics)) ?? 'Migration';
  const folder = source.file.path.slice(0, source.file.path.lastIndexOf('/') + 1);
  for (let attempt = 1; attempt < 100; attempt++) {
    const className = `${base}Contract${attempt === 1 ? '' : attempt}`;
    if (taken(className) || !isValidMigrationClassName(className, semantics)) continue;
    const fileName = fileNameFromClassName(className, timestamp, semantics);
    // Phinx reads the class back from the file name: both must agree.
    if (classNameFromFileName(fileName, semantics) !== className) continue;
    return { className, path: `${folder}${fileName}` };
  }
  return undefined;
}

/**
 * The newest version and the class names among the project's migrations. A whole-project check asks
 * for them once per migration with a contract step, so they are computed once per list: the lists
 * passed in are never changed afterwards (ProjectChecker's MigrationList freezes them).
 */
const namesByMigrationList = new WeakMap<readonly MigrationFile[], { latestVersion: bigint; classNames: ReadonlySet<string> }>();

function projectMigrationNames(migrations: readonly MigrationFile[]): { latestVersion: bigint; classNames: ReadonlySet<string> } {
  let names = namesByMigrationList.get(migrations);
  if (!names) {
    let latestVersion = 0n;
    const classNames = new Set<string>();
    for (const migration of migrations) {
      if (migration.version !== undefined && BigInt(migration.version) > latestVersion) latestVersion = BigInt(migration.version);
      if (migration.className !== undefined) classNames.add(migration.className);
    }
    names = { latestVersion, classNames };
    namesByMigrationList.set(migrations, names);
  }
  return names;
}

/** YYYYMMDDHHMMSS one second later; a version that is not a real date just counts up. */
function secondAfter(version: string): string {
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(version);
  if (match) {
    const [year, month, day, hour, minute, second] = match.slice(1).map(Number);
    const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
    // Date.UTC rolls impossible dates over (month 13): only a date that reads back the same is real.
    if (migrationTimestamp(date) === version) return migrationTimestamp(new Date(date.getTime() + 1000));
  }
  return (BigInt(version) + 1n).toString();
}

interface Layout {
  eol: string;
  /** `<?php`, declare, namespace and use lines of the source, up to its class. */
  prelude: string;
  /** `final class X extends Migration` with `{{name}}` where the class name goes. */
  classHead: string[];
  memberIndent: string;
  bodyIndent: string;
  /** `: void` when the source's methods declare it. */
  returnType: string;
  braceOnOwnLine: boolean;
}

function layoutOf(source: SplitSource): Layout | undefined {
  const { model, text } = source;
  const lines = model.lines;
  const analysed = model.classes.find((candidate) => candidate.analysed);
  const method = model.methods.find((candidate) => candidate.name !== 'down') ?? model.methods[0];
  if (!analysed || !method || model.classes.length !== 1) return undefined;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const classStart = lines.offsetAt(analysed.range.start);
  const nameStart = lines.offsetAt(analysed.nameRange.start);
  const nameEnd = lines.offsetAt(analysed.nameRange.end);
  const brace = text.indexOf('{', nameEnd);
  if (brace < 0) return undefined;
  const methodStart = lines.offsetAt(method.range.start);
  const methodBrace = text.indexOf('{', methodStart);
  const methodHead = text.slice(methodStart, methodBrace);
  const memberIndent = indentOf(lines.lineText(method.range.start.line));
  const firstStatement = model.statements.find((statement) => statement.phase === method.phase);
  const unit = memberIndent || '    ';
  const prelude = preludeOf(text.slice(0, classStart), eol);
  // `namespace X { class ... }`: the copied prelude would leave a block open.
  if ((prelude.match(/\{/g) ?? []).length !== (prelude.match(/\}/g) ?? []).length) return undefined;
  return {
    eol,
    prelude,
    classHead: [text.slice(classStart, nameStart), text.slice(nameEnd, brace).replace(/\s+$/, '')],
    memberIndent,
    bodyIndent: firstStatement ? indentOf(lines.lineText(firstStatement.range.start.line)) : memberIndent + unit,
    returnType: /\)\s*:\s*void\b/i.test(methodHead) ? ': void' : '',
    braceOnOwnLine: /\n\s*$/.test(methodHead),
  };
}

/** The file up to the class, without the class's own doc comment or attributes. */
function preludeOf(head: string, eol: string): string {
  let prelude = head.replace(/\s+$/, '');
  for (;;) {
    if (prelude.endsWith('*/')) prelude = prelude.slice(0, prelude.lastIndexOf('/*')).replace(/\s+$/, '');
    else if (/(^|\n)[ \t]*#\[[^\n]*\]$/.test(prelude)) prelude = prelude.replace(/[ \t]*#\[[^\n]*\]$/, '').replace(/\s+$/, '');
    else break;
  }
  return `${prelude}${eol}${eol}`;
}

function newMigrationText(source: SplitSource, layout: Layout, className: string, up: MoveUnit[], down: MoveUnit[], syntaxOf: (operation: SchemaOperation) => PhinxCallSyntax | undefined): string {
  const { eol, memberIndent: m, bodyIndent: b, returnType } = layout;
  const open = (signature: string) => (layout.braceOnOwnLine ? [`${m}${signature}`, `${m}{`] : [`${m}${signature} {`]);
  const body = (units: MoveUnit[]) => units.map((unit) => movedStatementText(unit, source, layout, syntaxOf));
  const downBody =
    down.length > 0
      ? [`${b}// Brings back the structure only: the data up() removed cannot be restored automatically.`, ...body(down)]
      : [`${b}// The contract step cannot be undone automatically: what up() removed is gone, with its data.`, `${b}// Restore it from a backup if this migration really has to be rolled back.`];
  const sourceName = source.file.fileName;
  const lines = [
    `${layout.classHead[0]}${className}${layout.classHead[1]}`,
    '{',
    `${m}/**`,
    `${m} * The contract step split from ${sourceName}.`,
    `${m} * Deploy it in a later release, once no running code uses what it removes.`,
    `${m} */`,
    ...open(`public function up()${returnType}`),
    ...body(up),
    `${m}}`,
    '',
    ...open(`public function down()${returnType}`),
    ...downBody,
    `${m}}`,
    '}',
    '',
  ];
  return layout.prelude + lines.join(eol);
}

/** A moved statement as written, or the cut-out links re-issued on their own table chain. */
function movedStatementText(unit: MoveUnit, source: SplitSource, layout: Layout, syntaxOf: (operation: SchemaOperation) => PhinxCallSyntax | undefined): string {
  const { text, model } = source;
  const lines = model.lines;
  if (unit.whole) {
    const { start, end } = withComments(unit.statement, lines, text);
    const sourceIndent = indentOf(lines.lineText(lines.positionAt(start).line));
    return layout.bodyIndent + reindent(text.slice(start, end), sourceIndent, layout.bodyIndent, layout.eol);
  }
  const links = uniqueByRange(unit.operations).sort((a, b) => a.start - b.start);
  const table = links[0].operation.table as string;
  const calls = links.map((link) => reindent(text.slice(link.start, link.end), indentOf(lines.lineText(link.operation.range.start.line)), layout.bodyIndent + (layout.memberIndent || '    '), layout.eol));
  const methods = links.map((link) => syntaxOf(link.operation)?.method.toLowerCase());
  // drop() is written with save() in the rules' examples (and Phinx's docs); everything else with update().
  const terminator = methods.includes('drop') ? '->save()' : '->update()';
  const root = `$this->table(${phpString(table)})`;
  if (calls.length === 1) return `${layout.bodyIndent}${root}${calls[0]}${terminator};`;
  const step = layout.bodyIndent + (layout.memberIndent || '    ');
  return [`${layout.bodyIndent}${root}`, ...calls.map((call) => `${step}${call}`), `${step}${terminator};`].join(layout.eol);
}

/** Continuation lines of `code` moved from `from` to `to` indentation, with the file's line ending. */
function reindent(code: string, from: string, to: string, eol: string): string {
  return code
    .split(/\r\n|\r|\n/)
    .map((line, index) => (index === 0 ? line : line.startsWith(from) ? to + line.slice(from.length) : line))
    .join(eol);
}

// ------------------------------------------------------------------ edits in the source

/** Deletes a whole statement (with its line when it stands alone on it) or each cut-out link. */
function removalEdits(unit: MoveUnit, lines: TextLines, text: string): TextReplacement[] {
  if (unit.whole) {
    const { start, end } = withComments(unit.statement, lines, text);
    return [{ range: wholeLines(start, end, lines, text), newText: '' }];
  }
  return uniqueByRange(unit.operations).map((link) => ({ range: wholeLines(link.start, link.end, lines, text), newText: '' }));
}

/**
 * A statement with the `//` comments that belong to it: the lines right above it (a zdd-ignore, an
 * explanation) and one at the end of its last line. They move with it.
 */
function withComments(statement: MethodStatement, lines: TextLines, text: string): { start: number; end: number } {
  let start = lines.offsetAt(statement.range.start);
  let end = lines.offsetAt(statement.range.end);
  const isLineComment = (line: string) => /^\s*(\/\/|#(?!\[))/.test(line);
  if (lines.lineText(statement.range.start.line).slice(0, statement.range.start.character).trim() === '') {
    let line = statement.range.start.line - 1;
    while (line >= 0 && isLineComment(lines.lineText(line))) line--;
    if (line + 1 < statement.range.start.line) {
      const first = lines.lineText(line + 1);
      start = lines.offsetAt({ line: line + 1, character: first.length - first.trimStart().length });
    }
  }
  const rest = lines.lineText(statement.range.end.line).slice(statement.range.end.character);
  if (isLineComment(rest)) end = lines.offsetAt({ line: statement.range.end.line, character: lines.lineText(statement.range.end.line).length });
  return { start, end: Math.min(end, text.length) };
}

/** The range from start to end, widened to full lines when nothing else stands on them. */
function wholeLines(start: number, end: number, lines: TextLines, text: string): Range {
  const first = lines.positionAt(start);
  const last = lines.positionAt(end);
  const before = lines.lineText(first.line).slice(0, first.character);
  const after = lines.lineText(last.line).slice(last.character);
  if (before.trim() !== '' || after.trim() !== '') return lines.rangeOf(start, end);
  const nextLine = last.line + 1 < lines.lineCount ? lines.offsetAt({ line: last.line + 1, character: 0 }) : text.length;
  return lines.rangeOf(lines.offsetAt({ line: first.line, character: 0 }), nextLine);
}

// ------------------------------------------------------------------ small helpers

function indentOf(line: string): string {
  return /^[ \t]*/.exec(line)?.[0] ?? '';
}

function uniqueByRange(located: Located[]): Located[] {
  return located.filter((item, index) => located.findIndex((other) => sameRange(other.operation.range, item.operation.range)) === index);
}

function within(lines: TextLines, start: number, end: number, range: Range): boolean {
  return lines.offsetAt(range.start) <= start && end <= lines.offsetAt(range.end);
}

function sameRange(a: Range, b: Range): boolean {
  return rangeKey(a) === rangeKey(b);
}

function rangeKey(range: Range): string {
  return `${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`;
}
