// Analysis room: splits lexed SQL into statements at `;`. Semicolons in strings and comments are
// already out of the token stream; the one other place a `;` does not end a statement is the
// BEGIN ... END body of CREATE TRIGGER/PROCEDURE/FUNCTION/EVENT, which is tracked here.
import type { SqlToken } from './sqlTokens';

export interface SqlStatement {
  /** The statement's tokens, without the terminating `;`. Never empty. */
  tokens: SqlToken[];
  /** Offsets of the first token's start and the last token's end. */
  start: number;
  end: number;
}

export function splitSqlStatements(tokens: readonly SqlToken[]): SqlStatement[] {
  const statements: SqlStatement[] = [];
  let current: SqlToken[] = [];
  let storedProgram: boolean | undefined;
  let blockDepth = 0;

  const finish = (): void => {
    if (current.length > 0) statements.push({ tokens: current, start: current[0].start, end: current[current.length - 1].end });
    current = [];
    storedProgram = undefined;
    blockDepth = 0;
  };

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.kind === 'symbol' && token.text === ';' && blockDepth === 0) {
      finish();
      continue;
    }
    current.push(token);
    if (token.kind !== 'word') continue;
    if (storedProgram === undefined && current.length > 1) storedProgram = startsStoredProgram(current);
    if (!storedProgram) continue;
    if (token.upper === 'BEGIN' || token.upper === 'CASE') {
      blockDepth++;
    } else if (token.upper === 'END' && blockDepth > 0) {
      // END IF / END LOOP / END WHILE / END REPEAT close blocks whose openers are not counted.
      const next = tokens[i + 1];
      const closesUncounted = next?.kind === 'word' && ['IF', 'LOOP', 'WHILE', 'REPEAT'].includes(next.upper);
      if (!closesUncounted) blockDepth--;
    }
  }
  finish();
  return statements;
}

const STORED_PROGRAM_KINDS = new Set(['TRIGGER', 'PROCEDURE', 'FUNCTION', 'EVENT']);
const CREATE_PREAMBLE_WORDS = new Set([
  'OR', 'REPLACE', 'AGGREGATE', 'DEFINER', 'CURRENT_USER', 'SQL', 'SECURITY', 'INVOKER', 'IF', 'NOT', 'EXISTS',
]);

/**
 * undefined while the statement's head is still being read; then whether it is a CREATE of a stored
 * program (only those have BEGIN ... END bodies with inner semicolons).
 */
function startsStoredProgram(tokens: readonly SqlToken[]): boolean | undefined {
  if (tokens[0].upper !== 'CREATE') return false;
  for (let i = 1; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.kind === 'word') {
      if (STORED_PROGRAM_KINDS.has(token.upper)) return true;
      // DEFINER = user@host is made of words, strings, `@` and `=`: only keywords outside the preamble decide.
      const previous = tokens[i - 1];
      const partOfDefiner = previous.kind === 'symbol' && (previous.text === '@' || previous.text === '=');
      if (!CREATE_PREAMBLE_WORDS.has(token.upper) && !partOfDefiner) return false;
    }
  }
  return undefined;
}
