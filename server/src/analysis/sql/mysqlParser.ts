// Analysis room: the one configuration of node-sql-parser (MySQL grammar; its MariaDB grammar rejects
// ADD UNIQUE, FOREIGN KEY, DROP PRIMARY KEY...). It is fed token runs rather than raw text: comments are
// dropped, statement prefixes can be synthesised, and a syntax error is mapped back to the source token.
// The parser's locations only cover column references, so ranges always come from our tokens.
import { Parser } from 'node-sql-parser/build/mysql';
import { unescapeSqlString, type SqlToken } from './sqlTokens';

const parser = new Parser();
const PARSER_OPTIONS = { database: 'MySQL' };

/**
 * Longer inputs are not handed to the parser: its time grows steeply with size (a 400 kB INSERT takes
 * over a second), and no real column or index definition comes close.
 */
export const MAX_PARSED_LENGTH = 20_000;

/**
 * Parser input allowed per readSql() call. A parse costs about 0.2-0.6 ms however small the clause, so
 * this bounds a pathological literal (thousands of ALTERs) to about a second; a real migration uses a
 * few thousand characters.
 */
export const PARSER_BUDGET = 100_000;

export type ParseResult =
  | { ok: true; ast: unknown }
  /** `at`: the source token where the grammar stopped; undefined when the input ended too early. */
  | { ok: false; problem: 'syntax'; at: SqlToken | undefined }
  | { ok: false; problem: 'too-long' }
  /** The SQL as a whole already used the parser budget. */
  | { ok: false; problem: 'over-budget' }
  /** The parser itself failed (e.g. stack overflow on deep nesting). */
  | { ok: false; problem: 'crashed'; message: string };

export type TokenRewrite = (token: SqlToken, index: number) => string;

/**
 * What node-sql-parser would give for the input, read without it, or undefined to let it parse. Only
 * consulted after the input has passed the length and budget checks and been charged, so using one
 * changes nothing but the time taken.
 */
export type ParseShortcut = () => unknown;

/** node-sql-parser behind a budget of input characters; readSql() makes one per call. */
export class BudgetedParser {
  /** `shortcuts`: false makes every parse go to node-sql-parser (the tests compare both ways). */
  constructor(
    private remaining = PARSER_BUDGET,
    readonly shortcuts = true,
  ) {}

  /** Whether the budget is used up: callers then stop and report the rest as not analysed. */
  get spent(): boolean {
    return this.remaining <= 0;
  }

  /**
   * Parses `prefix` followed by the tokens' text. `rewrite` may change a token's text (keeping it one
   * token) to steer around gaps in the grammar.
   */
  parse(prefix: string, tokens: readonly SqlToken[], rewrite?: TokenRewrite, shortcut?: ParseShortcut): ParseResult {
    const input = parserInput(prefix, tokens, rewrite);
    if (!input) return { ok: false, problem: 'too-long' };
    const { text, tokenOffsets } = input;
    // Once spent, every later parse is refused, so what gets read does not depend on clause sizes.
    if (this.remaining <= 0) return { ok: false, problem: 'over-budget' };
    this.remaining -= text.length;
    if (shortcut && this.shortcuts) {
      const ast = shortcut();
      if (ast !== undefined) return { ok: true, ast };
    }
    try {
      return { ok: true, ast: parser.astify(text, PARSER_OPTIONS) };
    } catch (error) {
      const syntaxError = error as { name?: string; message?: string; location?: { start?: { offset?: number } } };
      const offset = syntaxError.location?.start?.offset;
      if (syntaxError.name !== 'SyntaxError' || typeof offset !== 'number') {
        return { ok: false, problem: 'crashed', message: String(syntaxError.message ?? error) };
      }
      return { ok: false, problem: 'syntax', at: tokenAtParserOffset(tokens, tokenOffsets, offset) };
    }
  }

  /**
   * Parses several token runs as ONE statement: `prefix` followed by the runs joined with ", ", each
   * run's text exactly as parse(prefix, run) would build it. A parse costs about the same however few
   * clauses it holds, so this is how a many-clause ALTER avoids one parse per clause. Nothing is
   * charged here: a caller that uses the result for a run charges `charges[i]` (what parse() would have
   * charged for it) with charge(), so the budget runs out exactly where one parse per run would make
   * it run out. Undefined when the joined text does not parse or would not fit in the remaining budget
   * (which also bounds the uncharged attempts); the caller then parses run by run.
   */
  parseJoined(prefix: string, runs: ReadonlyArray<{ tokens: readonly SqlToken[]; rewrite?: TokenRewrite }>): { ast: unknown; charges: number[] } | undefined {
    const charges: number[] = [];
    let text = prefix;
    for (const [index, run] of runs.entries()) {
      const input = parserInput('', run.tokens, run.rewrite);
      if (!input) return undefined;
      charges.push(prefix.length + input.text.length);
      text += `${index > 0 ? ', ' : ''}${input.text}`;
      if (text.length > MAX_PARSED_LENGTH || text.length > this.remaining) return undefined;
    }
    try {
      return { ast: parser.astify(text, PARSER_OPTIONS), charges };
    } catch {
      return undefined;
    }
  }

  /** Records a parse whose result came from parseJoined(). */
  charge(length: number): void {
    this.remaining -= length;
  }
}

/** `prefix` and the tokens as written (one space where the source had any), with `rewrite` applied; undefined past MAX_PARSED_LENGTH. */
function parserInput(prefix: string, tokens: readonly SqlToken[], rewrite?: TokenRewrite): { text: string; tokenOffsets: number[] } | undefined {
  let text = prefix;
  const tokenOffsets: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (i > 0 && tokens[i - 1].end !== tokens[i].start) text += ' ';
    tokenOffsets.push(text.length);
    text += rewrite ? rewrite(tokens[i], i) : tokens[i].text;
    if (text.length > MAX_PARSED_LENGTH) return undefined;
  }
  return { text, tokenOffsets };
}

function tokenAtParserOffset(tokens: readonly SqlToken[], tokenOffsets: readonly number[], offset: number): SqlToken | undefined {
  let found: SqlToken | undefined;
  for (let i = 0; i < tokens.length && tokenOffsets[i] <= offset; i++) found = tokens[i];
  if (found && offset >= tokenOffsets[tokenOffsets.length - 1] + tokens[tokens.length - 1].text.length) return undefined;
  return found ?? tokens[0];
}

// The AST shapes node-sql-parser 5.4.0 produces for what we read (its own typings say `any` there).
// Checked by the tests in test/unit/sql; every field is treated as possibly absent.

export interface AstColumnRef {
  type?: string;
  column?: string | { expr?: { value?: unknown } };
}

export interface AstDataType {
  dataType?: string;
  length?: number | null;
  scale?: number | null;
  suffix?: string[] | null;
  expr?: { value?: Array<{ type?: string; value?: unknown }> };
}

export interface AstStringValue {
  type?: string;
  value?: unknown;
}

/** One ALTER TABLE specification (a column, index, constraint or table change). */
export interface AstAlterSpec {
  action?: string;
  resource?: string;
  keyword?: string | null;
  column?: AstColumnRef;
  old_column?: AstColumnRef;
  definition?: AstDataType | AstColumnRef[];
  nullable?: { type?: string } | null;
  auto_increment?: string | null;
  unique?: string | null;
  primary_key?: string | null;
  comment?: { value?: AstStringValue } | null;
  character_set?: { value?: { value?: unknown } } | null;
  collate?: { collate?: { name?: unknown } } | null;
  generated?: { storage_type?: string | null } | null;
  suffix?: { keyword?: string; expr?: AstColumnRef } | null;
  index?: string | null;
  key?: string | null;
  constraint?: string | null;
  table?: string;
  create_definitions?: AstConstraintDefinition;
}

export interface AstConstraintDefinition {
  constraint?: string | null;
  constraint_type?: string;
  index?: string | null;
  definition?: AstColumnRef[];
  reference_definition?: { table?: Array<{ table?: string }> };
}

export interface AstAlterStatement {
  type?: string;
  expr?: AstAlterSpec[];
}

export interface AstCreateIndexStatement {
  type?: string;
  keyword?: string;
  index?: string | { name?: string } | null;
  index_type?: string | null;
  index_columns?: AstColumnRef[] | null;
  algorithm_option?: { algorithm?: string } | null;
  lock_option?: { lock?: string } | null;
}

/** A column or index name as written, without backticks. */
export function astName(ref: AstColumnRef | undefined): string | undefined {
  const column = ref?.column;
  const raw = typeof column === 'string' ? column : typeof column?.expr?.value === 'string' ? column.expr.value : undefined;
  // node-sql-parser keeps a doubled backtick of `a``b` as written.
  return raw === undefined || raw === '' ? undefined : raw.replace(/``/g, '`');
}

/** The value of a string literal as node-sql-parser keeps it (content with its escapes still in). */
export function astStringValue(value: AstStringValue | undefined): string | undefined {
  if (!value || typeof value.value !== 'string') return typeof value?.value === 'number' ? String(value.value) : undefined;
  if (value.type === 'single_quote_string') return unescapeSqlString(value.value, "'");
  if (value.type === 'double_quote_string') return unescapeSqlString(value.value, '"');
  return value.value;
}
