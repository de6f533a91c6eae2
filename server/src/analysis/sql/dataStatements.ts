// Analysis room: INSERT, REPLACE, UPDATE and DELETE (optionally after WITH ...). The rules only need
// the target table, whether a WHERE bounds the change and whether rows come from a SELECT, which the
// tokens give directly. They are not handed to node-sql-parser: data migrations carry bulk INSERTs of
// hundreds of kilobytes that it needs seconds for.
import { quoteSource, spanOf, unanalyzable, type OperationDraft, type StatementReading } from './operationDrafts';
import type { SqlStatement } from './sqlStatements';
import type { SqlToken } from './sqlTokens';
import { findTopLevelWord, isIdentifierToken, TokenCursor } from './tokenCursor';

const INSERT_MODIFIERS = ['LOW_PRIORITY', 'DELAYED', 'HIGH_PRIORITY', 'IGNORE'];
const UPDATE_MODIFIERS = ['LOW_PRIORITY', 'IGNORE'];
const DELETE_MODIFIERS = ['LOW_PRIORITY', 'QUICK', 'IGNORE'];
const QUERY_STARTS = new Set(['SELECT', 'WITH', 'TABLE']);

export function readDataStatement(statement: SqlStatement): StatementReading {
  const cursor = new TokenCursor(statement.tokens);
  if (cursor.atWords('WITH') && !skipCommonTableExpressions(cursor)) return notUnderstood(statement, 'WITH name AS (...) followed by a statement');
  const keyword = cursor.peek()?.upper;
  let draft: OperationDraft | string;
  if (keyword === 'INSERT' || keyword === 'REPLACE') draft = readInsert(cursor);
  else if (keyword === 'UPDATE') draft = readUpdate(cursor);
  else if (keyword === 'DELETE') draft = readDelete(cursor);
  // WITH ... SELECT only reads.
  else if (keyword === 'SELECT' || cursor.atSymbol('(')) return { drafts: [], batched: false };
  else draft = 'INSERT, UPDATE, DELETE or SELECT after WITH';
  if (typeof draft === 'string') return notUnderstood(statement, draft);
  return { drafts: [{ draft, ...spanOf(statement.tokens) }], batched: false };
}

function notUnderstood(statement: SqlStatement, expected: string): StatementReading {
  return {
    drafts: [unanalyzable(`Could not read "${quoteSource(statement.tokens)}": expected ${expected}. Check it by hand.`, statement.tokens)],
    batched: false,
  };
}

/** WITH [RECURSIVE] name [(columns)] AS (query) [, ...] */
function skipCommonTableExpressions(cursor: TokenCursor): boolean {
  cursor.acceptWords('WITH');
  cursor.acceptWords('RECURSIVE');
  do {
    if (!cursor.readIdentifier()) return false;
    cursor.skipParenthesised();
    if (!cursor.acceptWords('AS') || !cursor.skipParenthesised()) return false;
  } while (cursor.acceptSymbol(','));
  return true;
}

/** INSERT|REPLACE [modifiers] [INTO] t [PARTITION (...)] [(columns)] VALUES|SET|SELECT|TABLE ... */
function readInsert(cursor: TokenCursor): OperationDraft | string {
  const expected = 'INSERT INTO table [(columns)] VALUES|SET|SELECT ...';
  cursor.index++;
  cursor.skipWords(...INSERT_MODIFIERS);
  cursor.acceptWords('INTO');
  const table = cursor.readTableName();
  if (!table) return expected;
  if (cursor.acceptWords('PARTITION')) cursor.skipParenthesised();
  if (cursor.atSymbol('(')) {
    // INSERT INTO t (SELECT ...) puts the query itself in parentheses.
    if (QUERY_STARTS.has(cursor.peek(1)?.upper ?? '')) return { kind: 'insert-rows', table: table.name, fromSelect: true };
    cursor.skipParenthesised();
  }
  const next = cursor.peek();
  if (next?.upper === 'VALUES' || next?.upper === 'VALUE' || next?.upper === 'SET') return { kind: 'insert-rows', table: table.name, fromSelect: false };
  const query = cursor.atSymbol('(') ? cursor.peek(1) : next;
  if (QUERY_STARTS.has(query?.upper ?? '')) return { kind: 'insert-rows', table: table.name, fromSelect: true };
  return expected;
}

/** UPDATE [modifiers] t [joins] SET ... [WHERE ...]: the first table is the one reported. */
function readUpdate(cursor: TokenCursor): OperationDraft | string {
  const expected = 'UPDATE table SET ... [WHERE ...]';
  cursor.index++;
  cursor.skipWords(...UPDATE_MODIFIERS);
  const table = cursor.readTableName();
  const setAt = findTopLevelWord(cursor.tokens, 'SET', cursor.index);
  if (!table || setAt < 0) return expected;
  return { kind: 'update-rows', table: table.name, hasWhere: findTopLevelWord(cursor.tokens, 'WHERE', setAt) >= 0 };
}

/** DELETE [modifiers] FROM t ... | DELETE t1[, t2] FROM t1 JOIN ...: the first target is reported, aliases resolved. */
function readDelete(cursor: TokenCursor): OperationDraft | string {
  const expected = 'DELETE FROM table [WHERE ...]';
  cursor.index++;
  cursor.skipWords(...DELETE_MODIFIERS);
  const tokens = cursor.tokens;
  let table: string | undefined;
  if (cursor.acceptWords('FROM')) {
    table = cursor.readTableName()?.name;
  } else {
    const target = cursor.readTableName()?.name;
    const fromAt = findTopLevelWord(tokens, 'FROM', cursor.index);
    if (target && fromAt >= 0) table = tableBehindAlias(tokens, fromAt + 1, target) ?? target;
  }
  if (!table) return expected;
  return { kind: 'delete-rows', table, hasWhere: findTopLevelWord(tokens, 'WHERE', cursor.index) >= 0 };
}

/** In `FROM sales_order o JOIN ...`, the table named by alias `o`; undefined when `alias` is no alias. */
function tableBehindAlias(tokens: readonly SqlToken[], from: number, alias: string): string | undefined {
  for (let i = from + 1; i < tokens.length; i++) {
    const token = tokens[i];
    if (!isIdentifierToken(token) || token.value !== alias) continue;
    const before = tokens[i - 1]?.upper === 'AS' ? i - 2 : i - 1;
    const table = tokens[before];
    if (table && isIdentifierToken(table) && table.upper !== 'JOIN' && table.upper !== 'FROM') return table.value;
  }
  return undefined;
}
