// Analysis room: a forward cursor over one statement's tokens, shared by the token-based recognisers
// (the statement shapes node-sql-parser does not read, and the parts whose source text we need).
import type { SqlToken } from './sqlTokens';

export interface NamedSpan {
  /** Identifier without backticks; for `db`.`table` the last part. */
  name: string;
  start: number;
  end: number;
}

export class TokenCursor {
  constructor(
    readonly tokens: readonly SqlToken[],
    public index = 0,
  ) {}

  get done(): boolean {
    return this.index >= this.tokens.length;
  }

  peek(ahead = 0): SqlToken | undefined {
    return this.tokens[this.index + ahead];
  }

  /** Whether the next tokens are these keywords, in order (nothing is consumed). */
  atWords(...words: string[]): boolean {
    return words.every((word, offset) => this.tokens[this.index + offset]?.upper === word);
  }

  /** Consumes the keywords if all of them come next. */
  acceptWords(...words: string[]): boolean {
    if (!this.atWords(...words)) return false;
    this.index += words.length;
    return true;
  }

  /** Consumes and returns the next keyword when it is one of `words`. */
  acceptOneOf(...words: string[]): string | undefined {
    const token = this.peek();
    if (!token || !token.upper || !words.includes(token.upper)) return undefined;
    this.index++;
    return token.upper;
  }

  /** Consumes any run of these keywords, in any order (statement modifiers such as LOW_PRIORITY IGNORE). */
  skipWords(...words: string[]): void {
    while (this.acceptOneOf(...words) !== undefined) {
      // consumed by the condition
    }
  }

  atSymbol(symbol: string): boolean {
    const token = this.peek();
    return token?.kind === 'symbol' && token.text === symbol;
  }

  acceptSymbol(symbol: string): boolean {
    if (!this.atSymbol(symbol)) return false;
    this.index++;
    return true;
  }

  /** A plain or `quoted` identifier. */
  readIdentifier(): NamedSpan | undefined {
    const token = this.peek();
    if (!token || !isIdentifierToken(token)) return undefined;
    this.index++;
    return { name: token.value, start: token.start, end: token.end };
  }

  /** `name` or `db`.`name`; the database qualifier is dropped (migrations name tables without it). */
  readTableName(): NamedSpan | undefined {
    const first = this.readIdentifier();
    if (!first) return undefined;
    if (this.atSymbol('.') && this.peek(1) && isIdentifierToken(this.peek(1)!)) {
      this.index++;
      const table = this.readIdentifier()!;
      return { name: table.name, start: first.start, end: table.end };
    }
    return first;
  }

  /** Skips a `( ... )` group starting at the cursor; returns false (consuming nothing) if none starts here. */
  skipParenthesised(): boolean {
    if (!this.atSymbol('(')) return false;
    this.index = indexAfterGroup(this.tokens, this.index);
    return true;
  }

  rest(): SqlToken[] {
    return this.tokens.slice(this.index);
  }
}

export function isIdentifierToken(token: SqlToken): boolean {
  return (token.kind === 'word' || token.kind === 'quoted-identifier') && token.value.length > 0 && !token.unterminated;
}

/** Index after the `)` matching the `(` at `open`, or the length when it never closes. Iterative: deep nesting is fine. */
export function indexAfterGroup(tokens: readonly SqlToken[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.kind !== 'symbol') continue;
    if (token.text === '(') depth++;
    else if (token.text === ')' && --depth === 0) return i + 1;
  }
  return tokens.length;
}

/** Splits tokens at commas outside parentheses (ALTER clauses, CREATE TABLE items, RENAME pairs). */
export function splitAtTopLevelCommas(tokens: readonly SqlToken[]): SqlToken[][] {
  const parts: SqlToken[][] = [[]];
  let depth = 0;
  for (const token of tokens) {
    if (token.kind === 'symbol') {
      if (token.text === '(') depth++;
      else if (token.text === ')') depth = Math.max(0, depth - 1);
      else if (token.text === ',' && depth === 0) {
        parts.push([]);
        continue;
      }
    }
    parts[parts.length - 1].push(token);
  }
  return parts;
}

/** Index of the first keyword `word` outside parentheses, or -1. */
export function findTopLevelWord(tokens: readonly SqlToken[], word: string, from = 0): number {
  let depth = 0;
  for (let i = from; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.kind === 'symbol') {
      if (token.text === '(') depth++;
      else if (token.text === ')') depth = Math.max(0, depth - 1);
    } else if (depth === 0 && token.upper === word) {
      return i;
    }
  }
  return -1;
}

/** Source text of a token run with comments dropped: adjacent tokens stay glued, others get one space. */
export function joinTokens(tokens: readonly SqlToken[], rewrite?: (token: SqlToken) => string): string {
  let text = '';
  for (let i = 0; i < tokens.length; i++) {
    if (i > 0 && tokens[i - 1].end !== tokens[i].start) text += ' ';
    text += rewrite ? rewrite(tokens[i]) : tokens[i].text;
  }
  return text;
}
