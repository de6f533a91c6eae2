// Shortcuts on every edit's path must answer exactly as the general code: a quoted string without a
// backslash reads as the full decoder reads it (text and source segments), every other literal is left
// to the decoder, and the span trimming's character test is /[;\s]/ and its arrow search lastIndexOf('->').
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodePhpStringLiteral, plainStringLiteral } from '../../../server/src/analysis/phinx/phpStringLiteral';
import { parsePhp } from '../../../server/src/analysis/php/parsePhp';
import { isSemicolonOrSpace, lastArrowAtOrBefore } from '../../../server/src/analysis/phinx/phpAst';

interface LiteralNode {
  kind: string;
  loc?: { start: { offset: number }; end: { offset: number } } | null;
  [key: string]: unknown;
}

/** Every string-like node of the program, in source order. */
function literalsOf(source: string): LiteralNode[] {
  const found: LiteralNode[] = [];
  const visit = (value: unknown): void => {
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) return value.forEach(visit);
    const node = value as LiteralNode;
    if (node.kind === 'string' || node.kind === 'encapsed' || node.kind === 'nowdoc') found.push(node);
    for (const [key, child] of Object.entries(node)) if (key !== 'loc') visit(child);
  };
  const { program, errors } = parsePhp(source, 'literals.php');
  assert.deepEqual(errors, []);
  visit(program);
  return found.sort((a, b) => a.loc!.start.offset - b.loc!.start.offset);
}

const PLAIN = [`'sales_order'`, `''`, `""`, `"catalog_product_entity"`, `b'binary'`, `B"binary"`, `'$not_a_variable'`, `'UPDATE quote SET x = "y"'`, `'ünïcödé'`];
const DECODED = [`'it\\'s'`, `'back\\\\slash'`, `'trailing\\\\'`, `"tab\\there"`, `"quote \\" inside"`, `"interpolated $table"`, `"braced {$table}"`, `<<<SQL\n    ALTER TABLE x\n    SQL`, `<<<'SQL'\n    RAW\n    SQL`];

describe('plain string literals', () => {
  it('reads a quoted string without a backslash as the full decoder does', () => {
    const source = `<?php\n$table = 'x';\n${PLAIN.map((literal) => `$value = ${literal};`).join('\n')}\n`;
    const literals = literalsOf(source).slice(1);
    assert.equal(literals.length, PLAIN.length);
    for (const [index, node] of literals.entries()) {
      const plain = plainStringLiteral(source, node);
      assert.ok(plain, `${PLAIN[index]} takes the shortcut`);
      assert.deepEqual([{ kind: 'text', ...plain }], decodePhpStringLiteral(source, node), PLAIN[index]);
      assert.equal(source.slice(plain.segments[0]?.documentStart ?? 0, plain.segments[0]?.documentEnd ?? 0), plain.text, `${PLAIN[index]}: the segment points at the text`);
    }
  });

  it('leaves escapes, interpolation, heredocs and nowdocs to the full decoder', () => {
    const source = `<?php\n$table = 'x';\n${DECODED.map((literal) => `$value = ${literal};`).join('\n')}\n`;
    const literals = literalsOf(source).slice(1).filter((node) => node.loc!.start.offset > source.indexOf('$value'));
    const outer = literals.filter((node) => !literals.some((other) => other !== node && other.loc!.start.offset <= node.loc!.start.offset && other.loc!.end.offset >= node.loc!.end.offset));
    assert.equal(outer.length, DECODED.length);
    for (const [index, node] of outer.entries()) assert.equal(plainStringLiteral(source, node), undefined, DECODED[index]);
  });
});

describe('isSemicolonOrSpace', () => {
  it('is /[;\\s]/ for every UTF-16 code unit (and false past the end of a text)', () => {
    for (let code = 0; code <= 0xffff; code++) assert.equal(isSemicolonOrSpace(code), /[;\s]/.test(String.fromCharCode(code)), `U+${code.toString(16)}`);
    assert.equal(isSemicolonOrSpace(''.charCodeAt(0)), false);
  });
});

describe('lastArrowAtOrBefore', () => {
  it("is lastIndexOf('->', from) for every start, in and around texts with and without arrows", () => {
    for (const source of ['', '-', '>', '->', '>-', '-->>', '->->', 'a->b', 'x-> y ->z', '$this->table()->addColumn()', '$a?->b()']) {
      for (let from = -3; from <= source.length + 3; from++) assert.equal(lastArrowAtOrBefore(source, from), source.lastIndexOf('->', from), `${JSON.stringify(source)} from ${from}`);
    }
  });
});
