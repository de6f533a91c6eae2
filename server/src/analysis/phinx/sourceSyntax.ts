// Analysis room (pure): how calls and statements of a migration are written, recorded next to what they
// mean so quick fixes can edit the user's text in place (add an option entry, move a statement into a
// new migration). Reads php-parser nodes; imports nothing outside this folder and ../textLines, ../types.

import type { TextLines } from '../textLines';
import type { Range } from '../types';
import type { PhpArgumentSyntax, PhpArraySyntax, PhinxCallSyntax } from './model';
import { asNodes, identifierName, isNode, type AstNode } from './phpAst';

interface Span {
  start: number;
  end: number;
}

/** The members a statement may not use to stay movable: they exist only in this migration's class. */
export interface ClassMembers {
  /** Lower-case method names. */
  methods: ReadonlyMap<string, unknown>;
  properties: ReadonlyMap<string, unknown>;
}

/**
 * Syntax of a Table API call; undefined when an argument is named or spread (positions would lie).
 * Only the few calls a quick fix edits ever have their arguments read, so they (and literalArguments)
 * are worked out on first read: the program must not have been re-parsed by then (an incremental
 * parse moves its positions), i.e. read them while the migration is analysed, as rules and fixes do.
 */
export function readCallSyntax(node: AstNode, method: string, span: Span, tableCall: Span | undefined, source: string, lines: TextLines): PhinxCallSyntax | undefined {
  const argumentNodes = asNodes(node.arguments);
  for (const argument of argumentNodes) {
    if (argument.kind === 'namedargument' || argument.kind === 'variadic' || argument.unpack || !argument.loc) return undefined;
  }
  return new LazyCallSyntax(method, lines.rangeOf(span.start, span.end), tableCall ? lines.rangeOf(tableCall.start, tableCall.end) : undefined, argumentNodes, source, lines);
}

/** A class rather than an object literal with getters: no closure per call holding the program. */
class LazyCallSyntax implements PhinxCallSyntax {
  private argumentsValue: PhpArgumentSyntax[] | undefined;
  private literalArgumentsValue: boolean | undefined;

  constructor(
    readonly method: string,
    readonly range: Range,
    readonly tableCall: Range | undefined,
    private readonly argumentNodes: AstNode[],
    private readonly source: string,
    private readonly lines: TextLines,
  ) {}

  get arguments(): PhpArgumentSyntax[] {
    this.argumentsValue ??= this.argumentNodes.map((argument) => {
      const syntax: PhpArgumentSyntax = { range: this.lines.rangeOf(argument.loc!.start.offset, argument.loc!.end.offset) };
      if (argument.kind === 'array') syntax.array = readArraySyntax(argument, this.source, this.lines);
      return syntax;
    });
    return this.argumentsValue;
  }

  get literalArguments(): boolean {
    this.literalArgumentsValue ??= this.argumentNodes.every(isPortableExpression);
    return this.literalArgumentsValue;
  }
}

function readArraySyntax(node: AstNode, source: string, lines: TextLines): PhpArraySyntax | undefined {
  const { start, end } = node.loc!;
  const open = node.shortForm ? start.offset + 1 : source.indexOf('(', start.offset) + 1;
  const close = end.offset - 1;
  if (open <= 0 || close < open || !/[\])]/.test(source[close])) return undefined;
  const entries: PhpArraySyntax['entries'] = [];
  for (const item of asNodes(node.items)) {
    if (!item.loc) return undefined;
    const value = item.kind === 'entry' && isNode(item.value) ? item.value : item;
    if (!value.loc) return undefined;
    const key = item.kind === 'entry' && isNode(item.key) && !item.unpack ? literalKey(item.key) : undefined;
    entries.push({ key, range: lines.rangeOf(item.loc.start.offset, item.loc.end.offset), valueRange: lines.rangeOf(value.loc.start.offset, value.loc.end.offset) });
  }
  const lastEnd = entries.length > 0 ? lines.offsetAt(entries[entries.length - 1].range.end) : open;
  const trailingComma = entries.length > 0 && source.slice(lastEnd, close).trimStart().startsWith(',');
  return { open: lines.positionAt(open), close: lines.positionAt(close), entries, trailingComma, entryBreak: entryBreakOf(entries, lines) };
}

/** `'key' =>` and `1 =>`; a key built at run time cannot be compared. */
function literalKey(node: AstNode): string | undefined {
  if (node.kind === 'string') return String(node.value);
  if (node.kind === 'number') return String(node.value);
  return undefined;
}

/** The line break and indentation before the last entry when it starts its own line. */
function entryBreakOf(entries: PhpArraySyntax['entries'], lines: TextLines): string | undefined {
  const last = entries[entries.length - 1];
  if (!last) return undefined;
  const lineText = lines.lineText(last.range.start.line);
  const before = lineText.slice(0, last.range.start.character);
  if (before.trim() !== '') return undefined;
  const lineStart = lines.offsetAt({ line: last.range.start.line, character: 0 });
  const lineBreak = lines.text.slice(Math.max(0, lineStart - 2), lineStart).endsWith('\r\n') ? '\r\n' : lines.text[lineStart - 1] === '\r' ? '\r' : '\n';
  return `${lineBreak}${before}`;
}

/** Literals, arrays of them and constants: the same value in any file that has the same `use` lines. */
function isPortableExpression(node: AstNode): boolean {
  switch (node.kind) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'nullkeyword':
    case 'nowdoc':
    case 'name':
      return true;
    case 'array':
      return asNodes(node.items).every((item) =>
        item.kind === 'entry' ? !item.unpack && (!isNode(item.key) || isPortableExpression(item.key)) && isNode(item.value) && isPortableExpression(item.value) : isPortableExpression(item),
      );
    case 'unary':
      return isNode(node.what) && isPortableExpression(node.what);
    case 'bin':
      return isNode(node.left) && isNode(node.right) && isPortableExpression(node.left) && isPortableExpression(node.right);
    case 'staticlookup':
      // `Foo::BAR` travels with the copied `use` lines; `self::BAR` names this class.
      return isNode(node.what) && node.what.kind === 'name' && isNode(node.offset) && node.offset.kind === 'identifier';
    default:
      return false;
  }
}

/** See MethodStatement.selfContained. */
export function isSelfContainedStatement(statement: AstNode, members: ClassMembers): boolean {
  if (statement.kind !== 'expressionstatement') return false;
  const pending: Array<{ node: AstNode; parent: AstNode | undefined }> = [{ node: statement, parent: undefined }];
  while (pending.length > 0) {
    const { node, parent } = pending.pop()!;
    switch (node.kind) {
      case 'variable':
        if (node.name !== 'this') return false;
        break;
      case 'selfreference':
      case 'staticreference':
      case 'parentreference':
      case 'magic':
      case 'closure':
      case 'arrowfunc':
        return false;
      case 'propertylookup':
      case 'nullsafepropertylookup':
        if (isNode(node.what) && node.what.kind === 'variable' && node.what.name === 'this') {
          const name = identifierName(node.offset as AstNode);
          if (name === undefined) return false;
          const calledAsMethod = parent?.kind === 'call' && parent.what === node;
          if (calledAsMethod ? members.methods.has(name.toLowerCase()) : members.properties.has(name)) return false;
        }
        break;
      default:
        break;
    }
    for (const [key, child] of Object.entries(node)) {
      if (key === 'loc' || key === 'leadingComments' || key === 'trailingComments') continue;
      if (Array.isArray(child)) for (const item of child) if (isNode(item)) pending.push({ node: item, parent: node });
      if (isNode(child)) pending.push({ node: child, parent: node });
    }
  }
  return true;
}
