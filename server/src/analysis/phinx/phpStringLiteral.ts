// Analysis room (pure): decodes PHP string literals from the source text itself, the way PHP does
// (escapes, heredoc indentation removal), keeping where every decoded character is written. The
// parser's own `value` cannot be mapped back to the source and differs from PHP on a few escapes
// (php-parser 3.7 turns `\"` inside a heredoc into `"`; PHP keeps both characters).

import { SegmentBuilder, type SqlSourceSegment } from './sqlSourceMap';

/** A literal is text plus, for double-quoted strings and heredocs, interpolated expressions. */
export type LiteralPart =
  | { kind: 'text'; text: string; segments: SqlSourceSegment[] }
  | { kind: 'interpolation'; expression: unknown; start: number; end: number };

interface LocatedNode {
  kind: string;
  loc?: { start: { offset: number }; end: { offset: number } } | null;
  [key: string]: unknown;
}

type Quote = '"' | 'heredoc' | 'none';

/** The parts of a `string`, `encapsed` (double-quoted or heredoc) or `nowdoc` node; undefined when it is none of those or its source looks unexpected. */
export function decodePhpStringLiteral(source: string, node: LocatedNode): LiteralPart[] | undefined {
  if (!node.loc) return undefined;
  const start = node.loc.start.offset;
  const end = node.loc.end.offset;
  if (node.kind === 'string') {
    const open = openingQuoteAt(source, start);
    if (open === undefined || source[end - 1] !== source[open]) return undefined;
    const builder = new SegmentBuilder();
    if (source[open] === "'") {
      decodeSingleQuoted(source, open + 1, end - 1, builder);
      return finish(builder, []);
    }
    const parts: LiteralPart[] = [];
    return finish(decodeEscaped(source, open + 1, end - 1, '"', [], builder, parts), parts);
  }
  if (node.kind === 'nowdoc') return decodeHeredoc(source, start, end, 'none', []);
  if (node.kind === 'encapsed') {
    const interpolations = interpolationsOf(node);
    if (node.type === 'heredoc') return decodeHeredoc(source, start, end, 'heredoc', interpolations);
    if (node.type !== 'string') return undefined;
    const open = openingQuoteAt(source, start);
    if (open === undefined || source[open] !== '"' || source[end - 1] !== '"') return undefined;
    const parts: LiteralPart[] = [];
    return finish(decodeEscaped(source, open + 1, end - 1, '"', interpolations, new SegmentBuilder(), parts), parts);
  }
  return undefined;
}

/**
 * A quoted `string` node without a backslash: its text as written, one exact segment. Most literals of
 * a migration are such (table, column and option names), and the decoder's builders cost more than
 * the reading; the result is what decodePhpStringLiteral gives for them.
 */
export function plainStringLiteral(source: string, node: LocatedNode): { text: string; segments: SqlSourceSegment[] } | undefined {
  if (node.kind !== 'string' || !node.loc) return undefined;
  const end = node.loc.end.offset;
  let open = node.loc.start.offset;
  let quote = source.charCodeAt(open);
  // A `b"..."` binary-string prefix may be inside the node's range (see openingQuoteAt).
  if (quote === 98 || quote === 66) quote = source.charCodeAt(++open);
  if ((quote !== 39 && quote !== 34) || end - 1 <= open || source.charCodeAt(end - 1) !== quote) return undefined;
  for (let i = open + 1; i < end - 1; i++) if (source.charCodeAt(i) === 92) return undefined;
  const text = source.slice(open + 1, end - 1);
  return { text, segments: text.length > 0 ? [{ sqlStart: 0, sqlEnd: text.length, documentStart: open + 1, documentEnd: end - 1, exact: true }] : [] };
}

function openingQuoteAt(source: string, start: number): number | undefined {
  // A `b"..."` binary-string prefix may be inside the node's range.
  const at = source[start] === 'b' || source[start] === 'B' ? start + 1 : start;
  return source[at] === "'" || source[at] === '"' ? at : undefined;
}

interface Interpolation {
  expression: unknown;
  start: number;
  end: number;
}

function interpolationsOf(node: LocatedNode): Interpolation[] {
  const parts = Array.isArray(node.value) ? (node.value as LocatedNode[]) : [];
  const found: Interpolation[] = [];
  for (const part of parts) {
    const expression = (part.expression ?? part) as LocatedNode;
    if (expression.kind === 'string' || !part.loc) continue;
    found.push({ expression, start: part.loc.start.offset, end: part.loc.end.offset });
  }
  return found.sort((a, b) => a.start - b.start);
}

function decodeSingleQuoted(source: string, from: number, to: number, builder: SegmentBuilder): void {
  let runStart = from;
  for (let i = from; i < to; i++) {
    if (source[i] !== '\\' || i + 1 >= to) continue;
    const next = source[i + 1];
    if (next !== '\\' && next !== "'") continue;
    builder.append(source.slice(runStart, i), runStart, i, true);
    builder.append(next, i, i + 2, false);
    i++;
    runStart = i + 1;
  }
  builder.append(source.slice(runStart, to), runStart, to, true);
}

/**
 * Decodes `[from, to)` of a double-quoted string or heredoc line into `builder`. An interpolation
 * closes the text so far (pushed to `parts`) and is pushed itself; the returned builder holds the
 * text after the last one, not yet pushed.
 */
function decodeEscaped(source: string, from: number, to: number, quote: Quote, interpolations: Interpolation[], builder: SegmentBuilder, parts: LiteralPart[]): SegmentBuilder {
  let current = builder;
  let runStart = from;
  let next = interpolations.findIndex((interpolation) => interpolation.start >= from);
  let i = from;
  while (i < to) {
    if (next >= 0 && next < interpolations.length && interpolations[next].start === i) {
      current.append(source.slice(runStart, i), runStart, i, true);
      flushText(current, parts);
      const interpolation = interpolations[next];
      parts.push({ kind: 'interpolation', expression: interpolation.expression, start: interpolation.start, end: interpolation.end });
      current = new SegmentBuilder();
      i = interpolation.end;
      runStart = i;
      next++;
      continue;
    }
    if (quote !== 'none' && source[i] === '\\') {
      const escape = decodeEscape(source, i, to, quote);
      if (escape) {
        current.append(source.slice(runStart, i), runStart, i, true);
        current.append(escape.text, i, i + escape.length, false);
        i += escape.length;
        runStart = i;
        continue;
      }
    }
    i++;
  }
  current.append(source.slice(runStart, to), runStart, to, true);
  return current;
}

function flushText(builder: SegmentBuilder, parts: LiteralPart[]): void {
  if (builder.text.length > 0) parts.push({ kind: 'text', text: builder.text, segments: builder.segments });
}

/** Pushes the remaining text; an empty literal still yields one (empty) text part. */
function finish(builder: SegmentBuilder, parts: LiteralPart[]): LiteralPart[] {
  flushText(builder, parts);
  if (parts.length === 0) parts.push({ kind: 'text', text: '', segments: [] });
  return parts;
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', v: '\v', e: '\x1b', f: '\f', '\\': '\\', $: '$' };

/** PHP's escape sequences in double quotes and heredocs; undefined = the backslash is literal. */
function decodeEscape(source: string, at: number, to: number, quote: Quote): { text: string; length: number } | undefined {
  if (at + 1 >= to) return undefined;
  const next = source[at + 1];
  if (SIMPLE_ESCAPES[next] !== undefined) return { text: SIMPLE_ESCAPES[next], length: 2 };
  // Only the delimiting quote is an escape; in a heredoc `\"` stays two characters.
  if (next === '"') return quote === '"' ? { text: '"', length: 2 } : undefined;
  const octal = /^[0-7]{1,3}/.exec(source.slice(at + 1, Math.min(to, at + 4)));
  if (octal) return { text: String.fromCharCode(parseInt(octal[0], 8) & 0xff), length: 1 + octal[0].length };
  if (next === 'x') {
    const hex = /^[0-9A-Fa-f]{1,2}/.exec(source.slice(at + 2, Math.min(to, at + 4)));
    return hex ? { text: String.fromCharCode(parseInt(hex[0], 16)), length: 2 + hex[0].length } : undefined;
  }
  if (next === 'u') {
    const unicode = /^\{([0-9A-Fa-f]+)\}/.exec(source.slice(at + 2, Math.min(to, at + 16)));
    const codePoint = unicode ? parseInt(unicode[1], 16) : NaN;
    return unicode && codePoint <= 0x10ffff ? { text: String.fromCodePoint(codePoint), length: 2 + unicode[0].length } : undefined;
  }
  return undefined;
}

const HEREDOC_HEADER = /^<<<[ \t]*(?:"([^"\r\n]+)"|'([^'\r\n]+)'|([A-Za-z_\x80-\uffff][A-Za-z0-9_\x80-\uffff]*))(\r\n|\n|\r)/;

/** Heredoc/nowdoc: the closing marker's indentation is removed from every line (PHP 7.3+). */
function decodeHeredoc(source: string, start: number, end: number, quote: Quote, interpolations: Interpolation[]): LiteralPart[] | undefined {
  const header = HEREDOC_HEADER.exec(source.slice(start, Math.min(end, start + 300)));
  if (!header) return undefined;
  const label = header[1] ?? header[2] ?? header[3];
  const bodyStart = start + header[0].length;
  const labelStart = end - label.length;
  if (labelStart < bodyStart || source.slice(labelStart, end) !== label) return undefined;
  let indentStart = labelStart;
  while (indentStart > bodyStart && (source[indentStart - 1] === ' ' || source[indentStart - 1] === '\t')) indentStart--;
  const indentation = source.slice(indentStart, labelStart);
  let bodyEnd = indentStart;
  if (bodyEnd > bodyStart) {
    if (source[bodyEnd - 1] === '\n') bodyEnd -= source[bodyEnd - 2] === '\r' && bodyEnd - 2 >= bodyStart ? 2 : 1;
    else if (source[bodyEnd - 1] === '\r') bodyEnd -= 1;
    else return undefined;
  }
  const parts: LiteralPart[] = [];
  let builder = new SegmentBuilder();
  let lineStart = bodyStart;
  while (lineStart < bodyEnd) {
    let contentStart = lineStart;
    for (let k = 0; k < indentation.length && contentStart < bodyEnd && source[contentStart] === indentation[k]; k++) contentStart++;
    let lineEnd = contentStart;
    while (lineEnd < bodyEnd && source[lineEnd] !== '\n' && source[lineEnd] !== '\r') lineEnd++;
    // An interpolation may span lines; decode up to its end then.
    for (const interpolation of interpolations) {
      if (interpolation.start < lineEnd && interpolation.end > lineEnd) lineEnd = Math.min(bodyEnd, interpolation.end);
    }
    while (lineEnd < bodyEnd && source[lineEnd] !== '\n' && source[lineEnd] !== '\r') lineEnd++;
    let newlineEnd = lineEnd;
    if (source[newlineEnd] === '\r' && source[newlineEnd + 1] === '\n') newlineEnd += 2;
    else if (newlineEnd < bodyEnd) newlineEnd += 1;
    builder = decodeEscaped(source, contentStart, lineEnd, quote, interpolations, builder, parts);
    builder.append(source.slice(lineEnd, Math.min(newlineEnd, bodyEnd)), lineEnd, Math.min(newlineEnd, bodyEnd), true);
    lineStart = newlineEnd;
  }
  return finish(builder, parts);
}
