// Analysis room: what the statement readers return before readSql() turns offsets into ranges and
// adds source, phase and batch. Offsets stay numbers until the end so clauses can be merged
// (DROP PRIMARY KEY + ADD PRIMARY KEY) and spans compared.
import type { SchemaOperation } from '../schema/operations';
import { MAX_PARSED_LENGTH, PARSER_BUDGET, type ParseResult } from './mysqlParser';
import type { SqlToken } from './sqlTokens';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export type OperationDraft = DistributiveOmit<SchemaOperation, 'range' | 'source' | 'phase' | 'batch'>;

export interface SpannedDraft {
  draft: OperationDraft;
  /** Offsets in the SQL of the clause to underline. */
  start: number;
  end: number;
}

export interface StatementReading {
  drafts: SpannedDraft[];
  /** The statement is one ALTER/CREATE: its operations share a batch id. */
  batched: boolean;
}

export function spanOf(tokens: readonly SqlToken[]): { start: number; end: number } {
  return { start: tokens[0].start, end: tokens[tokens.length - 1].end };
}

/** Over `tokens`, or over `fallback` (the statement) when `tokens` is empty (a stray comma's clause). */
export function unanalyzable(reason: string, tokens: readonly SqlToken[], fallback?: readonly SqlToken[]): SpannedDraft {
  return { draft: { kind: 'unanalyzable-sql', reason }, ...spanOf(tokens.length > 0 || !fallback ? tokens : fallback) };
}

/** A short quote of the source for messages: one line, at most `max` characters. */
export function quoteSource(tokens: readonly SqlToken[], max = 40): string {
  let text = '';
  for (let i = 0; i < tokens.length && text.length <= max; i++) {
    if (i > 0 && tokens[i - 1].end !== tokens[i].start) text += ' ';
    text += tokens[i].text;
  }
  text = text.replace(/\s+/g, ' ');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export const OVER_BUDGET_REASON = `Not analysed: this SQL holds more than ${PARSER_BUDGET} characters of definitions, and the rest was skipped. Check it by hand.`;

/** Why node-sql-parser could not read `tokens` (`what` names the part: "this ALTER TABLE clause"). */
export function parseFailureReason(result: Exclude<ParseResult, { ok: true }>, tokens: readonly SqlToken[], what: string): string {
  switch (result.problem) {
    case 'too-long':
      return `Could not read ${what}: longer than ${MAX_PARSED_LENGTH} characters. Check it by hand.`;
    case 'over-budget':
      return OVER_BUDGET_REASON;
    case 'crashed':
      return `Could not read ${what}: the SQL parser gave up (${result.message.slice(0, 80)}). Check it by hand.`;
    case 'syntax': {
      if (!result.at) return `Could not read ${what}: "${quoteSource(tokens.slice(-6))}" ends before the statement is complete.`;
      const at = tokens.indexOf(result.at);
      const near = quoteSource(at >= 0 ? tokens.slice(at) : tokens);
      return `Could not read ${what} near "${near}": this checker does not know that syntax (it reads MySQL/MariaDB). Check it by hand.`;
    }
  }
}
