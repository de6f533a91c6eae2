// Analysis room: ALTER TABLE statements. The statement is split into its clauses on the tokens (so each
// operation underlines its own clause), then each clause is read on its own: table options, FORCE,
// CONVERT TO, ALTER COLUMN ... DEFAULT, RENAME and ALTER INDEX by small token recognisers (node-sql-parser
// 5.4.0 rejects several of them), column/index/constraint clauses by node-sql-parser.
import type { ColumnDefinition } from '../schema/operations';
import { columnDefinitionFrom, readDefaultValue } from './columnDefinition';
import { astName, type AstAlterSpec, type AstAlterStatement, type AstColumnRef, type BudgetedParser, type TokenRewrite } from './mysqlParser';
import { plainAlterSpec } from './plainClauses';
import { OVER_BUDGET_REASON, parseFailureReason, quoteSource, spanOf, unanalyzable, type OperationDraft, type SpannedDraft, type StatementReading } from './operationDrafts';
import type { SqlStatement } from './sqlStatements';
import type { SqlToken } from './sqlTokens';
import { indexAfterGroup, splitAtTopLevelCommas, TokenCursor } from './tokenCursor';

export function readAlterTable(statement: SqlStatement, parser: BudgetedParser): StatementReading {
  const cursor = new TokenCursor(statement.tokens);
  cursor.acceptWords('ALTER');
  cursor.acceptOneOf('ONLINE', 'OFFLINE');
  cursor.acceptWords('IGNORE');
  cursor.acceptWords('TABLE');
  cursor.acceptWords('IF', 'EXISTS');
  const table = cursor.readTableName();
  if (!table) return { drafts: [unreadableTableName(statement.tokens, cursor.index)], batched: false };
  // MariaDB lock-wait options come before the clauses.
  if (cursor.acceptWords('WAIT')) cursor.index++;
  else cursor.acceptWords('NOWAIT');

  const drafts: SpannedDraft[] = [];
  // A bare `ALTER TABLE t` is valid and changes nothing.
  const clauses = cursor.done ? [] : splitAtTopLevelCommas(cursor.rest());
  const parsedTogether = parseClausesTogether(parser, clauses);
  for (const [index, clause] of clauses.entries()) {
    if (parser.spent) {
      drafts.push(unanalyzable(OVER_BUDGET_REASON, clauses.slice(index).flat(), statement.tokens));
      break;
    }
    if (clause.length === 0) {
      drafts.push(unanalyzable('An ALTER TABLE clause is empty (a stray comma?). Check this statement by hand.', statement.tokens));
      continue;
    }
    const joined = parsedTogether?.get(clause);
    if (joined) {
      parser.charge(joined.charge);
      drafts.push(...draftsFromSpecs(table.name, clause, [joined.spec]));
    } else {
      drafts.push(...readAlterClause(parser, table.name, clause));
    }
  }
  return { drafts: mergePrimaryKeyChange(drafts), batched: true };
}

export function unreadableTableName(tokens: readonly SqlToken[], at: number): SpannedDraft {
  const near = tokens[at] ? quoteSource(tokens.slice(at), 30) : 'nothing';
  return unanalyzable(
    `The table name is not a plain identifier (found "${near}"): templated or dynamic SQL cannot be checked. Check it by hand.`,
    tokens,
  );
}

/** DROP PRIMARY KEY, ADD PRIMARY KEY (...) in one ALTER is one change of key (and runs in place). */
function mergePrimaryKeyChange(drafts: SpannedDraft[]): SpannedDraft[] {
  const dropped = drafts.find((item) => item.draft.kind === 'change-primary-key' && item.draft.columns === undefined);
  const added = drafts.find((item) => item.draft.kind === 'change-primary-key' && item.draft.columns !== undefined);
  if (!dropped || !added) return drafts;
  const merged: SpannedDraft = { draft: added.draft, start: Math.min(dropped.start, added.start), end: Math.max(dropped.end, added.end) };
  return drafts.filter((item) => item !== dropped).map((item) => (item === added ? merged : item));
}

const TABLE_OPTION_STARTS = new Set([
  'ENGINE', 'CHARACTER', 'CHARSET', 'COLLATE', 'DEFAULT', 'ALGORITHM', 'LOCK', 'AUTO_INCREMENT', 'AVG_ROW_LENGTH',
  'CHECKSUM', 'COMMENT', 'COMPRESSION', 'CONNECTION', 'DATA', 'INDEX', 'DELAY_KEY_WRITE', 'ENCRYPTION', 'ENCRYPTED',
  'ENCRYPTION_KEY_ID', 'INSERT_METHOD', 'KEY_BLOCK_SIZE', 'MAX_ROWS', 'MIN_ROWS', 'PACK_KEYS', 'PAGE_CHECKSUM',
  'PAGE_COMPRESSED', 'PAGE_COMPRESSION_LEVEL', 'PASSWORD', 'ROW_FORMAT', 'STATS_AUTO_RECALC', 'STATS_PERSISTENT',
  'STATS_SAMPLE_PAGES', 'TRANSACTIONAL', 'AUTOEXTEND_SIZE', 'SECONDARY_ENGINE',
]);

type ClauseReader = 'table-options' | 'force' | 'convert' | 'alter-column-or-index' | 'rename' | 'column-list' | 'parser';

/** Which reader a clause goes to: small token recognisers for what node-sql-parser rejects, else the parser. */
function readerOf(clause: SqlToken[]): ClauseReader {
  const first = clause[0].upper;
  const second = clause[1]?.upper;
  // `INDEX DIRECTORY = ...` is a table option, `INDEX` alone is not a clause start; `DEFAULT` only starts
  // options (DEFAULT CHARSET=...). Everything else in the set always starts a table option.
  const startsTableOption =
    TABLE_OPTION_STARTS.has(first) && (first !== 'INDEX' || second === 'DIRECTORY') && (first !== 'DEFAULT' || second !== undefined);
  if (startsTableOption) return 'table-options';
  if (first === 'FORCE' && clause.length === 1) return 'force';
  if (first === 'CONVERT') return 'convert';
  if (first === 'ALTER') return 'alter-column-or-index';
  if (first === 'RENAME') return 'rename';
  if (first === 'ADD' && isParenthesisedColumnList(clause)) return 'column-list';
  return 'parser';
}

function readAlterClause(parser: BudgetedParser, table: string, clause: SqlToken[]): SpannedDraft[] {
  switch (readerOf(clause)) {
    case 'table-options':
      return readTableOptions(table, clause);
    case 'force':
      return [{ draft: { kind: 'rebuild-table', table, reason: 'force' }, ...spanOf(clause) }];
    case 'convert':
      return readConvertCharset(table, clause);
    case 'alter-column-or-index':
      return readAlterColumnOrIndex(table, clause);
    case 'rename':
      return readRename(table, clause);
    case 'column-list':
      return readColumnList(parser, table, clause);
    case 'parser':
      return readWithParser(parser, table, clause);
  }
}

/**
 * The clauses readWithParser() would parse one by one, parsed in one node-sql-parser call (a parse
 * costs about the same however few clauses it holds; ALTERs adding or dropping several columns are
 * common). Used only when the statement parses and yields one action per clause, which pairs them
 * in order: actions are separated by top-level commas, exactly where the clauses were split. Each
 * action is what parsing its clause alone gives. Undefined when fewer than two clauses go to the parser.
 */
function parseClausesTogether(parser: BudgetedParser, clauses: SqlToken[][]): Map<SqlToken[], { spec: AstAlterSpec; charge: number }> | undefined {
  // Plain clauses are read without the parser anyway (see plainClauses.ts).
  const parsed = clauses.filter(
    (clause) => clause.length > 0 && readerOf(clause) === 'parser' && !(parser.shortcuts && plainAlterSpec('', withoutIfExists(clause))),
  );
  if (parsed.length < 2 || parser.spent) return undefined;
  const runs = parsed.map((clause) => {
    const tokens = withoutIfExists(clause);
    return { tokens, rewrite: parserSpelling(tokens) };
  });
  const joined = parser.parseJoined(ALTER_CLAUSE_PREFIX, runs);
  const specs = (joined?.ast as AstAlterStatement | undefined)?.expr;
  if (!joined || !Array.isArray(specs) || specs.length !== parsed.length) return undefined;
  return new Map(parsed.map((clause, index) => [clause, { spec: specs[index], charge: joined.charges[index] }]));
}

/** `NAME [=] value` options, several per clause when written without commas (ENGINE=InnoDB ROW_FORMAT=DYNAMIC). */
function readTableOptions(table: string, clause: SqlToken[]): SpannedDraft[] {
  const drafts: SpannedDraft[] = [];
  const cursor = new TokenCursor(clause);
  while (!cursor.done) {
    const optionStart = cursor.index;
    const name = readTableOptionName(cursor);
    if (!name) {
      return [...drafts, unanalyzable(`Could not read the ALTER TABLE option "${quoteSource(clause.slice(optionStart))}". Check it by hand.`, clause.slice(optionStart))];
    }
    cursor.acceptSymbol('=');
    const value = cursor.peek();
    if (!value || value.kind === 'symbol') {
      return [...drafts, unanalyzable(`The ALTER TABLE option "${quoteSource(clause.slice(optionStart))}" has no value. Check it by hand.`, clause.slice(optionStart))];
    }
    cursor.index++;
    const span = spanOf(clause.slice(optionStart, cursor.index));
    const draft = tableOptionDraft(table, name, value.value.toUpperCase());
    const previous = drafts[drafts.length - 1];
    // CHARACTER SET x COLLATE y is one change of character set, not two rebuilds.
    if (draft?.kind === 'rebuild-table' && draft.reason === 'collation' && previous?.draft.kind === 'rebuild-table' && previous.draft.reason === 'charset') {
      previous.end = span.end;
    } else if (draft) {
      drafts.push({ draft, ...span });
    }
  }
  return drafts;
}

/** The option's name, CHARACTER SET given as CHARSET; undefined (nothing consumed) when none starts here. */
function readTableOptionName(cursor: TokenCursor): string | undefined {
  const start = cursor.index;
  cursor.acceptWords('DEFAULT');
  if (cursor.acceptWords('CHARACTER', 'SET')) return 'CHARSET';
  if (cursor.acceptWords('DATA', 'DIRECTORY') || cursor.acceptWords('INDEX', 'DIRECTORY')) return 'DIRECTORY';
  const word = cursor.peek();
  if (word?.kind === 'word' && TABLE_OPTION_STARTS.has(word.upper) && !['DEFAULT', 'CHARACTER', 'DATA', 'INDEX'].includes(word.upper)) {
    cursor.index++;
    return word.upper;
  }
  cursor.index = start;
  return undefined;
}

/** Options that only change metadata, or ask for a safe algorithm, give no operation. */
function tableOptionDraft(table: string, name: string, value: string): OperationDraft | undefined {
  switch (name) {
    case 'ENGINE':
      return { kind: 'rebuild-table', table, reason: 'engine' };
    case 'CHARSET':
      return { kind: 'rebuild-table', table, reason: 'charset' };
    case 'COLLATE':
      return { kind: 'rebuild-table', table, reason: 'collation' };
    case 'ALGORITHM':
      return value === 'COPY' ? { kind: 'explicit-lock', table, algorithm: value } : undefined;
    case 'LOCK':
      return value === 'SHARED' || value === 'EXCLUSIVE' ? { kind: 'explicit-lock', table, lock: value } : undefined;
    default:
      return undefined;
  }
}

/** CONVERT TO CHARACTER SET x [COLLATE y] (node-sql-parser 5.4.0 rejects it). */
function readConvertCharset(table: string, clause: SqlToken[]): SpannedDraft[] {
  const cursor = new TokenCursor(clause);
  const readNameAfterKeyword = (): boolean => {
    cursor.acceptSymbol('=');
    const value = cursor.peek();
    if (!value || (value.kind !== 'word' && value.kind !== 'quoted-identifier' && value.kind !== 'string')) return false;
    cursor.index++;
    return true;
  };
  let shapeOk = cursor.acceptWords('CONVERT', 'TO') && (cursor.acceptWords('CHARACTER', 'SET') || cursor.acceptWords('CHARSET')) && readNameAfterKeyword();
  if (shapeOk && cursor.acceptWords('COLLATE')) shapeOk = readNameAfterKeyword();
  shapeOk = shapeOk && cursor.done;
  if (!shapeOk) return [unanalyzable(`Could not read "${quoteSource(clause)}": expected CONVERT TO CHARACTER SET name [COLLATE name].`, clause)];
  return [{ draft: { kind: 'rebuild-table', table, reason: 'charset' }, ...spanOf(clause) }];
}

/** ALTER [COLUMN] c SET DEFAULT v | DROP DEFAULT | SET [IN]VISIBLE, and ALTER INDEX i [IN]VISIBLE. */
function readAlterColumnOrIndex(table: string, clause: SqlToken[]): SpannedDraft[] {
  const cursor = new TokenCursor(clause, 1);
  const notUnderstood = (): SpannedDraft[] => [
    unanalyzable(
      `Could not read "${quoteSource(clause)}": MySQL/MariaDB only allow SET DEFAULT, DROP DEFAULT or SET VISIBLE/INVISIBLE here. Check it by hand.`,
      clause,
    ),
  ];
  if (cursor.acceptWords('INDEX') || cursor.acceptWords('KEY')) {
    // Making an index invisible (MariaDB: IGNORED) first is the safe way to drop it: nothing to report.
    const understood = cursor.readIdentifier() && (cursor.acceptOneOf('VISIBLE', 'INVISIBLE', 'IGNORED') || cursor.acceptWords('NOT', 'IGNORED'));
    return understood && cursor.done ? [] : notUnderstood();
  }
  cursor.acceptWords('COLUMN');
  const column = cursor.readIdentifier();
  if (!column) return notUnderstood();
  if (cursor.acceptWords('DROP', 'DEFAULT') && cursor.done) {
    return [{ draft: { kind: 'change-default', table, column: column.name, default: undefined }, ...spanOf(clause) }];
  }
  if (cursor.acceptWords('SET', 'DEFAULT')) {
    const stated = readDefaultValue(clause, cursor.index);
    if (!stated || stated.end !== clause.length) return notUnderstood();
    return [{ draft: { kind: 'change-default', table, column: column.name, default: stated.value }, ...spanOf(clause) }];
  }
  if ((cursor.acceptWords('SET', 'VISIBLE') || cursor.acceptWords('SET', 'INVISIBLE')) && cursor.done) return [];
  return notUnderstood();
}

/** RENAME [TO|AS] t, RENAME COLUMN a TO b, RENAME INDEX|KEY a TO b (node-sql-parser rejects db-qualified names and RENAME INDEX). */
function readRename(table: string, clause: SqlToken[]): SpannedDraft[] {
  const cursor = new TokenCursor(clause, 1);
  const span = spanOf(clause);
  if (cursor.acceptWords('COLUMN')) {
    const from = cursor.readIdentifier();
    const to = cursor.acceptWords('TO') ? cursor.readIdentifier() : undefined;
    if (from && to && cursor.done) return [{ draft: { kind: 'rename-column', table, column: from.name, newName: to.name }, ...span }];
  } else if (cursor.acceptWords('INDEX') || cursor.acceptWords('KEY')) {
    // Renaming an index changes nothing old code can see (only index hints name indexes).
    const from = cursor.readIdentifier();
    const to = cursor.acceptWords('TO') ? cursor.readIdentifier() : undefined;
    if (from && to && cursor.done) return [];
  } else {
    if (!cursor.acceptWords('TO')) cursor.acceptWords('AS');
    const newName = cursor.readTableName();
    if (newName && cursor.done) return [{ draft: { kind: 'rename-table', table, newName: newName.name }, ...span }];
  }
  return [unanalyzable(`Could not read "${quoteSource(clause)}": expected RENAME [TO] table, RENAME COLUMN a TO b or RENAME INDEX a TO b.`, clause)];
}

/** ADD [COLUMN] (a INT, b INT): node-sql-parser only reads one column per ADD. */
function isParenthesisedColumnList(clause: SqlToken[]): boolean {
  const open = clause[1]?.upper === 'COLUMN' ? 2 : 1;
  return clause[open]?.kind === 'symbol' && clause[open].text === '(' && indexAfterGroup(clause, open) === clause.length;
}

function readColumnList(parser: BudgetedParser, table: string, clause: SqlToken[]): SpannedDraft[] {
  const open = clause[1]?.upper === 'COLUMN' ? 2 : 1;
  const inner = clause.slice(open + 1, clause.length - 1);
  return splitAtTopLevelCommas(inner).flatMap((definition) =>
    definition.length === 0 ? [unanalyzable('A column list item is empty. Check this clause by hand.', clause)] : readWithParser(parser, table, definition, 'ADD COLUMN '),
  );
}

/**
 * Clause by node-sql-parser as `ALTER TABLE t <clause>` (the table is already known). MariaDB's
 * IF [NOT] EXISTS after ADD/DROP/CHANGE/MODIFY is dropped first: the MySQL grammar has none.
 */
export function readWithParser(parser: BudgetedParser, table: string, clause: SqlToken[], clausePrefix = '', what = 'this ALTER TABLE clause'): SpannedDraft[] {
  const parserInput = withoutIfExists(clause);
  const parsed = parser.parse(`${ALTER_CLAUSE_PREFIX}${clausePrefix}`, parserInput, parserSpelling(parserInput), () => plainAlterSpec(clausePrefix, parserInput));
  if (!parsed.ok) return [unanalyzable(parseFailureReason(parsed, clause, what), clause)];
  const specs = (parsed.ast as AstAlterStatement).expr;
  if (!Array.isArray(specs) || specs.length === 0) return [unanalyzable(`Could not read "${quoteSource(clause)}". Check it by hand.`, clause)];
  return draftsFromSpecs(table, clause, specs);
}

/** The table is already known: the parser sees a placeholder name. */
const ALTER_CLAUSE_PREFIX = 'ALTER TABLE t ';

function draftsFromSpecs(table: string, clause: SqlToken[], specs: AstAlterSpec[]): SpannedDraft[] {
  const span = spanOf(clause);
  const drafts: SpannedDraft[] = [];
  for (const spec of specs) {
    const mapped = draftsForSpec(table, spec, clause);
    if (typeof mapped === 'string') return [unanalyzable(mapped, clause)];
    drafts.push(...mapped.map((draft) => ({ draft, ...span })));
  }
  return drafts;
}

function withoutIfExists(clause: SqlToken[]): SqlToken[] {
  for (let i = 1; i < Math.min(clause.length, 5); i++) {
    if (clause[i].upper !== 'IF') continue;
    if (clause[i + 1]?.upper === 'EXISTS') return [...clause.slice(0, i), ...clause.slice(i + 2)];
    if (clause[i + 1]?.upper === 'NOT' && clause[i + 2]?.upper === 'EXISTS') return [...clause.slice(0, i), ...clause.slice(i + 3)];
  }
  return clause;
}

const CHARSET_AFTER = new Set(['TEXT', 'TINYTEXT', 'MEDIUMTEXT', 'LONGTEXT', 'CHAR', 'VARCHAR']);

/**
 * Spellings the MySQL grammar of node-sql-parser lacks: CHARSET (synonym of CHARACTER SET) in a column
 * definition, rewritten only right after a type so a column named charset stays a name; DOUBLE PRECISION;
 * character set introducers (_utf8mb4'x'), which do not change what a literal means here.
 */
function parserSpelling(tokens: readonly SqlToken[]): TokenRewrite {
  return (token, index) => {
    const previous = tokens[index - 1];
    const next = tokens[index + 1];
    if (token.upper === 'PRECISION' && previous?.upper === 'DOUBLE') return '';
    if (/^_[A-Z0-9]+$/.test(token.upper) && next?.kind === 'string' && next.start === token.end) return '';
    if (token.upper !== 'CHARSET') return token.text;
    const afterType = previous !== undefined && ((previous.kind === 'symbol' && previous.text === ')') || CHARSET_AFTER.has(previous.upper));
    return afterType ? 'CHARACTER SET' : token.text;
  };
}

/** Operations for one parsed ALTER specification, or why it is not read. */
export function draftsForSpec(table: string, spec: AstAlterSpec, clause: readonly SqlToken[]): OperationDraft[] | string {
  const mapped = mapSpec(table, spec, clause);
  if (typeof mapped === 'string') return mapped;
  return mapped ?? `"${quoteSource(clause)}" is not a change this checker reads. Check it by hand.`;
}

function mapSpec(table: string, spec: AstAlterSpec, clause: readonly SqlToken[]): OperationDraft[] | string | undefined {
  const action = spec.action ?? '';
  const resource = spec.resource ?? '';
  const keyword = (spec.keyword ?? '').toLowerCase();
  switch (`${action}:${resource}`) {
    case 'add:column':
    case 'modify:column':
    case 'change:column': {
      const name = astName(spec.column);
      const from = action === 'change' ? astName(spec.old_column) : name;
      if (!name || !from) return undefined;
      const column = columnDefinitionFrom(spec, name, clause);
      const main: OperationDraft = action === 'add' ? { kind: 'add-column', table, column } : { kind: 'change-column', table, from, column };
      return [main, ...inlineKeyDrafts(table, spec, column)];
    }
    case 'drop:column': {
      const column = astName(spec.column);
      return column ? [{ kind: 'drop-column', table, column }] : undefined;
    }
    case 'add:index': {
      const indexType = keyword.startsWith('fulltext') ? 'fulltext' : keyword.startsWith('spatial') ? 'spatial' : undefined;
      const draft: OperationDraft = { kind: 'add-index', table, columns: columnNames(spec.definition), unique: false };
      const name = identifierName(spec.index);
      if (name) draft.name = name;
      if (indexType) draft.indexType = indexType;
      return [draft];
    }
    case 'add:constraint':
      return constraintDrafts(table, spec);
    case 'drop:index':
    case 'drop:key': {
      if (keyword === 'primary key') return [{ kind: 'change-primary-key', table, columns: undefined }];
      const name = identifierName(spec.index ?? spec.key);
      if (!name) return undefined;
      return [keyword === 'foreign key' ? { kind: 'drop-foreign-key', table, name } : { kind: 'drop-index', table, name }];
    }
    case 'drop:constraint': {
      // Dropping a CHECK only relaxes what may be written.
      if (keyword === 'check') return [];
      const name = identifierName(spec.constraint);
      // DROP CONSTRAINT names a unique key, a foreign key or a check alike; the schema model can tell
      // which from the name. Reported as a drop-index (the stricter reading of the two keys).
      return name ? [{ kind: 'drop-index', table, name }] : undefined;
    }
    default:
      return undefined;
  }
}

/** UNIQUE or PRIMARY KEY written inside a column definition also add that key. */
function inlineKeyDrafts(table: string, spec: AstAlterSpec, column: ColumnDefinition): OperationDraft[] {
  const drafts: OperationDraft[] = [];
  if (spec.unique) drafts.push({ kind: 'add-index', table, columns: [column.name], unique: true });
  if (spec.primary_key) drafts.push({ kind: 'change-primary-key', table, columns: [column.name] });
  return drafts;
}

function constraintDrafts(table: string, spec: AstAlterSpec): OperationDraft[] | string | undefined {
  const definition = spec.create_definitions;
  const type = (definition?.constraint_type ?? '').toLowerCase();
  if (!definition) return undefined;
  const columns = columnNames(definition.definition);
  const name = identifierName(definition.index ?? definition.constraint);
  if (type === 'primary key') return [{ kind: 'change-primary-key', table, columns }];
  if (type.startsWith('unique')) {
    const draft: OperationDraft = { kind: 'add-index', table, columns, unique: true };
    if (name) draft.name = name;
    return [draft];
  }
  if (type === 'foreign key') {
    const referencedTable = definition.reference_definition?.table?.[0]?.table;
    if (!referencedTable) return undefined;
    // The constraint name is what DROP FOREIGN KEY takes; the index name is secondary.
    const fkName = identifierName(definition.constraint ?? definition.index);
    const draft: OperationDraft = { kind: 'add-foreign-key', table, columns, referencedTable: referencedTable.replace(/``/g, '`') };
    if (fkName) draft.name = fkName;
    return [draft];
  }
  if (type === 'check') return 'CHECK constraints are not analysed: rows that old code writes may now be rejected. Check it by hand.';
  return undefined;
}

function columnNames(definition: AstAlterSpec['definition']): string[] {
  if (!Array.isArray(definition)) return [];
  return definition.map((ref: AstColumnRef) => astName(ref)).filter((name): name is string => name !== undefined);
}

function identifierName(name: string | null | undefined): string | undefined {
  return typeof name === 'string' && name !== '' ? name.replace(/``/g, '`') : undefined;
}
