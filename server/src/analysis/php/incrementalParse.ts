// Analysis room (pure): re-parsing a PHP file after an edit without parsing all of it again. Keeps the
// last program of one document; when an edit lies inside the statement list of one class method, only
// the statements around the edit are parsed (inside a stand-in class and method), shifted to their
// place in the file and spliced into the previous program. Anything it cannot prove safe (a file or
// a region with syntax errors, an edit outside a method body, across its braces) is a full parse, so
// the program is always the one parsePhp() would return for the new text.
import type { Program } from 'php-parser';
import { parsePhp, type PhpParseResult } from './parsePhp';

interface Position {
  line: number;
  column: number;
  offset: number;
}

interface Location {
  source: string | null;
  start: Position;
  end: Position;
}

interface Node {
  kind: string;
  loc?: Location | null;
  [key: string]: unknown;
}

/** The previous parse's statement list the edit lies in, and which of its statements are re-parsed. */
interface EditRegion {
  statements: Node[];
  first: number;
  /** Exclusive. */
  end: number;
  /** Offsets in the previous text. */
  start: number;
  stop: number;
}

/** Why the last parse was or was not incremental; tests and the bench read it. */
export type ParseKind = 'full' | 'incremental' | 'unchanged';

export class IncrementalPhpParser {
  private previous: { text: string; program: Program } | undefined;
  lastParse: ParseKind = 'full';

  constructor(private readonly fileName: string) {}

  parse(text: string): PhpParseResult {
    const previous = this.previous;
    if (previous && previous.text === text) {
      this.lastParse = 'unchanged';
      return { program: previous.program, errors: [] };
    }
    if (previous) {
      let program: Program | undefined;
      try {
        program = this.reparse(previous.text, previous.program, text);
      } catch {
        // A bug here must not cost the diagnostics: the kept program may be half moved, so it goes.
        this.previous = undefined;
      }
      if (program) {
        this.previous = { text, program };
        this.lastParse = 'incremental';
        return { program, errors: [] };
      }
    }
    return this.fullParse(text);
  }

  private fullParse(text: string): PhpParseResult {
    const result = parsePhp(text, this.fileName);
    this.lastParse = 'full';
    // Only a clean program is a base to build on (recovered errors depend on text far from an edit).
    // A text with errors keeps the last clean one: once the edit is complete, the difference from it
    // is again one region.
    if (result.errors.length === 0) this.previous = { text, program: result.program };
    return result;
  }

  /** The previous program updated in place for `text`, or undefined when only a full parse is safe. */
  private reparse(oldText: string, program: Program, text: string): Program | undefined {
    const prefix = commonPrefixLength(oldText, text);
    const suffix = commonSuffixLength(oldText, text, prefix);
    const changeStart = prefix;
    const oldChangeEnd = oldText.length - suffix;
    const region = findEditRegion(program as unknown as Node, changeStart, oldChangeEnd);
    if (!region) return undefined;
    const delta = text.length - oldText.length;
    const parsed = parseStatements(text, region.start, region.stop + delta, this.fileName);
    if (!parsed) return undefined;
    // Everything after the edit moves by the edit's size (lines, and columns on the edit's last line).
    const oldEnd = positionAt(oldText, oldChangeEnd);
    const newEnd = positionAt(text, oldChangeEnd + delta);
    const shift: Shift = { from: oldChangeEnd, offset: delta, line: newEnd.line - oldEnd.line, endLine: oldEnd.line, column: newEnd.column - oldEnd.column };
    // The replaced statements and comments are taken out first: only what stays needs moving.
    region.statements.splice(region.first, region.end - region.first);
    const comments = (program as unknown as { comments?: Node[] }).comments;
    let commentsAt = -1;
    if (comments) {
      commentsAt = comments.findIndex((comment) => (comment.loc?.start.offset ?? 0) >= region.start);
      if (commentsAt < 0) commentsAt = comments.length;
      let commentsEnd = commentsAt;
      while (commentsEnd < comments.length && (comments[commentsEnd].loc?.start.offset ?? 0) < region.stop) commentsEnd++;
      comments.splice(commentsAt, commentsEnd - commentsAt);
    }
    shiftNodes([program as unknown as Node], shift, changeStart);
    region.statements.splice(region.first, 0, ...parsed.statements);
    if (comments) comments.splice(commentsAt, 0, ...parsed.comments);
    return program;
  }

  forget(): void {
    this.previous = undefined;
  }
}

function commonPrefixLength(a: string, b: string): number {
  const limit = Math.min(a.length, b.length);
  let index = 0;
  while (index < limit && a.charCodeAt(index) === b.charCodeAt(index)) index++;
  return index;
}

/** The common suffix, not reaching into the common prefix of either string. */
function commonSuffixLength(a: string, b: string, prefix: number): number {
  const limit = Math.min(a.length, b.length) - prefix;
  let length = 0;
  while (length < limit && a.charCodeAt(a.length - 1 - length) === b.charCodeAt(b.length - 1 - length)) length++;
  return length;
}

/** 1-based line and 0-based column of an offset, as php-parser counts them. */
function positionAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) {
    line++;
    lineStart = index + 1;
  }
  return { line, column: offset - lineStart };
}

const CONTAINERS = new Set(['program', 'namespace', 'declare', 'block']);

/**
 * The statements of a class method body around [start, end): from the end of the statement before
 * the last one that starts before the edit to the end of the first one that ends after it (or the
 * body's braces), so the text before and after the region is unchanged and the parser is between two
 * statements at both of its ends.
 */
function findEditRegion(program: Node, start: number, end: number): EditRegion | undefined {
  const method = findMethod(program, start, end);
  const body = method?.body as Node | null | undefined;
  if (!body || body.kind !== 'block' || !body.loc || !Array.isArray(body.children)) return undefined;
  // Strictly inside the braces.
  if (start <= body.loc.start.offset || end >= body.loc.end.offset) return undefined;
  const statements = body.children as Node[];
  let first = 0;
  let regionStart = body.loc.start.offset + 1;
  let last = statements.length;
  let regionStop = body.loc.end.offset - 1;
  let lastFound = false;
  for (let index = 0; index < statements.length; index++) {
    const loc = statements[index]?.loc;
    if (!loc) return undefined;
    if (loc.start.offset < start) {
      first = index;
      // From the end of the statement before: the comments between them attach to the next node, so
      // they are parsed with it.
      const before = index > 0 ? statements[index - 1]?.loc : undefined;
      regionStart = before ? before.end.offset : body.loc.start.offset + 1;
    }
    if (!lastFound && loc.end.offset > end) {
      lastFound = true;
      last = index + 1;
      regionStop = loc.end.offset;
    }
  }
  if (regionStart > start || regionStop < end || first > last) return undefined;
  return { statements, first, end: last, start: regionStart, stop: regionStop };
}

function findMethod(node: Node, start: number, end: number): Node | undefined {
  const children = node.kind === 'class' ? node.body : node.children;
  if (!Array.isArray(children)) return undefined;
  for (const child of children as Array<Node | null>) {
    const loc = child?.loc;
    if (!child || !loc || CONTAINERS.has(child.kind) || loc.start.offset > start || loc.end.offset < end) continue;
    if (child.kind === 'method') return child;
    if (child.kind === 'class') return findMethod(child, start, end);
    return undefined;
  }
  // `declare(strict_types=1);` holds the rest of the file as its children without covering it.
  for (const child of children as Array<Node | null>) {
    if (!child || !CONTAINERS.has(child.kind)) continue;
    const found = findMethod(child, start, end);
    if (found) return found;
  }
  return undefined;
}

/**
 * Parses text[start, stop) as the statements of a method body, placed so that lines, columns and
 * offsets come out as in the whole file. Undefined on any syntax error: then it was not a clean
 * statement run, and only a full parse tells what the file means.
 */
function parseStatements(text: string, start: number, stop: number, fileName: string): { statements: Node[]; comments: Node[] } | undefined {
  const { line, column } = positionAt(text, start);
  // The opening takes line 1; the region starts on line 2 at its own column.
  const opening = `<?php class MagentoZddRegion { function region() {\n${' '.repeat(column)}`;
  const { program, errors } = parsePhp(`${opening}${text.slice(start, stop)}\n}}`, fileName);
  if (errors.length > 0) return undefined;
  const wrapper = (program.children as unknown as Node[])[0];
  const method = (wrapper?.body as Node[] | undefined)?.[0];
  const body = method?.body as Node | undefined;
  if (program.children.length !== 1 || wrapper.kind !== 'class' || method?.kind !== 'method' || !Array.isArray(body?.children)) return undefined;
  const statements = body.children as Node[];
  const comments = ((program as unknown as { comments?: Node[] }).comments ?? []).slice();
  const shift: Shift = { from: 0, offset: start - opening.length, line: line - 2, endLine: -1, column: 0 };
  shiftNodes([...statements, ...comments], shift, -1);
  return { statements, comments };
}

interface Shift {
  /** Positions at or after this offset move. */
  from: number;
  offset: number;
  line: number;
  /** Positions on this line (before the move) also change column. */
  endLine: number;
  column: number;
}

/**
 * Moves every position at or after `shift.from` in the subtrees, in place: allocating new ones would
 * hang thousands of young objects off the old program, which every scavenge then has to copy.
 * Positions (and locations) are shared between nodes, so a moved position is marked by a negative
 * offset until all are moved, and restored after. Subtrees that end before `skipBefore` are not walked.
 */
function shiftNodes(nodes: readonly Node[], shift: Shift, skipBefore: number): void {
  const moved: Position[] = [];
  for (const node of nodes) shiftNode(node, shift, skipBefore, moved);
  for (let index = 0; index < moved.length; index++) moved[index].offset = -moved[index].offset - 1;
}

function shiftNode(node: Node, shift: Shift, skipBefore: number, moved: Position[]): void {
  const loc = node.loc;
  if (loc) {
    // A negative end offset is a position already moved (so the node ends after the edit).
    if (loc.end.offset >= 0 && loc.end.offset < skipBefore) return;
    // A comment is both in program.comments and a node's leadingComments; it also has its own offset.
    if (typeof node.offset === 'number') {
      if (loc.start.offset < 0) return;
      if (node.offset >= shift.from) node.offset += shift.offset;
    }
    shiftPosition(loc.start, shift, moved);
    shiftPosition(loc.end, shift, moved);
  }
  const keys = childKeysOf(node);
  for (let index = 0; index < keys.length; index++) {
    const value = node[keys[index]];
    if (value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      for (let item = 0; item < value.length; item++) {
        const child = value[item] as Node | null;
        if (child !== null && typeof child === 'object' && typeof child.kind === 'string') shiftNode(child, shift, skipBefore, moved);
      }
    } else if (typeof (value as Node).kind === 'string') shiftNode(value as Node, shift, skipBefore, moved);
  }
}

/**
 * Own fields of a node kind that may hold nodes. Every node of a kind is built by one constructor, so
 * it has the same fields; for-in would also walk the prototype's methods.
 */
const CHILD_KEYS = new Map<string, string[]>();
function childKeysOf(node: Node): string[] {
  let keys = CHILD_KEYS.get(node.kind);
  if (!keys) {
    keys = Object.keys(node).filter((key) => key !== 'loc' && key !== 'kind');
    CHILD_KEYS.set(node.kind, keys);
  }
  return keys;
}

function shiftPosition(position: Position, shift: Shift, moved: Position[]): void {
  if (position.offset < shift.from) return;
  if (position.line === shift.endLine) position.column += shift.column;
  position.line += shift.line;
  position.offset = -(position.offset + shift.offset) - 1;
  moved.push(position);
}
