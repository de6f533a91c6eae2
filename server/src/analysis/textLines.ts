// Analysis room: converts string offsets to LSP positions. JS strings are UTF-16, as LSP positions are.
import type { Position, Range } from './types';

export class TextLines {
  private readonly lineStarts: number[] = [0];
  /** The line of the last binary search (see positionAt). */
  private lastLine = 0;

  constructor(readonly text: string) {
    // Every analysis of an edit starts here: without a CR, the native search finds the line breaks.
    if (text.indexOf('\r') === -1) {
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
      return;
    }
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 10) this.lineStarts.push(i + 1);
      else if (ch === 13 && text.charCodeAt(i + 1) !== 10) this.lineStarts.push(i + 1);
    }
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const starts = this.lineStarts;
    // The analysis asks mostly about the line it asked about last: that line is tried first.
    const last = this.lastLine;
    if (starts[last] <= clamped && (last + 1 === starts.length || clamped < starts[last + 1])) return { line: last, character: clamped - starts[last] };
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    this.lastLine = low;
    return { line: low, character: clamped - starts[low] };
  }

  rangeOf(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  offsetAt(position: Position): number {
    const lineStart = this.lineStarts[Math.min(Math.max(position.line, 0), this.lineStarts.length - 1)];
    return Math.min(lineStart + Math.max(position.character, 0), this.text.length);
  }

  lineText(line: number): string {
    const start = this.lineStarts[line] ?? this.text.length;
    const end = this.lineStarts[line + 1] ?? this.text.length;
    return this.text.slice(start, end).replace(/\r?\n$|\r$/, '');
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }
}
