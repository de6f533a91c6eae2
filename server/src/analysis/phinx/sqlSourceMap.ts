// Analysis room (pure): maps offsets in SQL text taken from PHP source (a literal, a heredoc, a
// concatenation) back to where each character is written, so a SQL reader can underline one clause.

import type { TextLines } from '../textLines';
import type { Range } from '../types';

/**
 * One run of SQL text and where it comes from. `exact` runs are copied character for character
 * (`sql[sqlStart + i]` is written at `documentStart + i`); other runs map as a block: an escape
 * sequence (`\n` is two characters in the source, one in the SQL), an interpolated `{$table}`, or a
 * constant reference such as `self::TABLE`.
 */
export interface SqlSourceSegment {
  sqlStart: number;
  sqlEnd: number;
  documentStart: number;
  documentEnd: number;
  exact: boolean;
}

export class SqlOffsetMap {
  constructor(
    readonly segments: readonly SqlSourceSegment[],
    private readonly lines: TextLines,
  ) {}

  /** Document offset where the SQL character at `sqlOffset` starts (the end of the text for `sqlOffset` = length). */
  documentOffsetAt(sqlOffset: number): number {
    const segment = this.segmentAt(sqlOffset);
    if (!segment) return this.fallbackOffset();
    if (sqlOffset >= segment.sqlEnd) return segment.documentEnd;
    return segment.exact ? segment.documentStart + (sqlOffset - segment.sqlStart) : segment.documentStart;
  }

  /** Document range of the SQL text `[sqlStart, sqlEnd)`; a block segment is covered whole. */
  rangeOf(sqlStart: number, sqlEnd: number): Range {
    const start = this.documentOffsetAt(sqlStart);
    if (sqlEnd <= sqlStart) return this.lines.rangeOf(start, start);
    const last = this.segmentAt(sqlEnd - 1);
    const end = !last ? start : last.exact ? last.documentStart + (sqlEnd - last.sqlStart) : last.documentEnd;
    return this.lines.rangeOf(start, Math.max(start, end));
  }

  private segmentAt(sqlOffset: number): SqlSourceSegment | undefined {
    const segments = this.segments;
    if (segments.length === 0) return undefined;
    let low = 0;
    let high = segments.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (segments[mid].sqlStart <= sqlOffset) low = mid;
      else high = mid - 1;
    }
    return segments[low];
  }

  private fallbackOffset(): number {
    return this.segments.length > 0 ? this.segments[0].documentStart : 0;
  }
}

/** Builds segments while text is appended, merging adjacent exact runs. */
export class SegmentBuilder {
  readonly segments: SqlSourceSegment[] = [];
  text = '';

  append(text: string, documentStart: number, documentEnd: number, exact: boolean): void {
    if (text.length === 0) return;
    const sqlStart = this.text.length;
    this.text += text;
    const previous = this.segments[this.segments.length - 1];
    if (exact && previous?.exact && previous.sqlEnd === sqlStart && previous.documentEnd === documentStart) {
      previous.sqlEnd = this.text.length;
      previous.documentEnd = documentEnd;
      return;
    }
    this.segments.push({ sqlStart, sqlEnd: this.text.length, documentStart, documentEnd, exact });
  }

  /** Appends a piece that carries its own segments (they cover its text from 0 to its length, in order). */
  appendMapped(text: string, segments: readonly SqlSourceSegment[]): void {
    for (const segment of segments) this.append(text.slice(segment.sqlStart, segment.sqlEnd), segment.documentStart, segment.documentEnd, segment.exact);
  }
}
