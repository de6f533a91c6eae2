// Analysis room: a MySQL/MariaDB lexer for raw SQL taken from Phinx execute()/query() literals.
// Every recogniser in sql/ reads these tokens, so strings, comments and `backtick` identifiers are
// skipped in one place. It never throws: unterminated strings, identifiers and comments become tokens
// flagged `unterminated`, which the statement readers report as unanalyzable.

export type SqlTokenKind =
  /** Keyword or unquoted identifier. */
  | 'word'
  /** `backtick quoted` identifier. */
  | 'quoted-identifier'
  /** 'single' or "double" quoted string. */
  | 'string'
  | 'number'
  /** Any other single character: ( ) , ; . = and also stray bytes. */
  | 'symbol'
  /** A `/* ...` comment that never closes (its text is otherwise skipped like a comment). */
  | 'unterminated-comment';

export interface SqlToken {
  kind: SqlTokenKind;
  /** Source text, quotes included. */
  text: string;
  /** Upper-case text for words, '' for every other kind, so a string 'DROP' never matches a keyword. */
  upper: string;
  /** Identifier name without backticks, string content without quotes and escapes, else the text. */
  value: string;
  start: number;
  end: number;
  /** A string or quoted identifier whose closing quote is missing (it runs to the end of the SQL). */
  unterminated?: true;
}

export interface SqlComment {
  /** Text without the comment markers. */
  body: string;
  start: number;
  end: number;
}

export interface SqlTokens {
  tokens: SqlToken[];
  comments: SqlComment[];
}

const NUMBER = /(?:0[xX][0-9a-fA-F]+|0[bB][01]+|[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?)/y;
const EXECUTABLE_COMMENT_START = /\/\*M?!\d*/y;

/** Letters, digits, _ and $, and every non-ASCII character (MySQL allows them in unquoted names). */
function isWordChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95 || code === 36 || code >= 128;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

export function tokenizeSql(sql: string): SqlTokens {
  const tokens: SqlToken[] = [];
  const comments: SqlComment[] = [];
  // Inside `/*! ... */` (or MariaDB `/*M! ... */`) the server runs the content, so it is lexed as SQL.
  let inExecutableComment = false;
  let i = 0;
  const length = sql.length;

  const push = (kind: SqlTokenKind, start: number, end: number, value?: string, unterminated?: boolean): void => {
    const text = sql.slice(start, end);
    const token: SqlToken = { kind, text, upper: kind === 'word' ? text.toUpperCase() : '', value: value ?? text, start, end };
    if (unterminated) token.unterminated = true;
    tokens.push(token);
  };

  while (i < length) {
    const code = sql.charCodeAt(i);
    const next = sql.charCodeAt(i + 1);
    if (code === 32 || (code >= 9 && code <= 13)) {
      i++;
    } else if (code === 35 /* # */ || (code === 45 /* - */ && next === 45 && isDashCommentEnd(sql, i + 2))) {
      const lineEnd = findLineEnd(sql, i);
      comments.push({ body: sql.slice(i + (code === 35 ? 1 : 2), lineEnd), start: i, end: lineEnd });
      i = lineEnd;
    } else if (code === 47 /* / */ && next === 42 /* * */) {
      EXECUTABLE_COMMENT_START.lastIndex = i;
      const executable = inExecutableComment ? null : EXECUTABLE_COMMENT_START.exec(sql);
      if (executable) {
        inExecutableComment = true;
        i += executable[0].length;
        continue;
      }
      const close = sql.indexOf('*/', i + 2);
      if (close < 0) {
        push('unterminated-comment', i, length);
        i = length;
      } else {
        comments.push({ body: sql.slice(i + 2, close), start: i, end: close + 2 });
        i = close + 2;
      }
    } else if (code === 42 /* * */ && next === 47 /* / */ && inExecutableComment) {
      inExecutableComment = false;
      i += 2;
    } else if (code === 39 /* ' */ || code === 34 /* " */ || code === 96 /* ` */) {
      const quote = sql[i];
      const end = findQuoteEnd(sql, i, quote);
      const unterminated = end < 0;
      const tokenEnd = unterminated ? length : end;
      const inner = sql.slice(i + 1, unterminated ? length : end - 1);
      if (quote === '`') push('quoted-identifier', i, tokenEnd, inner.replace(/``/g, '`'), unterminated);
      else push('string', i, tokenEnd, unescapeSqlString(inner, quote), unterminated);
      i = tokenEnd;
    } else if (isDigit(code)) {
      NUMBER.lastIndex = i;
      const match = NUMBER.exec(sql);
      let end = i + (match ? match[0].length : 1);
      // MySQL identifiers may start with digits (`1st_table`): a number glued to letters is a word.
      if (end < length && isWordChar(sql.charCodeAt(end))) {
        while (end < length && isWordChar(sql.charCodeAt(end))) end++;
        push('word', i, end);
      } else {
        push('number', i, end);
      }
      i = end;
    } else if (isWordChar(code)) {
      let end = i + 1;
      while (end < length && isWordChar(sql.charCodeAt(end))) end++;
      push('word', i, end);
      i = end;
    } else {
      push('symbol', i, i + 1);
      i++;
    }
  }
  return { tokens, comments };
}

/** `--` starts a comment only when followed by whitespace, a control character or the end (MySQL rule). */
function isDashCommentEnd(sql: string, index: number): boolean {
  return index >= sql.length || sql.charCodeAt(index) <= 32;
}

function findLineEnd(sql: string, from: number): number {
  for (let i = from; i < sql.length; i++) {
    const code = sql.charCodeAt(i);
    if (code === 10 || code === 13) return i;
  }
  return sql.length;
}

/** Offset after the closing quote, or -1. Backslash escapes apply to strings, doubled quotes to all. */
function findQuoteEnd(sql: string, open: number, quote: string): number {
  const quoteCode = quote.charCodeAt(0);
  const backslashEscapes = quote !== '`';
  let i = open + 1;
  while (i < sql.length) {
    const code = sql.charCodeAt(i);
    if (code === 92 /* \\ */ && backslashEscapes) {
      i += 2;
    } else if (code === quoteCode) {
      if (sql.charCodeAt(i + 1) === quoteCode) i += 2;
      else return i + 1;
    } else {
      i++;
    }
  }
  return -1;
}

const ESCAPES: Record<string, string> = { '0': '\0', b: '\b', n: '\n', r: '\r', t: '\t', Z: '\x1a' };

/** The value of a string literal's content (default sql_mode: backslash escapes on). */
export function unescapeSqlString(content: string, quote: string): string {
  if (!content.includes('\\') && !content.includes(quote)) return content;
  const doubledQuote = quote === '"' ? '""' : "''";
  return content.replace(/\\([\s\S])|''|""/g, (match: string, escaped: string | undefined) => {
    if (escaped === undefined) return match === doubledQuote ? quote : match;
    // \% and \_ keep their backslash: MySQL does so to let LIKE patterns be written literally.
    return ESCAPES[escaped] ?? (escaped === '%' || escaped === '_' ? `\\${escaped}` : escaped);
  });
}
