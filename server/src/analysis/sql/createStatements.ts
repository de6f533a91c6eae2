// Analysis room: CREATE TABLE and CREATE INDEX. A CREATE TABLE's items are read one by one with the
// same code as ALTER TABLE ADD clauses, so a column is read identically wherever it is defined, and
// one item the parser cannot read leaves the others (and the fact that the table is new) intact.
import type { ColumnDefinition } from '../schema/operations';
import { readWithParser, unreadableTableName } from './alterTable';
import { astName, type AstCreateIndexStatement, type BudgetedParser } from './mysqlParser';
import { plainCreateIndex } from './plainClauses';
import { OVER_BUDGET_REASON, parseFailureReason, quoteSource, spanOf, unanalyzable, type OperationDraft, type SpannedDraft, type StatementReading } from './operationDrafts';
import type { SqlStatement } from './sqlStatements';
import type { SqlToken } from './sqlTokens';
import { findTopLevelWord, indexAfterGroup, splitAtTopLevelCommas, TokenCursor } from './tokenCursor';

/** Words that start an index or constraint item rather than a column in CREATE TABLE ( ... ). */
const KEY_ITEM_STARTS = new Set(['INDEX', 'KEY', 'UNIQUE', 'FULLTEXT', 'SPATIAL', 'CONSTRAINT', 'PRIMARY', 'FOREIGN', 'CHECK', 'PERIOD', 'SYSTEM']);

export function readCreateTable(statement: SqlStatement, parser: BudgetedParser): StatementReading {
  const cursor = new TokenCursor(statement.tokens, 1);
  const orReplace = cursor.acceptWords('OR', 'REPLACE');
  // Temporary tables live for the session only: nothing other code can see.
  if (cursor.acceptWords('TEMPORARY')) return { drafts: [], batched: false };
  cursor.acceptWords('TABLE');
  cursor.acceptWords('IF', 'NOT', 'EXISTS');
  const table = cursor.readTableName();
  if (!table) return { drafts: [unreadableTableName(statement.tokens, cursor.index)], batched: false };

  const statementSpan = spanOf(statement.tokens);
  const drafts: SpannedDraft[] = [];
  // MariaDB's CREATE OR REPLACE drops the existing table first.
  if (orReplace) drafts.push({ draft: { kind: 'drop-table', table: table.name }, ...statementSpan });
  const columns: ColumnDefinition[] = [];
  drafts.push({ draft: { kind: 'create-table', table: table.name, columns }, ...statementSpan });

  const definesColumns = cursor.atSymbol('(') && !(cursor.peek(1)?.upper === 'LIKE') && !startsSelect(cursor.peek(1));
  if (definesColumns) {
    const open = cursor.index;
    const close = indexAfterGroup(statement.tokens, open);
    const items = splitAtTopLevelCommas(statement.tokens.slice(open + 1, close - 1));
    for (const [index, item] of items.entries()) {
      if (parser.spent) {
        drafts.push(unanalyzable(OVER_BUDGET_REASON, items.slice(index).flat(), statement.tokens));
        break;
      }
      if (item.length === 0) {
        drafts.push(unanalyzable('A CREATE TABLE item is empty (a stray comma?). Check this statement by hand.', statement.tokens));
        continue;
      }
      const isKey = item[0].kind === 'word' && KEY_ITEM_STARTS.has(item[0].upper);
      for (const read of readWithParser(parser, table.name, item, isKey ? 'ADD ' : 'ADD COLUMN ', 'this CREATE TABLE item')) {
        const { draft } = read;
        if (draft.kind === 'add-column') columns.push(draft.column);
        // A new table's primary key is not a change of key.
        else if (draft.kind !== 'change-primary-key') drafts.push(read);
      }
    }
  }
  // LIKE other and CREATE ... SELECT give the new table columns this reader cannot see: columns stay [].
  return { drafts, batched: true };
}

function startsSelect(token: SqlToken | undefined): boolean {
  return token?.upper === 'SELECT' || token?.upper === 'WITH';
}

/** CREATE [OR REPLACE] [ONLINE|OFFLINE] [UNIQUE|FULLTEXT|SPATIAL] INDEX [IF NOT EXISTS] name ... ON table (...) */
export function readCreateIndex(statement: SqlStatement, parser: BudgetedParser): StatementReading {
  const tokens = statement.tokens;
  const cursor = new TokenCursor(tokens, 1);
  const orReplace = cursor.acceptWords('OR', 'REPLACE');
  cursor.acceptOneOf('ONLINE', 'OFFLINE');
  // The MySQL grammar has no OR REPLACE / ONLINE / IF NOT EXISTS (MariaDB): the parser gets the statement without them.
  const parserInput = tokens.slice(cursor.index).filter((_, index) => !isIfNotExistsAt(tokens, cursor.index + index));
  const parsed = parser.parse('CREATE ', parserInput, undefined, () => plainCreateIndex(parserInput));
  if (!parsed.ok) return { drafts: [unanalyzable(parseFailureReason(parsed, tokens, 'this CREATE INDEX statement'), tokens)], batched: false };
  const ast = parsed.ast as AstCreateIndexStatement;
  const onAt = findTopLevelWord(tokens, 'ON');
  const table = onAt >= 0 ? new TokenCursor(tokens, onAt + 1).readTableName() : undefined;
  if (!table) return { drafts: [unanalyzable(`Could not find the table of "${quoteSource(tokens)}". Check it by hand.`, tokens)], batched: false };

  const kind = (ast.index_type ?? '').toLowerCase();
  const writtenName = typeof ast.index === 'string' ? ast.index : ast.index?.name;
  const name = writtenName ? writtenName.replace(/``/g, '`') : undefined;
  const columns = (ast.index_columns ?? []).map((ref) => astName(ref)).filter((column): column is string => column !== undefined);
  const span = spanOf(tokens);
  const drafts: SpannedDraft[] = [];
  if (orReplace && name) drafts.push({ draft: { kind: 'drop-index', table: table.name, name }, ...span });
  const addIndex: OperationDraft = { kind: 'add-index', table: table.name, columns, unique: kind === 'unique' };
  if (name) addIndex.name = name;
  if (kind === 'fulltext' || kind === 'spatial') addIndex.indexType = kind;
  drafts.push({ draft: addIndex, ...span }, ...explicitLockOptions(table.name, tokens));
  return { drafts, batched: true };
}

function isIfNotExistsAt(tokens: readonly SqlToken[], index: number): boolean {
  const at = (offset: number): string | undefined => tokens[index + offset]?.upper;
  // Each of the three tokens is dropped: look back to see whether this token belongs to an IF NOT EXISTS.
  return (
    (at(0) === 'IF' && at(1) === 'NOT' && at(2) === 'EXISTS') ||
    (at(-1) === 'IF' && at(0) === 'NOT' && at(1) === 'EXISTS') ||
    (at(-2) === 'IF' && at(-1) === 'NOT' && at(0) === 'EXISTS')
  );
}

/** ALGORITHM=COPY and LOCK=SHARED|EXCLUSIVE trailing CREATE INDEX / DROP INDEX. */
export function explicitLockOptions(table: string, tokens: readonly SqlToken[]): SpannedDraft[] {
  const drafts: SpannedDraft[] = [];
  for (const option of ['ALGORITHM', 'LOCK']) {
    const at = findTopLevelWord(tokens, option);
    if (at < 0) continue;
    const valueAt = tokens[at + 1]?.text === '=' ? at + 2 : at + 1;
    const value = tokens[valueAt]?.value.toUpperCase();
    if (!value) continue;
    const span = { start: tokens[at].start, end: tokens[valueAt].end };
    if (option === 'ALGORITHM' && value === 'COPY') drafts.push({ draft: { kind: 'explicit-lock', table, algorithm: value }, ...span });
    if (option === 'LOCK' && (value === 'SHARED' || value === 'EXCLUSIVE')) drafts.push({ draft: { kind: 'explicit-lock', table, lock: value }, ...span });
  }
  return drafts;
}
