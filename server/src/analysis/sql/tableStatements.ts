// Analysis room: whole-table and database statements read from tokens: DROP TABLE, DROP INDEX ... ON,
// DROP DATABASE, RENAME TABLE, TRUNCATE, OPTIMIZE TABLE (node-sql-parser 5.4.0 rejects it) and
// LOCK TABLES. Their grammar is a keyword head and a list of names, which tokens read exactly.
import { explicitLockOptions } from './createStatements';
import { quoteSource, spanOf, unanalyzable, type OperationDraft, type SpannedDraft, type StatementReading } from './operationDrafts';
import type { SqlStatement } from './sqlStatements';
import { TokenCursor, type NamedSpan } from './tokenCursor';

type Reading = StatementReading;

function notUnderstood(statement: SqlStatement, expected: string): Reading {
  return {
    drafts: [unanalyzable(`Could not read "${quoteSource(statement.tokens)}": expected ${expected}. Check it by hand.`, statement.tokens)],
    batched: false,
  };
}

/** One operation per table; each underlines its own name when the statement lists several. */
function perTable(statement: SqlStatement, tables: NamedSpan[], draftFor: (table: string) => OperationDraft): Reading {
  const statementSpan = spanOf(statement.tokens);
  const drafts = tables.map((table): SpannedDraft => ({
    draft: draftFor(table.name),
    ...(tables.length > 1 ? { start: table.start, end: table.end } : statementSpan),
  }));
  return { drafts, batched: false };
}

/** `a, b, c` up to the end or to one of `stopWords`; undefined when something else is in the way. */
function readTableList(cursor: TokenCursor, stopWords: readonly string[] = []): NamedSpan[] | undefined {
  const tables: NamedSpan[] = [];
  do {
    const table = cursor.readTableName();
    if (!table) return undefined;
    tables.push(table);
  } while (cursor.acceptSymbol(','));
  return cursor.done || stopWords.includes(cursor.peek()?.upper ?? '') ? tables : undefined;
}

/** DROP [TEMPORARY] TABLE[S] [IF EXISTS] a [, b] [RESTRICT | CASCADE] */
export function readDropTable(statement: SqlStatement): Reading {
  const cursor = new TokenCursor(statement.tokens, 1);
  if (cursor.acceptWords('TEMPORARY')) return { drafts: [], batched: false };
  if (!cursor.acceptWords('TABLE')) cursor.acceptWords('TABLES');
  cursor.acceptWords('IF', 'EXISTS');
  const tables = readTableList(cursor, ['RESTRICT', 'CASCADE', 'WAIT', 'NOWAIT']);
  if (!tables) return notUnderstood(statement, 'DROP TABLE [IF EXISTS] name [, name]');
  return perTable(statement, tables, (table) => ({ kind: 'drop-table', table }));
}

/** DROP INDEX [IF EXISTS] name ON table [ALGORITHM=...] [LOCK=...] */
export function readDropIndex(statement: SqlStatement): Reading {
  const cursor = new TokenCursor(statement.tokens, 1);
  cursor.acceptOneOf('ONLINE', 'OFFLINE');
  cursor.acceptWords('INDEX');
  cursor.acceptWords('IF', 'EXISTS');
  const name = cursor.readIdentifier();
  const table = cursor.acceptWords('ON') ? cursor.readTableName() : undefined;
  if (!name || !table) return notUnderstood(statement, 'DROP INDEX name ON table');
  const span = spanOf(statement.tokens);
  // DROP INDEX `PRIMARY` ON t drops the primary key.
  const main: OperationDraft =
    name.name.toUpperCase() === 'PRIMARY' ? { kind: 'change-primary-key', table: table.name, columns: undefined } : { kind: 'drop-index', table: table.name, name: name.name };
  return { drafts: [{ draft: main, ...span }, ...explicitLockOptions(table.name, cursor.rest())], batched: true };
}

/** DROP DATABASE|SCHEMA [IF EXISTS] name */
export function readDropDatabase(statement: SqlStatement): Reading {
  const cursor = new TokenCursor(statement.tokens, 2);
  cursor.acceptWords('IF', 'EXISTS');
  const name = cursor.readIdentifier();
  if (!name || !cursor.done) return notUnderstood(statement, 'DROP DATABASE [IF EXISTS] name');
  return { drafts: [{ draft: { kind: 'drop-database', name: name.name }, ...spanOf(statement.tokens) }], batched: false };
}

/** RENAME TABLE a TO b [, c TO d]: each pair is its own operation (MariaDB: IF EXISTS, WAIT n). */
export function readRenameTable(statement: SqlStatement): Reading {
  const cursor = new TokenCursor(statement.tokens, 1);
  if (!cursor.acceptWords('TABLE')) cursor.acceptWords('TABLES');
  cursor.acceptWords('IF', 'EXISTS');
  const pairs: Array<{ from: NamedSpan; to: NamedSpan }> = [];
  do {
    const from = cursor.readTableName();
    if (cursor.acceptWords('WAIT')) cursor.index++;
    else cursor.acceptWords('NOWAIT');
    const to = from && cursor.acceptWords('TO') ? cursor.readTableName() : undefined;
    if (!from || !to) return notUnderstood(statement, 'RENAME TABLE a TO b [, c TO d]');
    pairs.push({ from, to });
  } while (cursor.acceptSymbol(','));
  if (!cursor.done) return notUnderstood(statement, 'RENAME TABLE a TO b [, c TO d]');
  const statementSpan = spanOf(statement.tokens);
  const drafts = pairs.map(({ from, to }): SpannedDraft => ({
    draft: { kind: 'rename-table', table: from.name, newName: to.name },
    ...(pairs.length > 1 ? { start: from.start, end: to.end } : statementSpan),
  }));
  return { drafts, batched: false };
}

/** TRUNCATE [TABLE] name */
export function readTruncate(statement: SqlStatement): Reading {
  const cursor = new TokenCursor(statement.tokens, 1);
  cursor.acceptWords('TABLE');
  const table = cursor.readTableName();
  if (!table || !cursor.done) return notUnderstood(statement, 'TRUNCATE [TABLE] name');
  return { drafts: [{ draft: { kind: 'truncate-table', table: table.name }, ...spanOf(statement.tokens) }], batched: false };
}

/** OPTIMIZE [NO_WRITE_TO_BINLOG | LOCAL] TABLE a [, b]: InnoDB rebuilds each table. */
export function readOptimizeTable(statement: SqlStatement): Reading {
  const cursor = new TokenCursor(statement.tokens, 1);
  cursor.acceptOneOf('NO_WRITE_TO_BINLOG', 'LOCAL');
  if (!cursor.acceptWords('TABLE') && !cursor.acceptWords('TABLES')) return notUnderstood(statement, 'OPTIMIZE TABLE name [, name]');
  const tables = readTableList(cursor, ['WAIT', 'NOWAIT']);
  if (!tables) return notUnderstood(statement, 'OPTIMIZE TABLE name [, name]');
  return perTable(statement, tables, (table) => ({ kind: 'rebuild-table', table, reason: 'optimize' }));
}

/** LOCK TABLE[S] t [[AS] alias] READ [LOCAL] | [LOW_PRIORITY] WRITE [CONCURRENT], ...: old code waits until UNLOCK TABLES. */
export function readLockTables(statement: SqlStatement): Reading {
  const cursor = new TokenCursor(statement.tokens, 1);
  if (!cursor.acceptWords('TABLES')) cursor.acceptWords('TABLE');
  const locks: Array<{ table: NamedSpan; lock: string; end: number }> = [];
  do {
    const table = cursor.readTableName();
    if (!table) return notUnderstood(statement, 'LOCK TABLES name READ|WRITE');
    if (cursor.acceptWords('AS')) cursor.readIdentifier();
    else if (cursor.peek() && !cursor.atWords('READ') && !cursor.atWords('WRITE') && !cursor.atWords('LOW_PRIORITY')) cursor.readIdentifier();
    cursor.acceptWords('LOW_PRIORITY');
    const lock = cursor.acceptOneOf('READ', 'WRITE');
    if (!lock) return notUnderstood(statement, 'LOCK TABLES name READ|WRITE');
    cursor.acceptOneOf('LOCAL', 'CONCURRENT');
    locks.push({ table, lock, end: cursor.peek(-1)!.end });
  } while (cursor.acceptSymbol(','));
  if (!cursor.done) return notUnderstood(statement, 'LOCK TABLES name READ|WRITE');
  const statementSpan = spanOf(statement.tokens);
  const drafts = locks.map(({ table, lock, end }): SpannedDraft => ({
    draft: { kind: 'explicit-lock', table: table.name, lock },
    ...(locks.length > 1 ? { start: table.start, end } : statementSpan),
  }));
  return { drafts, batched: false };
}
