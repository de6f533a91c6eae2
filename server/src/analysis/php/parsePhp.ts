// Analysis room: the one configuration of the PHP parser (glayzzle php-parser), shared by every
// reader of PHP files (phinx.php, env.php, migrations).
import { Engine, type Program } from 'php-parser';

// extractDoc stays on: a comment-only method body is then not empty (missing-down relies on that).
const engine = new Engine({
  parser: { php8: true, suppressErrors: true, extractDoc: true },
  ast: { withPositions: true, withSource: false },
  lexer: { all_tokens: false, short_tags: true },
});

guardAttributeAtEndOfInput(engine);
const endlessParse = guardAgainstEndlessParse(engine);

/**
 * php-parser 3.7 loops forever on an attribute still open when only whitespace is left (`#[Foo` and a
 * newline at the end of the file, as one is being typed): at the end of input its whitespace loop
 * keeps re-reading the last character. The language server would hang on that keystroke, so the
 * lexer's attribute state ends the input itself there, and the parser reports the missing `]`.
 */
function guardAttributeAtEndOfInput(parserEngine: Engine): void {
  type AttributeLexer = { _input: string; offset: number; size: number; input(): string; matchST_ATTRIBUTE(): unknown };
  const whitespace = new Set([' ', '\t', '\n', '\r']);
  const lexer = parserEngine.lexer as unknown as AttributeLexer;
  const matchAttribute = lexer.matchST_ATTRIBUTE;
  lexer.matchST_ATTRIBUTE = function (this: AttributeLexer) {
    let next = this.offset;
    while (next < this.size && whitespace.has(this._input[next])) next++;
    if (next < this.size) return matchAttribute.call(this);
    while (this.offset < this.size) this.input();
    return null;
  };
}

/**
 * Some garbled inputs send php-parser 3.7 round in circles for ever, and the language server with it:
 * - in a class body, `x<<<'X'` and a line `X` at the end of the file make it rewind the lexer to the
 *   same place again and again;
 * - `{namespace` at the end of the file makes it report the same error again and again without
 *   reading on.
 * Over 4,000 PHP files (the fixtures and the bench shop) no place is rewound to more than once, and no
 * file needs more than 0.37 tokens per character (0.19 on average). So a parse that rewinds to one place
 * 100 times, reports 1,000 errors at one place, or asks for 4 tokens per character is looping: from then
 * on the lexer answers end-of-file and the parser sees it, and parsePhp says where it stopped. (A file
 * cut off inside deep nesting rightly reports one error per open level at its end: hence 1,000.)
 */
const REWINDS_TO_ONE_PLACE = 100;
const ERRORS_AT_ONE_PLACE = 1_000;
const TOKENS_PER_CHARACTER = 4;
const TOKENS_ALLOWANCE = 1_000;

interface LexerState {
  offset: number;
  yylineno: number;
}

function guardAgainstEndlessParse(parserEngine: Engine): { stoppedAtLine: number | undefined } {
  type GuardedLexer = { EOF: number; done: boolean; offset: number; yylineno: number; setInput(input: string): unknown; next(): unknown; setState(state: LexerState): unknown };
  type GuardedParser = { EOF: number; token: unknown; lexer: GuardedLexer; raiseError(...args: unknown[]): unknown };
  const lexer = parserEngine.lexer as unknown as GuardedLexer;
  const parser = parserEngine.parser as unknown as GuardedParser;
  const { setInput, next, setState } = lexer;
  const { raiseError } = parser;
  const guard = { stoppedAtLine: undefined as number | undefined };
  let tokensLeft = 0;
  let rewinds = new Map<number, number>();
  let errors = new Map<number, number>();
  const stop = (atLine: number) => {
    guard.stoppedAtLine ??= atLine;
    lexer.done = true;
  };
  const oneMore = (counts: Map<number, number>, place: number, limit: number): boolean => {
    const count = (counts.get(place) ?? 0) + 1;
    counts.set(place, count);
    return count > limit;
  };
  lexer.setInput = function (this: GuardedLexer, input: string) {
    tokensLeft = TOKENS_PER_CHARACTER * input.length + TOKENS_ALLOWANCE;
    rewinds = new Map();
    errors = new Map();
    guard.stoppedAtLine = undefined;
    return setInput.call(this, input);
  };
  lexer.setState = function (this: GuardedLexer, state: LexerState) {
    if (oneMore(rewinds, state.offset, REWINDS_TO_ONE_PLACE)) stop(state.yylineno);
    return setState.call(this, state);
  };
  lexer.next = function (this: GuardedLexer) {
    if (--tokensLeft < 0) stop(this.yylineno);
    // The parser may rewind the lexer after a stop: the flag, not `done` alone, keeps it at the end.
    if (guard.stoppedAtLine !== undefined) return this.EOF;
    return next.call(this);
  };
  parser.raiseError = function (this: GuardedParser, ...args: unknown[]) {
    const node = raiseError.apply(this, args);
    if (oneMore(errors, this.lexer.offset, ERRORS_AT_ONE_PLACE)) {
      stop(this.lexer.yylineno);
      // A loop that no longer reads tokens tests the current one: it must see the end too.
      this.token = this.EOF;
    }
    return node;
  };
  return guard;
}

export interface PhpParseResult {
  program: Program;
  /** Syntax errors the parser recovered from (line 1-based, column 0-based); the program holds what still parsed. */
  errors: Array<{ message: string; line: number; column: number }>;
}

export function parsePhp(text: string, fileName: string): PhpParseResult {
  try {
    const program = engine.parseCode(text, fileName);
    // Recovered errors are AST nodes: `line` is 1-based, `loc.start.column` 0-based.
    type RecoveredError = { message: string; line?: number; loc?: { start: { line: number; column: number } } };
    const recovered = (program as unknown as { errors?: RecoveredError[] }).errors ?? [];
    const errors = recovered.map((error) => ({
      message: error.message.replace(/^Parse Error : /, ''),
      line: error.loc?.start.line ?? error.line ?? 0,
      column: error.loc?.start.column ?? 0,
    }));
    const stoppedAtLine = endlessParse.stoppedAtLine;
    if (stoppedAtLine === undefined) return { program, errors };
    // Each turn of the loop recorded the same errors again: one of each is enough.
    const distinct = [...new Map(errors.map((error) => [`${error.line}:${error.column}:${error.message}`, error])).values()];
    distinct.push({ message: `the PHP parser went round in circles at line ${stoppedAtLine} and stopped reading there; the code after it was not analysed`, line: stoppedAtLine, column: 0 });
    return { program, errors: distinct };
  } catch (error) {
    // suppressErrors still throws on a few inputs (e.g. an unterminated heredoc at EOF).
    const parseError = error as { message: string; lineNumber?: number; columnNumber?: number };
    return {
      program: { kind: 'program', children: [], errors: [], comments: [] } as unknown as Program,
      errors: [{ message: parseError.message, line: parseError.lineNumber ?? 0, column: parseError.columnNumber ?? 0 }],
    };
  }
}
