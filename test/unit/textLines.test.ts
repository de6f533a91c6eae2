// Offsets to LSP positions: every offset of texts with LF, CRLF and lone CR line breaks (and none)
// against a position counted character by character.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextLines } from '../../server/src/analysis/textLines';

/** Line and character of each offset, counted one character at a time (CRLF is one break). */
function countedPositions(text: string): Array<{ line: number; character: number }> {
  const positions: Array<{ line: number; character: number }> = [];
  let line = 0;
  let character = 0;
  for (let offset = 0; offset <= text.length; offset++) {
    positions.push({ line, character });
    const ch = text[offset];
    if (ch === '\n' || (ch === '\r' && text[offset + 1] !== '\n')) {
      line++;
      character = 0;
    } else character++;
  }
  return positions;
}

const TEXTS = ['', 'one line', '\n', 'a\nb\n', '\n\nthird\n\n', 'a\r\nb\r\n', 'a\rb\rc', 'mixed\r\nline\nbreaks\rhere\n', '<?php\n\nfinal class X\n{\n}\n'];

describe('TextLines', () => {
  for (const text of TEXTS) {
    it(`maps every offset of ${JSON.stringify(text)} to its line and character, and back`, () => {
      const lines = new TextLines(text);
      const expected = countedPositions(text);
      for (let offset = 0; offset <= text.length; offset++) {
        assert.deepEqual(lines.positionAt(offset), expected[offset], `offset ${offset}`);
        // Back to the offset, except inside a CRLF (no position points between its two characters).
        if (!(text[offset - 1] === '\r' && text[offset] === '\n')) assert.equal(lines.offsetAt(expected[offset]), offset, `offset ${offset} back`);
      }
      assert.equal(lines.lineCount, expected[text.length].line + 1);
    });
  }

  it('answers offsets asked in any order (it remembers the last line it found)', () => {
    const text = TEXTS.join('\n').repeat(3);
    const lines = new TextLines(text);
    const expected = countedPositions(text);
    let seed = 12345;
    for (let step = 0; step < 5000; step++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      const offset = (seed % (text.length + 20)) - 10;
      assert.deepEqual(lines.positionAt(offset), expected[Math.max(0, Math.min(offset, text.length))], `offset ${offset}`);
    }
  });
});
