// Analysis room: the raw-SQL reader. Turns the SQL of a Phinx execute()/query() literal into
// SchemaOperations (source 'sql'). Pure: no vscode, no LSP. It never throws: whatever it cannot read
// becomes an 'unanalyzable-sql' operation that says why, over the statement or clause concerned.
import type { MigrationPhase, SchemaOperation } from '../schema/operations';
import type { Range } from '../types';
import { readAlterTable } from './alterTable';
import { readCreateIndex, readCreateTable } from './createStatements';
import { readDataStatement } from './dataStatements';
import { BudgetedParser } from './mysqlParser';
import { OVER_BUDGET_REASON, quoteSource, unanalyzable, type SpannedDraft, type StatementReading } from './operationDrafts';
import { splitSqlStatements, type SqlStatement } from './sqlStatements';
import { tokenizeSql } from './sqlTokens';
import {
  readDropDatabase,
  readDropIndex,
  readDropTable,
  readLockTables,
  readOptimizeTable,
  readRenameTable,
  readTruncate,
} from './tableStatements';

export interface ReadSqlOptions {
  /** false: every clause goes to node-sql-parser, none is read from the tokens alone (for tests comparing the two). */
  shortcuts?: boolean;
}

export interface SqlReading {
  operations: SchemaOperation[];
}

/**
 * @param sql the SQL text (already unquoted from the PHP literal)
 * @param locate maps a [start, end) offset range of `sql` to the document range it came from
 * @param phase the migration method the SQL runs in
 */
export function readSql(sql: string, locate: (start: number, end: number) => Range, phase: MigrationPhase, options: ReadSqlOptions = {}): SqlReading {
  const operations: SchemaOperation[] = [];
  const parser = new BudgetedParser(undefined, options.shortcuts ?? true);
  let statements: SqlStatement[];
  try {
    statements = splitSqlStatements(tokenizeSql(sql).tokens);
  } catch (error) {
    // The lexer is total by design; this only keeps a bug in it from taking the file's diagnostics down.
    const reason = `Could not analyse this SQL (internal error: ${error instanceof Error ? error.message.slice(0, 120) : String(error)}). Check it by hand.`;
    return { operations: [{ kind: 'unanalyzable-sql', reason, range: locate(0, sql.length), source: 'sql', phase }] };
  }
  for (const statement of statements) {
    if (parser.spent) {
      // One operation for everything after the budget ran out, rather than one per statement.
      const lastEnd = statements[statements.length - 1].end;
      operations.push({ kind: 'unanalyzable-sql', reason: OVER_BUDGET_REASON, range: locate(statement.start, lastEnd), source: 'sql', phase });
      break;
    }
    const reading = readStatementSafely(statement, parser);
    const statementRange = locate(statement.start, statement.end);
    // Unique within a migration file: literals start at different document positions, statements of
    // one literal at different SQL offsets (which matters when interpolations map to one position).
    const batch = reading.batched ? `sql@${statementRange.start.line}:${statementRange.start.character}+${statement.start}` : undefined;
    for (const { draft, start, end } of reading.drafts) {
      const operation: SchemaOperation = { ...draft, range: locate(start, end), source: 'sql', phase };
      if (batch !== undefined && operation.kind !== 'unanalyzable-sql') operation.batch = batch;
      operations.push(operation);
    }
  }
  return { operations };
}

function readStatementSafely(statement: SqlStatement, parser: BudgetedParser): StatementReading {
  const broken = statement.tokens.find((token) => token.unterminated || token.kind === 'unterminated-comment');
  if (broken) return { drafts: [unterminated(statement, broken.kind)], batched: false };
  try {
    return readStatement(statement, parser);
  } catch (error) {
    // A bug here must not take the other statements (or the whole file's diagnostics) down with it.
    const message = error instanceof Error ? error.message : String(error);
    return { drafts: [unanalyzable(`Could not analyse this statement (internal error: ${message.slice(0, 120)}). Check it by hand.`, statement.tokens)], batched: false };
  }
}

function unterminated(statement: SqlStatement, kind: string): SpannedDraft {
  const what = kind === 'unterminated-comment' ? 'a /* comment' : kind === 'quoted-identifier' ? 'a `quoted` name' : 'a string';
  return unanalyzable(`This SQL has ${what} that is never closed, so where the statement ends is unknown. Check it by hand.`, statement.tokens);
}

/** Statements that change no schema and no rows (or only the session). */
const WITHOUT_EFFECT = new Set([
  'SELECT', 'SET', 'SHOW', 'DESCRIBE', 'DESC', 'EXPLAIN', 'START', 'BEGIN', 'COMMIT', 'ROLLBACK', 'SAVEPOINT', 'RELEASE',
  'USE', 'DO', 'UNLOCK', 'ANALYZE', 'CHECK', 'CHECKSUM', 'FLUSH', 'VALUES', 'TABLE',
]);
/** Objects whose creation or removal the lint does not follow. */
const UNFOLLOWED_OBJECTS = new Set(['VIEW', 'TRIGGER', 'PROCEDURE', 'FUNCTION', 'EVENT', 'USER', 'ROLE', 'SERVER', 'TABLESPACE', 'SEQUENCE']);

function readStatement(statement: SqlStatement, parser: BudgetedParser): StatementReading {
  const [first, second] = statement.tokens;
  const word = first.upper;
  const object = objectKeyword(statement);
  switch (word) {
    case 'ALTER':
      if (object === 'TABLE') return readAlterTable(statement, parser);
      // Only the defaults for tables created later change.
      if (object === 'DATABASE' || object === 'SCHEMA') return { drafts: [], batched: false };
      break;
    case 'CREATE':
      if (object === 'TABLE' || object === 'TEMPORARY') return readCreateTable(statement, parser);
      if (object === 'INDEX') return readCreateIndex(statement, parser);
      // A new, empty database breaks nothing.
      if (object === 'DATABASE' || object === 'SCHEMA') return { drafts: [], batched: false };
      break;
    case 'DROP':
      if (object === 'TABLE' || object === 'TABLES' || object === 'TEMPORARY') return readDropTable(statement);
      if (object === 'INDEX') return readDropIndex(statement);
      if (object === 'DATABASE' || object === 'SCHEMA') return readDropDatabase(statement);
      break;
    case 'RENAME':
      if (second?.upper === 'TABLE' || second?.upper === 'TABLES') return readRenameTable(statement);
      break;
    case 'TRUNCATE':
      return readTruncate(statement);
    case 'OPTIMIZE':
      return readOptimizeTable(statement);
    case 'LOCK':
      return readLockTables(statement);
    case 'INSERT':
    case 'REPLACE':
    case 'UPDATE':
    case 'DELETE':
    case 'WITH':
      return readDataStatement(statement);
    default:
      if (WITHOUT_EFFECT.has(word) || (first.kind === 'symbol' && first.text === '(')) return { drafts: [], batched: false };
  }
  const reason =
    object !== undefined && UNFOLLOWED_OBJECTS.has(object)
      ? `${word} ${object} is not analysed: check by hand what it changes for the code still running.`
      : `"${quoteSource(statement.tokens)}" is not a statement this checker reads (MySQL/MariaDB schema and data changes). Check it by hand.`;
  return { drafts: [unanalyzable(reason, statement.tokens)], batched: false };
}

/** Words between CREATE/ALTER/DROP and the kind of object that only qualify it. */
const OBJECT_QUALIFIERS = new Set([
  'OR', 'REPLACE', 'ONLINE', 'OFFLINE', 'IGNORE', 'UNIQUE', 'FULLTEXT', 'SPATIAL', 'AGGREGATE', 'DEFINER', 'CURRENT_USER',
  'ALGORITHM', 'UNDEFINED', 'MERGE', 'TEMPTABLE', 'SQL', 'SECURITY', 'INVOKER',
]);

/** TABLE in `CREATE OR REPLACE TABLE`, INDEX in `CREATE UNIQUE INDEX`, TEMPORARY in `DROP TEMPORARY TABLE`... */
function objectKeyword(statement: SqlStatement): string | undefined {
  const tokens = statement.tokens;
  for (let i = 1; i < Math.min(tokens.length, 16); i++) {
    const token = tokens[i];
    if (token.kind !== 'word') continue;
    const previous = tokens[i - 1];
    // Skip DEFINER = user@host and ALGORITHM = MERGE values.
    if (previous.kind === 'symbol' && (previous.text === '=' || previous.text === '@')) continue;
    if (!OBJECT_QUALIFIERS.has(token.upper)) return token.upper;
  }
  return undefined;
}
