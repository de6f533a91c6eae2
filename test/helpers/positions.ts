// Test helper: where a piece of text is, computed from the fixture itself so expected ranges are never
// typed in by hand. 0-based lines and UTF-16 columns, as LSP and the analysis use.
import type { Position, Range } from '../../server/src/analysis/types';

/** Position of `offset` in `text`; CRLF, CR and LF all end a line. */
export function positionAtOffset(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const lineBreaks = before.match(/\r\n|\r|\n/g) ?? [];
  const lastBreak = Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r'));
  return { line: lineBreaks.length, character: offset - (lastBreak + 1) };
}

/** Range of the `occurrence`-th (0-based) occurrence of `needle` in `text`; throws when absent. */
export function rangeOf(text: string, needle: string, occurrence = 0): Range {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`${JSON.stringify(needle)} occurs fewer than ${occurrence + 1} times`);
  }
  return { start: positionAtOffset(text, at), end: positionAtOffset(text, at + needle.length) };
}

/** Range of the value of `attribute="value"` (inside the quotes), e.g. valueRangeOf(text, 'setup_version', '1.0.0'). */
export function valueRangeOf(text: string, attribute: string, value: string, occurrence = 0): Range {
  const whole = `${attribute}="${value}"`;
  const attributeRange = rangeOf(text, whole, occurrence);
  const start = { line: attributeRange.start.line, character: attributeRange.start.character + attribute.length + 2 };
  return { start, end: { line: start.line, character: start.character + value.length } };
}

/** Offset of a position in `text` (the inverse of positionAtOffset). */
export function offsetAtPosition(text: string, position: Position): number {
  let offset = 0;
  for (let line = 0; line < position.line; line++) {
    const match = /\r\n|\r|\n/.exec(text.slice(offset));
    if (!match) throw new Error(`text has no line ${position.line}`);
    offset += match.index + match[0].length;
  }
  return offset + position.character;
}

/** Applies non-overlapping edits, as an editor applies a quick fix. */
export function applyEdits(text: string, edits: ReadonlyArray<{ range: Range; newText: string }>): string {
  return [...edits]
    .map((edit) => ({ start: offsetAtPosition(text, edit.range.start), end: offsetAtPosition(text, edit.range.end), newText: edit.newText }))
    .sort((a, b) => b.start - a.start)
    .reduce((result, edit) => result.slice(0, edit.start) + edit.newText + result.slice(edit.end), text);
}
