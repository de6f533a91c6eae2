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

/**
 * Every position object of a program, once each, and the nodes with an offset of their own
 * (comments): what an edit moves. Gathered by one walk of the program on its first incremental
 * re-parse and kept up to date after, so an edit moves positions in one flat loop instead of walking
 * the whole tree again (a large migration has tens of thousands of them).
 */
interface Located {
  positions: Position[];
  offsetNodes: Node[];
  /** positions.length right after the last walk (see reparse). */
  gathered: number;
}

interface Previous {
  text: string;
  program: Program;
  located?: Located;
}

/**
 * Moves (and moves back) the positions of a tiny program once, when this module loads. V8 treats a
 * field never written after construction as constant, and optimized code depends on that: the first
 * edit's move of php-parser's positions discarded the optimized code of the analysis reading them, so
 * the first edits after opening a large migration were slow. Done here, before any analysis, it is a
 * start-up cost instead.
 */
function settlePositionFields(): void {
  const { program } = parsePhp('<?php\n$a = 1;\n', 'settle.php');
  const located = locate([program as unknown as Node]);
  shiftLocated(located, { from: 0, offset: 1, line: 1, endLine: 2, column: 1 }, false);
  shiftLocated(located, { from: 0, offset: -1, line: -1, endLine: 3, column: -1 }, false);
}

export class IncrementalPhpParser {
  private previous: Previous | undefined;
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
        program = this.reparse(previous, text);
      } catch {
        // A bug here must not cost the diagnostics: the kept program may be half moved, so it goes.
        this.previous = undefined;
      }
      if (program) {
        this.previous = { text, program, located: previous.located };
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
    // Its positions are listed now, with the parse, rather than on the first edit after it (the first
    // walk of a fresh program is the slow one, and an edit is what the user waits for).
    if (result.errors.length === 0) this.previous = { text, program: result.program, located: locate([result.program as unknown as Node]) };
    return result;
  }

  /**
   * The previous program updated in place for `text`, or undefined when only a full parse is safe
   * (then nothing was changed). Updates previous.located to match.
   */
  private reparse(previous: Previous, text: string): Program | undefined {
    const { text: oldText, program } = previous;
    const prefix = commonPrefixLength(oldText, text);
    const suffix = commonSuffixLength(oldText, text, prefix);
    const changeStart = prefix;
    const oldChangeEnd = oldText.length - suffix;
    // An edit next to a CR may split a CRLF or make one, and so change how many lines the text beside
    // it has: rare enough to leave to a full parse.
    if (oldText.charCodeAt(changeStart - 1) === CR || oldText.charCodeAt(oldChangeEnd - 1) === CR || text.charCodeAt(text.length - suffix - 1) === CR) return undefined;
    const region = findEditRegion(program as unknown as Node, changeStart, oldChangeEnd);
    if (!region) return undefined;
    const delta = text.length - oldText.length;
    const parsed = parseStatements(text, region.start, region.stop + delta, this.fileName);
    if (!parsed) return undefined;
    let located = previous.located;
    // Positions of replaced nodes that stayed reachable (a comment a kept node holds) are never taken
    // out, and unreachable ones only cost a move each: a fresh walk now and then drops them.
    if (!located || located.positions.length > 2 * located.gathered + 4096) located = previous.located = locate([program as unknown as Node]);
    // Everything after the edit moves by the edit's size (lines, and columns on the edit's last line).
    const oldEnd = positionAt(oldText, oldChangeEnd);
    const newEnd = positionAt(text, oldChangeEnd + delta);
    const shift: Shift = { from: oldChangeEnd, offset: delta, line: newEnd.line - oldEnd.line, endLine: oldEnd.line, column: newEnd.column - oldEnd.column };
    // The replaced statements and comments are taken out first: only what stays needs moving.
    const replaced = region.statements.splice(region.first, region.end - region.first);
    const comments = (program as unknown as { comments?: Node[] }).comments;
    let commentsAt = -1;
    if (comments) {
      commentsAt = comments.findIndex((comment) => (comment.loc?.start.offset ?? 0) >= region.start);
      if (commentsAt < 0) commentsAt = comments.length;
      let commentsEnd = commentsAt;
      while (commentsEnd < comments.length && (comments[commentsEnd].loc?.start.offset ?? 0) < region.stop) commentsEnd++;
      comments.splice(commentsAt, commentsEnd - commentsAt);
    }
    markReplaced(replaced);
    shiftLocated(located, shift, true);
    appendLocated(located, parsed.located);
    region.statements.splice(region.first, 0, ...parsed.statements);
    if (comments) comments.splice(commentsAt, 0, ...parsed.comments);
    return program;
  }

  /** What the kept program's positions are; tests compare it with a walk of the program. */
  locatedForTests(): { positions: readonly Position[]; offsetNodes: readonly Node[] } | undefined {
    return this.previous?.located;
  }

  forget(): void {
    this.previous = undefined;
  }
}

/** Strings are compared a chunk at a time (native), and char by char only inside a chunk that differs. */
const CHUNK = 256;

function commonPrefixLength(a: string, b: string): number {
  const limit = Math.min(a.length, b.length);
  let index = 0;
  let chunk = CHUNK;
  while (chunk > 16) {
    if (index + chunk <= limit && a.slice(index, index + chunk) === b.slice(index, index + chunk)) {
      index += chunk;
      chunk *= 2;
    } else chunk >>= 1;
  }
  while (index < limit && a.charCodeAt(index) === b.charCodeAt(index)) index++;
  return index;
}

/** The common suffix, not reaching into the common prefix of either string. */
function commonSuffixLength(a: string, b: string, prefix: number): number {
  const limit = Math.min(a.length, b.length) - prefix;
  let length = 0;
  let chunk = CHUNK;
  while (chunk > 16) {
    if (length + chunk <= limit && a.slice(a.length - length - chunk, a.length - length) === b.slice(b.length - length - chunk, b.length - length)) {
      length += chunk;
      chunk *= 2;
    } else chunk >>= 1;
  }
  while (length < limit && a.charCodeAt(a.length - 1 - length) === b.charCodeAt(b.length - 1 - length)) length++;
  return length;
}

/** 1-based line and 0-based column of an offset, as php-parser counts them: CRLF, LF and a lone CR each end a line. */
function positionAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  if (text.indexOf('\r') === -1) {
    for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) {
      line++;
      lineStart = index + 1;
    }
    return { line, column: offset - lineStart };
  }
  for (let index = 0; index < offset; index++) {
    const code = text.charCodeAt(index);
    if (code !== CR && code !== LF) continue;
    if (code === CR && text.charCodeAt(index + 1) === LF && index + 1 < offset) index++;
    line++;
    lineStart = index + 1;
  }
  return { line, column: offset - lineStart };
}

const CR = 13;
const LF = 10;

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
  // php-parser attaches the comments between a block's last statement and its brace to that statement:
  // they are parsed again with it.
  if (last === statements.length) regionStop = body.loc.end.offset - 1;
  if (regionStart > start || regionStop < end || first > last) return undefined;
  if (!commentsWithin(statements.slice(first, last), regionStart, regionStop)) return undefined;
  return { statements, first, end: last, start: regionStart, stop: regionStop };
}

/**
 * Whether every comment attached to the statements starts in [start, stop). One outside (php-parser
 * sometimes attaches a comment of the next statement) would stay in the program after the statements
 * are replaced, marked as replaced, so the edit takes a full parse instead.
 */
function commentsWithin(statements: readonly Node[], start: number, stop: number): boolean {
  let within = true;
  const visit = (node: Node): void => {
    if (!within) return;
    if (node.kind === 'commentline' || node.kind === 'commentblock') {
      const offset = node.loc?.start.offset ?? -1;
      within = offset >= start && offset < stop;
      return;
    }
    forEachChild(node, visit);
  };
  for (const statement of statements) visit(statement);
  return within;
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
function parseStatements(text: string, start: number, stop: number, fileName: string): { statements: Node[]; comments: Node[]; located: Located } | undefined {
  const { line, column } = positionAt(text, start);
  // The opening takes line 1; the region starts on line 2 at its own column. The closing braces follow
  // the region on its last line, as the file's own text does: a line comment the edit opened there
  // then swallows them too, and the syntax error sends the edit to a full parse.
  const opening = `<?php class MagentoZddRegion { function region() {\n${' '.repeat(column)}`;
  const { program, errors } = parsePhp(`${opening}${text.slice(start, stop)}}}`, fileName);
  if (errors.length > 0) return undefined;
  const wrapper = (program.children as unknown as Node[])[0];
  const method = (wrapper?.body as Node[] | undefined)?.[0];
  const body = method?.body as Node | undefined;
  if (program.children.length !== 1 || wrapper.kind !== 'class' || method?.kind !== 'method' || !Array.isArray(body?.children)) return undefined;
  const statements = body.children as Node[];
  // Comments alone make a `noop` statement that starts at the wrapper's brace, not at the file's: rare
  // enough (a method body of comments only) to leave to a full parse.
  if (statements.some((statement) => statement.kind === 'noop')) return undefined;
  const comments = ((program as unknown as { comments?: Node[] }).comments ?? []).slice();
  const shift: Shift = { from: 0, offset: start - opening.length, line: line - 2, endLine: -1, column: 0 };
  const located = locate([...statements, ...comments]);
  shiftLocated(located, shift, false);
  return { statements, comments, located };
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

/** An offset no position has: marks the positions of replaced nodes until they are dropped. */
const REPLACED = -1;

/**
 * Every position (and node with an offset of its own) in the subtrees, once each: positions and
 * locations are shared between nodes, so a position already taken is marked by a negative offset
 * until the walk ends, and restored after.
 */
function locate(nodes: readonly Node[]): Located {
  const located: Located = { positions: emptyObjectArray(), offsetNodes: emptyObjectArray(), gathered: 0 };
  for (const node of nodes) locateNode(node, located);
  const { positions } = located;
  for (let index = 0; index < positions.length; index++) positions[index].offset = -positions[index].offset - 1;
  located.gathered = positions.length;
  return located;
}

/**
 * An empty array that already holds objects as far as V8 is concerned. A `[]` starts as an array of small
 * integers and only changes kind on its first push; a statement with no comments leaves offsetNodes in
 * that first kind, and shiftLocated's optimised code, made for the other kind, then deoptimised on it
 * at every edit.
 */
function emptyObjectArray<T extends object>(): T[] {
  const array: T[] = [{} as T];
  array.length = 0;
  return array;
}

function locateNode(node: Node, located: Located): void {
  const loc = node.loc;
  if (loc) {
    // A comment is both in program.comments and a node's leadingComments; it also has its own offset.
    if (typeof node.offset === 'number' && loc.start.offset >= 0) located.offsetNodes.push(node);
    takePosition(loc.start, located.positions);
    takePosition(loc.end, located.positions);
  }
  forEachChild(node, (child) => locateNode(child, located));
}

function takePosition(position: Position, positions: Position[]): void {
  if (position.offset < 0) return;
  position.offset = -position.offset - 1;
  positions.push(position);
}

/**
 * Marks every position of the replaced subtrees, and their comments, as REPLACED: they left the
 * program, and the next shiftLocated() drops them. Their nodes are garbage, so changing them is safe.
 */
function markReplaced(nodes: readonly Node[]): void {
  const visit = (node: Node): void => {
    const loc = node.loc;
    if (loc) {
      loc.start.offset = REPLACED;
      loc.end.offset = REPLACED;
      if (typeof node.offset === 'number') node.offset = REPLACED;
    }
    forEachChild(node, visit);
  };
  for (const node of nodes) visit(node);
}

/**
 * Moves every position at or after `shift.from`, in place: allocating new ones would hang thousands
 * of young objects off the old program, which every scavenge then has to copy. With `dropReplaced`,
 * the positions markReplaced() marked are taken out of the lists in the same pass.
 */
function shiftLocated(located: Located, shift: Shift, dropReplaced: boolean): void {
  const { positions, offsetNodes } = located;
  let kept = 0;
  for (let index = 0; index < positions.length; index++) {
    const position = positions[index];
    if (dropReplaced && position.offset === REPLACED) continue;
    if (position.offset >= shift.from) {
      if (position.line === shift.endLine) position.column += shift.column;
      position.line += shift.line;
      position.offset += shift.offset;
    }
    positions[kept++] = position;
  }
  positions.length = kept;
  kept = 0;
  for (let index = 0; index < offsetNodes.length; index++) {
    const node = offsetNodes[index];
    const offset = node.offset as number;
    if (dropReplaced && offset === REPLACED) continue;
    if (offset >= shift.from) node.offset = offset + shift.offset;
    offsetNodes[kept++] = node;
  }
  offsetNodes.length = kept;
}

function appendLocated(into: Located, added: Located): void {
  for (const position of added.positions) into.positions.push(position);
  for (const node of added.offsetNodes) into.offsetNodes.push(node);
}

function forEachChild(node: Node, visit: (child: Node) => void): void {
  const keys = childKeysOf(node);
  for (let index = 0; index < keys.length; index++) visitValue(node[keys[index]], visit);
  // Only nodes that have comments have these fields, so they are not in every node's key list.
  if (node.leadingComments) visitValue(node.leadingComments, visit);
  if (node.trailingComments) visitValue(node.trailingComments, visit);
}

function visitValue(value: unknown, visit: (child: Node) => void): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (let item = 0; item < value.length; item++) {
      const child = value[item] as Node | null;
      if (child !== null && typeof child === 'object' && typeof child.kind === 'string') visit(child);
    }
  } else if (typeof (value as Node).kind === 'string') visit(value as Node);
}

/**
 * Own fields of a node kind that may hold nodes (comments apart, see forEachChild). Every node of a
 * kind is built by one constructor, so it has the same fields; for-in would also walk the prototype's
 * methods.
 */
const CHILD_KEYS = new Map<string, string[]>();
function childKeysOf(node: Node): string[] {
  let keys = CHILD_KEYS.get(node.kind);
  if (!keys) {
    keys = Object.keys(node).filter((key) => key !== 'loc' && key !== 'kind' && key !== 'leadingComments' && key !== 'trailingComments');
    CHILD_KEYS.set(node.kind, keys);
  }
  return keys;
}

// Last: it uses the module's constants.
settlePositionFields();
