// Analysis room (pure): walks the body of a migration method the way Phinx would run it, without
// running PHP. It follows `$this->table()` chains and table variables, the Magento adapter
// (`getConnection()`), EAV setup and raw SQL, and turns each schema action into a SchemaOperation at
// the moment Phinx executes it (queued actions at create()/update()/save() on 0.10+).
// Control flow is read conservatively: every branch is walked once; a variable that differs between
// branches becomes unknown.

import type { ColumnDefinition, MigrationPhase, SchemaOperation } from '../schema/operations';
import type { TextLines } from '../textLines';
import type { Range } from '../types';
import { phinxColumnDefinition } from './columnDefinitions';
import { knownClassConstant } from './knownConstants';
import { magentoConnectionCall, magentoDdlTableCall, removeEavAttribute, type AdapterCall } from './magentoAdapterCalls';
import type { MigrationProblem, PhinxCallSyntax, PhinxRawSql, PhinxSchemaOperation, RawSqlCall, SaveResolution, SchemaOperationDetails, UnresolvedCall, UnsavedTable } from './model';
import type { PhinxSemantics } from './naming';
import {
  argumentValue,
  asNodes,
  collectVariables,
  identifierName,
  isNode,
  isPropertyLookup,
  isSemicolonOrSpace,
  lastArrowAtOrBefore,
  lowerName,
  parsePhpNumber,
  phpToString,
  resolveClassName,
  variableName,
  type AstNode,
} from './phpAst';
import { decodePhpStringLiteral, plainStringLiteral } from './phpStringLiteral';
import { readCallSyntax } from './sourceSyntax';
import { SegmentBuilder, SqlOffsetMap, type SqlSourceSegment } from './sqlSourceMap';
import {
  booleanOf,
  entryOf,
  sameValue,
  scalar,
  stringListOf,
  stringOf,
  unknownBecause,
  UNKNOWN_VALUE,
  type ActionGroup,
  type QueuedAction,
  type ScalarSymbol,
  type ServiceKind,
  type SymbolicValue,
  type TableHandle,
} from './symbolicValue';


export interface ClassContext {
  name: string;
  /** `use` aliases (lower case) to full class names. */
  uses: Map<string, string>;
  namespace: string | undefined;
  constants: Map<string, AstNode>;
  /** Property default values (null node = no default). */
  properties: Map<string, AstNode | null>;
  /** Methods by lower-case name. */
  methods: Map<string, AstNode>;
}

export interface InterpreterSetup {
  source: string;
  lines: TextLines;
  semantics: PhinxSemantics;
  classContext: ClassContext;
  /** Tables another method of the migration drops (asked lazily: only an undecidable save() needs it). */
  tablesDroppedByMethod?: (phase: MigrationPhase) => ReadonlySet<string>;
  /** See ReadPhinxMigrationOptions.withoutCallSyntax. */
  withoutCallSyntax?: boolean;
}

interface Span {
  start: number;
  end: number;
}

interface Frame {
  phase: MigrationPhase;
  scope: Map<string, SymbolicValue>;
  /** `$this->x = ...` assignments seen so far (shared with inlined helper methods). */
  thisProperties: Map<string, SymbolicValue>;
  /** Tables this method asked for with table(): checked for unsaved actions at its end. */
  handles: TableHandle[];
  statement: Span;
  /** Helper methods being inlined, to stop recursion. */
  callStack: string[];
  returned: SymbolicValue | undefined;
  depth: number;
}

interface CallSite {
  node: AstNode;
  name: string;
  args: SymbolicValue[];
  argNodes: AstNode[];
  span: Span;
}

/** Only raw SQL and adapter calls read the argument nodes: they are listed on first read. */
class LazyCallSite implements CallSite {
  private argNodesValue: AstNode[] | undefined;

  constructor(
    readonly node: AstNode,
    readonly name: string,
    readonly args: SymbolicValue[],
    readonly span: Span,
  ) {}

  get argNodes(): AstNode[] {
    this.argNodesValue ??= asNodes(this.node.arguments).map(argumentValue);
    return this.argNodesValue;
  }
}

/** Deeper nesting than any real migration: reported instead of risking the stack. */
const MAX_NESTING = 400;
const MAX_HELPER_DEPTH = 8;
const MAX_UNROLLED_ITERATIONS = 64;

/** Phinx 0.9 ran these Table methods at once; 0.10+ queues them (truncate always runs at once). */
const RUN_AT_ONCE_IN_0_9 = new Set(['drop', 'rename', 'removecolumn', 'renamecolumn', 'changecolumn', 'removeindex', 'removeindexbyname', 'dropforeignkey']);

/** Table calls that only add: a save() holding nothing else may be creating the table. */
const ADDING_CALLS = new Set(['addcolumn', 'addtimestamps', 'addtimestampswithtimezone', 'addindex', 'addforeignkey', 'addforeignkeywithname', 'insert']);

/** Phinx Plan::updatesSequence: columns (one ALTER), then foreign keys, indexes, removals, drops/renames. */
const UPDATE_ORDER: readonly ActionGroup[] = ['column', 'foreign-key', 'index', 'remove-column', 'table-move', 'table-comment', 'data'];
const UPDATE_ORDER_0_9: readonly ActionGroup[] = ['column', 'index', 'foreign-key', 'data'];

const STATEMENT_KINDS = new Set([
  'expressionstatement', 'block', 'if', 'foreach', 'for', 'while', 'do', 'switch', 'case', 'try', 'catch', 'return', 'echo', 'print',
  'unset', 'throw', 'global', 'static', 'function', 'class', 'interface', 'trait', 'enum', 'noop', 'break', 'continue', 'label', 'goto',
  'inline', 'declare', 'namespace', 'usegroup',
]);

export class MigrationInterpreter {
  readonly operations: PhinxSchemaOperation[] = [];
  readonly rawSql: PhinxRawSql[] = [];
  readonly unsavedTables: UnsavedTable[] = [];
  readonly saves: SaveResolution[] = [];
  readonly unresolvedCalls: UnresolvedCall[] = [];
  readonly problems: MigrationProblem[] = [];
  readonly callSyntax: PhinxCallSyntax[] = [];
  /** Call offsets already in callSyntax: loops and helpers visit a call more than once. */
  private readonly callSyntaxSeen = new Set<number>();
  private nextBatchNumber = 1;
  private readonly createdTables = new Map<MigrationPhase, Set<string>>();
  private readonly droppedTables = new Map<MigrationPhase, Set<string>>();
  private readonly constantsBeingRead = new Set<string>();
  private nestingReported = false;
  /** See statementRangeOf. */
  private statementRange: { span: Span; range: Range } | undefined;

  constructor(private readonly setup: InterpreterSetup) {}

  /** Reads one of up()/down()/change(). Never throws: a failure becomes an 'analysis-incomplete' problem. */
  runMethod(method: AstNode, phase: MigrationPhase): void {
    const frame: Frame = {
      phase,
      scope: new Map(),
      thisProperties: new Map(),
      handles: [],
      statement: this.spanOf(method),
      callStack: [lowerName(method.name)],
      returned: undefined,
      depth: 0,
    };
    const body = method.body as AstNode | null | undefined;
    if (body) this.visitStatements(asNodes(body.children), frame);
    this.reportUnsavedTables(frame);
  }

  // ---------------------------------------------------------------- statements

  private visitStatements(statements: AstNode[], frame: Frame): void {
    for (const statement of statements) {
      try {
        this.visitStatement(statement, frame);
      } catch (error) {
        this.reportIncomplete(statement, error);
      }
    }
  }

  private visitStatement(node: AstNode, frame: Frame): void {
    if (frame.depth > MAX_NESTING) return this.reportTooDeep(node);
    frame.depth++;
    const savedStatement = frame.statement;
    try {
      this.visitStatementKind(node, frame);
    } finally {
      frame.depth--;
      frame.statement = savedStatement;
    }
  }

  private visitStatementKind(node: AstNode, frame: Frame): void {
    switch (node.kind) {
      case 'expressionstatement':
        frame.statement = this.spanOf(node);
        this.evaluate(node.expression as AstNode, frame);
        return;
      case 'block':
        this.visitStatements(asNodes(node.children), frame);
        return;
      case 'if':
        return this.visitIf(node, frame);
      case 'foreach':
        return this.visitForeach(node, frame);
      case 'for':
        frame.statement = this.spanOf(node);
        for (const init of asNodes(node.init)) this.evaluate(init, frame);
        for (const test of asNodes(node.test)) this.evaluate(test, frame);
        this.visitBranches([node.body as AstNode, ...asNodes(node.increment)], frame, true);
        return;
      case 'while':
        frame.statement = this.spanOf(node.test as AstNode);
        this.evaluate(node.test as AstNode, frame);
        this.visitBranches([node.body as AstNode], frame, true);
        return;
      case 'do':
        this.visitChild(node.body as AstNode, frame);
        this.evaluate(node.test as AstNode, frame);
        return;
      case 'switch': {
        frame.statement = this.spanOf(node.test as AstNode);
        this.evaluate(node.test as AstNode, frame);
        const cases = asNodes((node.body as AstNode | null)?.children);
        for (const caseNode of cases) if (caseNode.test) this.evaluate(caseNode.test as AstNode, frame);
        this.visitBranches(cases.map((caseNode) => caseNode.body as AstNode), frame, true);
        return;
      }
      case 'try':
        this.visitChild(node.body as AstNode, frame);
        this.visitBranches(asNodes(node.catches).map((catchNode) => catchNode.body as AstNode), frame, true);
        if (node.always) this.visitChild(node.always as AstNode, frame);
        return;
      case 'return':
        frame.statement = this.spanOf(node);
        frame.returned = node.expr ? this.evaluate(node.expr as AstNode, frame) : scalar(null);
        return;
      // Declarations inside a method body do not run where they stand.
      case 'function':
      case 'class':
      case 'interface':
      case 'trait':
      case 'enum':
      case 'noop':
      case 'break':
      case 'continue':
      case 'label':
      case 'goto':
      case 'inline':
        return;
      default:
        frame.statement = this.spanOf(node);
        this.visitChildren(node, frame);
    }
  }

  private visitChild(node: AstNode | null | undefined, frame: Frame): void {
    if (!node) return;
    if (STATEMENT_KINDS.has(node.kind)) this.visitStatement(node, frame);
    else this.evaluate(node, frame);
  }

  private visitChildren(node: AstNode, frame: Frame): void {
    for (const [key, child] of Object.entries(node)) {
      if (key === 'loc' || key === 'leadingComments' || key === 'trailingComments' || key === 'attrGroups') continue;
      if (Array.isArray(child)) for (const item of child) if (isNode(item)) this.visitChild(item, frame);
      if (isNode(child)) this.visitChild(child, frame);
    }
  }

  private visitIf(node: AstNode, frame: Frame): void {
    const bodies: AstNode[] = [];
    let current: AstNode | null = node;
    let hasElse = false;
    // Flatten `if / elseif / else` so every branch starts from the same variables.
    while (current && current.kind === 'if') {
      frame.statement = this.spanOf(current.test as AstNode);
      this.evaluate(current.test as AstNode, frame);
      if (current.body) bodies.push(current.body as AstNode);
      const alternate = current.alternate as AstNode | null;
      if (alternate && alternate.kind !== 'if') {
        bodies.push(alternate);
        hasElse = true;
      }
      current = alternate && alternate.kind === 'if' ? alternate : null;
    }
    this.visitBranches(bodies, frame, !hasElse);
  }

  private visitForeach(node: AstNode, frame: Frame): void {
    frame.statement = this.spanOf(node.source as AstNode);
    const source = this.evaluate(node.source as AstNode, frame);
    const valueName = variableName(node.value as AstNode | null);
    const keyName = variableName(node.key as AstNode | null);
    // A constant list (`foreach (['a', 'b'] as $column)`) is unrolled so each item is an operation.
    if (source.kind === 'array' && source.entries.length > 0 && source.entries.length <= MAX_UNROLLED_ITERATIONS && valueName) {
      for (const entry of source.entries) {
        frame.scope.set(valueName, entry.value);
        if (keyName) frame.scope.set(keyName, scalar(entry.key));
        this.visitChild(node.body as AstNode, frame);
      }
      return;
    }
    if (valueName) frame.scope.set(valueName, unknownBecause(`$${valueName} changes on each pass of a loop`));
    if (keyName) frame.scope.set(keyName, unknownBecause(`$${keyName} changes on each pass of a loop`));
    this.visitBranches([node.body as AstNode], frame, true);
  }

  /** Walks alternative branches from the same variables, then keeps only what all of them agree on. */
  private visitBranches(branches: Array<AstNode | null | undefined>, frame: Frame, mayRunNone: boolean): void {
    const before = frame.scope;
    const outcomes: Array<Map<string, SymbolicValue>> = [];
    for (const branch of branches) {
      frame.scope = new Map(before);
      this.visitChild(branch, frame);
      outcomes.push(frame.scope);
    }
    if (mayRunNone || outcomes.length === 0) outcomes.push(before);
    frame.scope = mergeScopes(outcomes);
  }

  // ---------------------------------------------------------------- expressions

  private evaluate(node: AstNode | null | undefined, frame: Frame): SymbolicValue {
    if (!node) return UNKNOWN_VALUE;
    if (frame.depth > MAX_NESTING) {
      this.reportTooDeep(node);
      return unknownBecause('the expression is nested too deeply to read');
    }
    frame.depth++;
    try {
      return this.evaluateKind(node, frame);
    } finally {
      frame.depth--;
    }
  }

  private evaluateKind(node: AstNode, frame: Frame): SymbolicValue {
    switch (node.kind) {
      case 'string':
      case 'nowdoc':
      case 'encapsed':
        return this.evaluateStringLiteral(node, frame);
      case 'number':
        return scalar(parsePhpNumber(String(node.value)));
      case 'boolean':
        return scalar(Boolean(node.value));
      case 'nullkeyword':
        return scalar(null);
      case 'array':
        return this.evaluateArray(node, frame);
      case 'variable':
        return this.evaluateVariable(node, frame);
      case 'assign':
        return this.evaluateAssignment(node, frame);
      case 'bin':
        return this.evaluateBinary(node, frame);
      case 'call':
      case 'propertylookup':
      case 'nullsafepropertylookup':
        return this.evaluateChain(node, frame);
      case 'staticlookup':
        return this.evaluateStaticLookup(node, frame);
      case 'offsetlookup': {
        const container = this.evaluate(node.what as AstNode, frame);
        const key = this.evaluate(node.offset as AstNode, frame);
        const keyText = key.kind === 'scalar' && key.value !== null ? String(key.value) : undefined;
        return (keyText !== undefined ? entryOf(container, keyText) : undefined) ?? UNKNOWN_VALUE;
      }
      case 'retif': {
        this.evaluate(node.test as AstNode, frame);
        const whenTrue = node.trueExpr ? this.evaluate(node.trueExpr as AstNode, frame) : UNKNOWN_VALUE;
        const whenFalse = this.evaluate(node.falseExpr as AstNode, frame);
        return sameValue(whenTrue, whenFalse) ? whenTrue : unknownBecause('the value depends on a condition');
      }
      case 'cast': {
        const inner = this.evaluate(node.expr as AstNode, frame);
        if (node.type === 'string' && inner.kind === 'scalar') return scalar(phpToString(inner.value));
        if ((node.type === 'int' || node.type === 'float') && inner.kind === 'scalar') return scalar(Number(inner.value) || 0);
        return inner;
      }
      case 'silent':
        return this.evaluate(node.expr as AstNode, frame);
      case 'new':
        return this.evaluateNew(node, frame);
      case 'name':
        return String(node.name).replace(/^\\/, '') === 'PHP_EOL' ? scalar('\n') : unknownBecause(`${String(node.name)} is a constant this reader cannot see`, String(node.name));
      case 'magic':
        return node.value === '__CLASS__' ? scalar(this.setup.classContext.name) : unknownBecause(`${String(node.raw ?? node.value)} is only known at run time`);
      case 'unary': {
        const operand = this.evaluate(node.what as AstNode, frame);
        if (node.type === '-' && operand.kind === 'scalar' && typeof operand.value === 'number') return scalar(-operand.value);
        if (node.type === '!' && operand.kind === 'scalar') return scalar(!booleanOf(operand));
        return UNKNOWN_VALUE;
      }
      case 'closure':
      case 'arrowfunc':
        return this.evaluateClosure(node, frame);
      default:
        this.visitChildren(node, frame);
        return UNKNOWN_VALUE;
    }
  }

  private evaluateStringLiteral(node: AstNode, frame: Frame): SymbolicValue {
    const plain = plainStringLiteral(this.setup.source, node);
    if (plain) return { kind: 'scalar', value: plain.text, segments: plain.segments };
    const parts = decodePhpStringLiteral(this.setup.source, node);
    if (!parts) {
      if (node.kind === 'string' || node.kind === 'nowdoc') return this.withOpaqueSegments(scalar(String(node.value)), node);
      if (node.type === 'shell') return unknownBecause('a shell command (backticks) runs at run time');
      return unknownBecause('the string could not be read');
    }
    const builder = new SegmentBuilder();
    for (const part of parts) {
      if (part.kind === 'text') {
        builder.appendMapped(part.text, part.segments);
        continue;
      }
      const value = this.evaluate(part.expression as AstNode, frame);
      if (value.kind !== 'scalar') return unknownBecause(value.kind === 'unknown' && value.why ? value.why : `the string interpolates ${this.textOfSpan(part)}`);
      builder.append(phpToString(value.value), part.start, part.end, false);
    }
    return { kind: 'scalar', value: builder.text, segments: builder.segments };
  }

  private evaluateArray(node: AstNode, frame: Frame): SymbolicValue {
    const entries: Array<{ key: string | number; value: SymbolicValue }> = [];
    let nextIndex = 0;
    let known = true;
    for (const item of asNodes(node.items)) {
      const entry = item.kind === 'entry' ? item : { kind: 'entry', key: null, value: item };
      const value = this.evaluate(entry.value as AstNode, frame);
      if (entry.unpack) {
        known = false;
        continue;
      }
      let key: string | number = nextIndex;
      if (entry.key) {
        const keyValue = this.evaluate(entry.key as AstNode, frame);
        if (keyValue.kind !== 'scalar' || (typeof keyValue.value !== 'string' && typeof keyValue.value !== 'number')) {
          known = false;
          continue;
        }
        key = keyValue.value;
      }
      if (typeof key === 'number') nextIndex = Math.max(nextIndex, key + 1);
      entries.push({ key, value });
    }
    return known ? { kind: 'array', entries } : unknownBecause('the array is built at run time');
  }

  private evaluateVariable(node: AstNode, frame: Frame): SymbolicValue {
    const name = variableName(node);
    if (name === undefined) return unknownBecause('a variable variable is only known at run time');
    if (name === 'this') return service('migration');
    return frame.scope.get(name) ?? unknownBecause(`$${name} is not a constant at this point`);
  }

  private evaluateAssignment(node: AstNode, frame: Frame): SymbolicValue {
    const left = node.left as AstNode;
    const right = this.evaluate(node.right as AstNode, frame);
    const operator = String(node.operator);
    const current = () => (left.kind === 'variable' ? this.evaluateVariable(left, frame) : this.evaluate(left, frame));
    let value = right;
    if (operator === '.=') value = this.concatenate([current(), this.asOperand(right, node.right as AstNode)]);
    else if (operator === '??=') {
      const existing = current();
      value = existing.kind === 'scalar' && existing.value !== null ? existing : right;
    } else if (operator !== '=') value = unknownBecause(`the value is computed with ${operator}`);
    this.assignTo(left, value, frame);
    return value;
  }

  private assignTo(left: AstNode, value: SymbolicValue, frame: Frame): void {
    const name = variableName(left);
    if (left.kind === 'variable' && name !== undefined) {
      frame.scope.set(name, value);
      return;
    }
    if ((left.kind === 'propertylookup' || left.kind === 'nullsafepropertylookup') && variableName(left.what as AstNode) === 'this') {
      const property = identifierName(left.offset as AstNode);
      if (property) frame.thisProperties.set(property, value);
      return;
    }
    // `$options['null'] = true;` and `$columns[] = 'sku';` on a known array.
    if (left.kind === 'offsetlookup' && (left.what as AstNode).kind === 'variable') {
      const arrayName = variableName(left.what as AstNode);
      if (arrayName === undefined) return;
      const container = frame.scope.get(arrayName);
      const key = left.offset ? this.evaluate(left.offset as AstNode, frame) : undefined;
      if (container?.kind !== 'array' || (key && (key.kind !== 'scalar' || key.value === null || typeof key.value === 'boolean'))) {
        frame.scope.set(arrayName, unknownBecause(`$${arrayName} is changed at run time`));
        return;
      }
      const entries = [...container.entries];
      const nextIndex = entries.reduce((max, entry) => (typeof entry.key === 'number' ? Math.max(max, entry.key + 1) : max), 0);
      const entryKey = key?.kind === 'scalar' ? (key.value as string | number) : nextIndex;
      const existing = entries.findIndex((entry) => String(entry.key) === String(entryKey));
      if (existing >= 0) entries[existing] = { key: entryKey, value };
      else entries.push({ key: entryKey, value });
      frame.scope.set(arrayName, { kind: 'array', entries });
      return;
    }
    // Destructuring and other targets: whatever they name is no longer known.
    for (const target of collectVariables(left)) frame.scope.set(target, unknownBecause(`$${target} is assigned at run time`));
  }

  private evaluateBinary(node: AstNode, frame: Frame): SymbolicValue {
    if (node.type === '.') {
      // Long SQL concatenations are left-deep trees: flatten them without recursion.
      const operands: AstNode[] = [];
      const pending: AstNode[] = [node];
      while (pending.length > 0) {
        const current = pending.pop() as AstNode;
        if (current.kind === 'bin' && current.type === '.') pending.push(current.right as AstNode, current.left as AstNode);
        else operands.push(current);
      }
      return this.concatenate(operands.map((operand) => this.asOperand(this.evaluate(operand, frame), operand)));
    }
    const left = this.evaluate(node.left as AstNode, frame);
    const right = this.evaluate(node.right as AstNode, frame);
    if (node.type === '??') return left.kind === 'scalar' && left.value !== null ? left : right;
    if (left.kind === 'scalar' && right.kind === 'scalar' && typeof left.value === 'number' && typeof right.value === 'number') {
      if (node.type === '+') return scalar(left.value + right.value);
      if (node.type === '-') return scalar(left.value - right.value);
      if (node.type === '*') return scalar(left.value * right.value);
    }
    return UNKNOWN_VALUE;
  }

  /** A piece of a concatenation: literals keep their character map, anything else maps to where it is referenced. */
  private asOperand(value: SymbolicValue, node: AstNode): SymbolicValue {
    if (value.kind !== 'scalar') return value;
    if (node.kind === 'string' || node.kind === 'encapsed' || node.kind === 'nowdoc') return value;
    return this.withOpaqueSegments(scalar(phpToString(value.value)), node);
  }

  private concatenate(pieces: SymbolicValue[]): SymbolicValue {
    const builder = new SegmentBuilder();
    for (const piece of pieces) {
      if (piece.kind !== 'scalar') return unknownBecause(piece.kind === 'unknown' && piece.why ? piece.why : 'part of the text is not a constant');
      const text = phpToString(piece.value);
      builder.appendMapped(text, piece.segments ?? []);
      // A piece without a map (should not happen) still keeps the text whole.
      if (builder.text.length < text.length) builder.text += text.slice(builder.text.length);
    }
    return { kind: 'scalar', value: builder.text, segments: builder.segments };
  }

  /** The value mapped as one block onto `node` (a constant reference, a variable inside a concatenation). */
  private withOpaqueSegments(value: ScalarSymbol, node: AstNode | undefined): ScalarSymbol {
    const text = phpToString(value.value);
    const span = this.spanOf(node);
    const segments: SqlSourceSegment[] = text.length > 0 ? [{ sqlStart: 0, sqlEnd: text.length, documentStart: span.start, documentEnd: span.end, exact: false }] : [];
    return { ...value, segments };
  }

  private evaluateNew(node: AstNode, frame: Frame): SymbolicValue {
    const args = asNodes(node.arguments).map((argument) => this.evaluate(argument, frame));
    const className = (node.what as AstNode | undefined)?.kind === 'name' ? this.resolveClassName(node.what as AstNode) : '';
    const shortName = className.slice(className.lastIndexOf('\\') + 1);
    // Magento's \Zend_Db_Expr / Sql\Expression and Phinx's Literal carry SQL written as is.
    if (['Zend_Db_Expr', 'Expression', 'Literal'].includes(shortName)) {
      const sql = stringOf(args[0]);
      if (sql !== undefined) return { kind: 'literal', sql };
    }
    return unknownBecause(`a new ${shortName || 'object'} is only known at run time`);
  }

  private evaluateClosure(node: AstNode, frame: Frame): SymbolicValue {
    // The body probably runs (array_map, a callback): read it once, in its own variables.
    const saved = frame.scope;
    const savedReturn = frame.returned;
    frame.scope = new Map();
    for (const used of asNodes(node.uses)) {
      const name = variableName(used);
      if (name !== undefined) frame.scope.set(name, saved.get(name) ?? UNKNOWN_VALUE);
    }
    if (node.kind === 'arrowfunc') {
      for (const [name, value] of saved) frame.scope.set(name, value);
      this.evaluate(node.body as AstNode, frame);
    } else this.visitChild(node.body as AstNode, frame);
    frame.scope = saved;
    frame.returned = savedReturn;
    return UNKNOWN_VALUE;
  }

  private evaluateStaticLookup(node: AstNode, frame: Frame): SymbolicValue {
    const constant = identifierName(node.offset as AstNode);
    const target = node.what as AstNode;
    if (!constant) return UNKNOWN_VALUE;
    const className = this.classOfStaticTarget(target);
    if (constant === 'class') return className ? scalar(className) : UNKNOWN_VALUE;
    const text = this.textOf(node);
    if (className === undefined || className === this.ownClassName()) {
      const declared = this.setup.classContext.constants.get(constant);
      if (declared && !this.constantsBeingRead.has(constant)) {
        this.constantsBeingRead.add(constant);
        try {
          const value = this.evaluate(declared, frame);
          return value.kind === 'scalar' ? { ...this.withOpaqueSegments(value, node), constantName: constant } : value;
        } finally {
          this.constantsBeingRead.delete(constant);
        }
      }
    }
    const known = className ? knownClassConstant(className, constant) : undefined;
    if (known !== undefined) return { ...this.withOpaqueSegments(scalar(known), node), constantName: constant };
    return unknownBecause(`${text} is defined in another class`, text);
  }

  private classOfStaticTarget(target: AstNode): string | undefined {
    if (target.kind === 'selfreference' || target.kind === 'staticreference') return this.ownClassName();
    if (target.kind === 'parentreference') return undefined;
    if (target.kind === 'name') return this.resolveClassName(target);
    return undefined;
  }

  private ownClassName(): string {
    const { namespace, name } = this.setup.classContext;
    return namespace ? `${namespace}\\${name}` : name;
  }

  private resolveClassName(node: AstNode): string {
    return resolveClassName(node, this.setup.classContext);
  }

  // ---------------------------------------------------------------- calls

  /** `a()->b()->c` chains are walked from the inside out without recursion. */
  private evaluateChain(node: AstNode, frame: Frame): SymbolicValue {
    const links: AstNode[] = [];
    let base: AstNode = node;
    for (;;) {
      if (base.kind === 'call' && isPropertyLookup(base.what as AstNode)) {
        links.push(base);
        base = (base.what as AstNode).what as AstNode;
      } else if (isPropertyLookup(base)) {
        links.push(base);
        base = base.what as AstNode;
      } else break;
    }
    let value = base.kind === 'call' ? this.evaluatePlainCall(base, frame) : this.evaluate(base, frame);
    for (let index = links.length - 1; index >= 0; index--) {
      const link = links[index];
      value = link.kind === 'call' ? this.callMethod(value, link, frame) : this.readProperty(value, link, frame);
    }
    return value;
  }

  /** Calls that are not `->method()`: functions (`sprintf`) and static methods (`Literal::from`). */
  private evaluatePlainCall(node: AstNode, frame: Frame): SymbolicValue {
    const what = node.what as AstNode;
    const args = asNodes(node.arguments).map((argument) => this.evaluate(argumentValue(argument), frame));
    if (what.kind === 'name') {
      const name = String(what.name).replace(/^\\/, '').toLowerCase();
      if ((name === 'implode' || name === 'join') && args.length === 2) {
        const glue = stringOf(args[0]);
        const items = stringListOf(args[1]);
        if (glue !== undefined && items) return scalar(items.join(glue));
      }
      if (name === 'strtolower' || name === 'strtoupper') {
        const text = stringOf(args[0]);
        if (text !== undefined) return scalar(name === 'strtolower' ? text.toLowerCase() : text.toUpperCase());
      }
      return unknownBecause(`it is built by ${String(what.name).replace(/^\\/, '')}() at run time`);
    }
    if (what.kind === 'staticlookup') {
      const method = (identifierName(what.offset as AstNode) ?? '').toLowerCase();
      const target = what.what as AstNode;
      const className = this.classOfStaticTarget(target) ?? '';
      if (method === 'from' && /(^|\\)Literal$/.test(className)) {
        const sql = stringOf(args[0]);
        return sql !== undefined ? { kind: 'literal', sql } : UNKNOWN_VALUE;
      }
      if ((target.kind === 'selfreference' || target.kind === 'staticreference') && this.setup.classContext.methods.has(method)) {
        return this.inlineHelper(method, this.callSite(node, method, args), frame);
      }
      return unknownBecause(`it is returned by ${this.textOf(what)}() at run time`);
    }
    this.evaluate(what, frame);
    return UNKNOWN_VALUE;
  }

  private callSite(node: AstNode, name: string, args: SymbolicValue[]): CallSite {
    return new LazyCallSite(node, name, args, this.callSpan(node));
  }

  private callMethod(receiver: SymbolicValue, node: AstNode, frame: Frame): SymbolicValue {
    const lookup = node.what as AstNode;
    const name = identifierName(lookup.offset as AstNode);
    if (name === undefined) this.evaluate(lookup.offset as AstNode, frame);
    // Every method call of the migration passes here: one array, not a filtered copy and a mapped one.
    const args: SymbolicValue[] = [];
    if (Array.isArray(node.arguments)) for (const argument of node.arguments as unknown[]) if (isNode(argument)) args.push(this.evaluate(argumentValue(argument), frame));
    if (name === undefined) return unknownBecause('the method name is only known at run time');
    const call = this.callSite(node, name, args);
    const method = name.toLowerCase();
    if (receiver.kind === 'unknown' && receiver.returnedNothing) {
      this.problems.push({
        kind: 'call-on-nothing',
        message: `${receiver.returnedNothing}, so ->${name}() fails at run time ("Call to a member function ${name}() on null").`,
        range: this.rangeOf(call.span),
      });
    }
    // Table-name wrappers work on any object (`$setup->getTable()`, `$this->getTable()`, `$resource->getTableName()`).
    if ((method === 'gettable' || method === 'gettablename') && receiver.kind !== 'table' && args.length >= 1) {
      const tableName = stringOf(args[0]);
      return tableName !== undefined ? this.withOpaqueSegments(scalar(tableName), node) : args[0];
    }
    switch (receiver.kind) {
      case 'table':
        return this.callOnPhinxTable(receiver.handle, call, method, frame);
      case 'ddl-table':
        return magentoDdlTableCall(receiver.definition, call.args, method);
      case 'service':
        return this.callOnService(receiver.service, call, method, frame);
      default:
        return this.callOnUnknown(call, method, frame);
    }
  }

  private readProperty(receiver: SymbolicValue, node: AstNode, frame: Frame): SymbolicValue {
    const name = identifierName(node.offset as AstNode);
    if (name === undefined) {
      this.evaluate(node.offset as AstNode, frame);
      return UNKNOWN_VALUE;
    }
    if (receiver.kind !== 'service' || receiver.service !== 'migration') return unknownBecause(`${this.textOf(node)} is only known at run time`);
    const assigned = frame.thisProperties.get(name);
    if (assigned) return assigned;
    const byName = serviceByPropertyName(name);
    if (byName) return service(byName);
    const declared = this.setup.classContext.properties.get(name);
    if (declared) {
      const value = this.evaluate(declared, frame);
      return value.kind === 'scalar' ? this.withOpaqueSegments(value, node) : value;
    }
    return unknownBecause(`$this->${name} is only known at run time`);
  }

  private callOnService(kind: ServiceKind, call: CallSite, method: string, frame: Frame): SymbolicValue {
    switch (kind) {
      case 'migration':
        return this.callOnMigration(call, method, frame);
      case 'magento-connection':
        return magentoConnectionCall(this.adapterCall(call, frame), method);
      case 'magento-setup':
        if (method === 'getconnection') return service('magento-connection');
        if (method === 'run') return this.recordRawSql(call, 'adapter-query', frame);
        return UNKNOWN_VALUE;
      case 'eav-setup':
        if (method === 'removeattribute') return removeEavAttribute(this.adapterCall(call, frame));
        return UNKNOWN_VALUE;
      case 'eav-setup-factory':
        return method === 'create' ? service('eav-setup') : UNKNOWN_VALUE;
      case 'phinx-adapter':
        if (method === 'execute' || method === 'query') return this.recordRawSql(call, 'adapter-query', frame);
        return method === 'getconnection' ? service('pdo') : UNKNOWN_VALUE;
      case 'pdo':
        return method === 'exec' || method === 'query' ? this.recordRawSql(call, 'adapter-query', frame) : UNKNOWN_VALUE;
    }
  }

  private callOnUnknown(call: CallSite, method: string, frame: Frame): SymbolicValue {
    // Lenient: these names mean the same on whatever object a project keeps them.
    if (method === 'getconnection') return service('magento-connection');
    if (method === 'removeattribute' && call.args.length >= 2) return removeEavAttribute(this.adapterCall(call, frame));
    return unknownBecause(`it is returned by ${call.name}() at run time`);
  }

  private callOnMigration(call: CallSite, method: string, frame: Frame): SymbolicValue {
    const { semantics } = this.setup;
    switch (method) {
      case 'table':
        return this.newTableHandle(call, frame);
      case 'execute':
        return this.recordRawSql(call, 'execute', frame);
      case 'query':
        return this.recordRawSql(call, 'query', frame);
      case 'droptable': {
        if (!semantics.hasDropTable) this.reportMissingApi(call, 'dropTable() was removed in Phinx 0.13; use $this->table(...)->drop()->save()');
        const table = stringOf(call.args[0]);
        if (table === undefined) return this.unresolved(call, 'drop-table', 'the table name is not a constant', frame);
        this.pushOperation(this.operation(call, frame, 'phinx', { kind: 'drop-table', table }));
        return UNKNOWN_VALUE;
      }
      case 'insert': {
        if (call.args.length < 2) return UNKNOWN_VALUE;
        if (!semantics.hasDropTable) this.reportMissingApi(call, 'AbstractMigration::insert() was removed in Phinx 0.13; use $this->table(...)->insert($rows)->save()');
        const table = stringOf(call.args[0]);
        if (table === undefined) return this.unresolved(call, 'insert-rows', 'the table name is not a constant', frame);
        this.pushOperation(this.operation(call, frame, 'phinx', { kind: 'insert-rows', table, fromSelect: false }));
        return UNKNOWN_VALUE;
      }
      case 'dropdatabase':
        this.pushOperation(this.operation(call, frame, 'phinx', { kind: 'drop-database', name: stringOf(call.args[0]) }));
        return UNKNOWN_VALUE;
      case 'getadapter':
        return service('phinx-adapter');
      case 'getconnection':
        return service('magento-connection');
      case 'getschemasetup':
      case 'getdatasetup':
      case 'getsetup':
        return service('magento-setup');
      case 'getservice': {
        const className = stringOf(call.args[0]) ?? '';
        if (/EavSetupFactory$/.test(className)) return service('eav-setup-factory');
        if (/EavSetup$/.test(className)) return service('eav-setup');
        return UNKNOWN_VALUE;
      }
      default:
        if (this.setup.classContext.methods.has(method)) return this.inlineHelper(method, call, frame);
        return unknownBecause(`it is returned by ${call.name}() at run time`);
    }
  }

  /** A private helper of the migration (`$this->addBadgeColumns($table)`) runs in the caller's phase. */
  private inlineHelper(method: string, call: CallSite, frame: Frame): SymbolicValue {
    const declaration = this.setup.classContext.methods.get(method);
    if (!declaration || frame.callStack.includes(method) || frame.callStack.length > MAX_HELPER_DEPTH) return UNKNOWN_VALUE;
    const scope = new Map<string, SymbolicValue>();
    asNodes(declaration.arguments).forEach((parameter, index) => {
      const name = typeof parameter.name === 'string' ? parameter.name : identifierName(parameter.name as AstNode);
      if (!name) return;
      const given = call.args[index];
      scope.set(name, given ?? (parameter.value ? this.evaluate(parameter.value as AstNode, frame) : unknownBecause(`$${name} has no value`)));
    });
    const helperFrame: Frame = { ...frame, scope, callStack: [...frame.callStack, method], returned: undefined };
    const body = declaration.body as AstNode | null;
    if (body) this.visitStatements(asNodes(body.children), helperFrame);
    return helperFrame.returned ?? UNKNOWN_VALUE;
  }

  // ---------------------------------------------------------------- Phinx Table API

  private newTableHandle(call: CallSite, frame: Frame): SymbolicValue {
    const table = stringOf(call.args[0]);
    const handle: TableHandle = { table, options: call.args[1], start: call.span.start, end: call.span.end, queue: [] };
    frame.handles.push(handle);
    return { kind: 'table', handle };
  }

  private callOnPhinxTable(handle: TableHandle, call: CallSite, method: string, frame: Frame): SymbolicValue {
    const self: SymbolicValue = { kind: 'table', handle };
    this.recordCallSyntax(call, handle);
    const args = call.args;
    const table = handle.table;
    switch (method) {
      case 'addcolumn': {
        const column = stringOf(args[0]);
        if (column === undefined) return this.queueUnresolved(handle, call, 'add-column', 'column', 'the column is not given by a constant name', frame);
        return this.queue(handle, call, 'column', frame, table && { kind: 'add-column', table, column: phinxColumnDefinition(column, args[1], args[2]) });
      }
      case 'addtimestamps':
      case 'addtimestampswithtimezone': {
        const createdAt = stringOf(args[0]) ?? 'created_at';
        const updatedAt = stringOf(args[1]) ?? 'updated_at';
        this.queue(handle, call, 'column', frame, table && { kind: 'add-column', table, column: { name: createdAt, type: 'timestamp', default: { value: 'CURRENT_TIMESTAMP', isExpression: true } } });
        return this.queue(handle, call, 'column', frame, table && { kind: 'add-column', table, column: { name: updatedAt, type: 'timestamp', nullable: true, default: { value: null, isExpression: false } } });
      }
      case 'removecolumn': {
        const column = stringOf(args[0]);
        if (column === undefined) return this.queueUnresolved(handle, call, 'drop-column', 'remove-column', 'the column name is not a constant', frame);
        return this.queue(handle, call, 'remove-column', frame, table && { kind: 'drop-column', table, column });
      }
      case 'renamecolumn': {
        const column = stringOf(args[0]);
        const newName = stringOf(args[1]);
        if (column === undefined || newName === undefined) return this.queueUnresolved(handle, call, 'rename-column', 'column', 'a column name is not a constant', frame);
        return this.queue(handle, call, 'column', frame, table && { kind: 'rename-column', table, column, newName });
      }
      case 'changecolumn': {
        const column = stringOf(args[0]);
        if (column === undefined) return this.queueUnresolved(handle, call, 'change-column', 'column', 'the column name is not a constant', frame);
        // changeColumn() never renames: the definition keeps the old name, and unstated options stay undefined.
        return this.queue(handle, call, 'column', frame, table && { kind: 'change-column', table, from: column, column: phinxColumnDefinition(column, args[1], args[2]) });
      }
      case 'changeprimarykey': {
        const columns = args[0]?.kind === 'scalar' && args[0].value === null ? [] : stringListOf(args[0]);
        return this.queue(handle, call, 'table-move', frame, table && { kind: 'change-primary-key', table, columns });
      }
      case 'changecomment':
        return this.queue(handle, call, 'table-comment', frame, undefined);
      case 'addindex': {
        const columns = stringListOf(args[0]);
        if (!columns) return this.queueUnresolved(handle, call, 'add-index', 'index', 'the index columns are not constants', frame);
        const options = args[1];
        const type = stringOf(entryOf(options, 'type'))?.toLowerCase();
        return this.queue(handle, call, 'index', frame, table && {
          kind: 'add-index',
          table,
          columns,
          name: stringOf(entryOf(options, 'name')),
          unique: booleanOf(entryOf(options, 'unique')) === true,
          indexType: type === 'fulltext' || type === 'spatial' ? type : undefined,
        });
      }
      case 'removeindex': {
        const columns = stringListOf(args[0]);
        if (!columns) return this.queueUnresolved(handle, call, 'drop-index', 'index', 'the index columns are not constants', frame);
        return this.queue(handle, call, 'index', frame, table && { kind: 'drop-index', table, columns });
      }
      case 'removeindexbyname': {
        const name = stringOf(args[0]);
        if (name === undefined) return this.queueUnresolved(handle, call, 'drop-index', 'index', 'the index name is not a constant', frame);
        return this.queue(handle, call, 'index', frame, table && { kind: 'drop-index', table, name });
      }
      case 'addforeignkey':
      case 'addforeignkeywithname': {
        const named = method === 'addforeignkeywithname';
        const [columnsArg, referencedArg, , optionsArg] = named ? args.slice(1) : args;
        const columns = stringListOf(columnsArg);
        const referencedTable = referencedArg?.kind === 'table' ? referencedArg.handle.table : stringOf(referencedArg);
        if (!columns || referencedTable === undefined) return this.queueUnresolved(handle, call, 'add-foreign-key', 'foreign-key', 'the columns or the referenced table are not constants', frame);
        const name = named ? stringOf(args[0]) : stringOf(entryOf(optionsArg, 'constraint'));
        return this.queue(handle, call, 'foreign-key', frame, table && { kind: 'add-foreign-key', table, columns, referencedTable, name });
      }
      case 'dropforeignkey': {
        const name = stringOf(args[1]);
        const columns = stringListOf(args[0]);
        if (!columns && name === undefined) return this.queueUnresolved(handle, call, 'drop-foreign-key', 'foreign-key', 'the columns are not constants', frame);
        return this.queue(handle, call, 'foreign-key', frame, table && { kind: 'drop-foreign-key', table, columns: columns && columns.length > 0 ? columns : undefined, name });
      }
      case 'drop':
        this.queue(handle, call, 'table-move', frame, table && { kind: 'drop-table', table });
        // 0.9's drop() returns nothing.
        return this.setup.semantics.queuedActions ? self : nothingReturnedBy(call.name, 'in Phinx 0.9');
      case 'rename': {
        const newName = stringOf(args[0]);
        if (newName === undefined) return this.queueUnresolved(handle, call, 'rename-table', 'table-move', 'the new table name is not a constant', frame);
        this.queue(handle, call, 'table-move', frame, table && { kind: 'rename-table', table, newName });
        if (!this.setup.semantics.queuedActions) handle.table = newName;
        return self;
      }
      case 'truncate':
        // Runs at once in every version, and returns nothing.
        if (table === undefined) return this.unresolved(call, 'truncate-table', 'the table name is not a constant', frame);
        this.pushOperation(this.operation(call, frame, 'phinx', { kind: 'truncate-table', table }));
        return nothingReturnedBy(call.name);
      case 'insert':
        return this.queue(handle, call, 'data', frame, table && { kind: 'insert-rows', table, fromSelect: false });
      case 'create':
        this.runCreate(handle, call, frame);
        return nothingReturnedBy(call.name);
      case 'update':
        this.runUpdate(handle);
        return nothingReturnedBy(call.name);
      case 'save':
        this.runSave(handle, call, frame);
        return nothingReturnedBy(call.name);
      case 'savedata':
        this.runQueued(handle.queue.filter((action) => action.group === 'data'));
        handle.queue = handle.queue.filter((action) => action.group !== 'data');
        return UNKNOWN_VALUE;
      case 'reset':
        handle.queue = [];
        return UNKNOWN_VALUE;
      case 'getname':
        return table !== undefined ? scalar(table) : UNKNOWN_VALUE;
      default:
        return unknownBecause(`it is returned by ${call.name}() at run time`);
    }
  }

  private recordCallSyntax(call: CallSite, handle: TableHandle): void {
    if (this.setup.withoutCallSyntax || this.callSyntaxSeen.has(call.span.start)) return;
    this.callSyntaxSeen.add(call.span.start);
    const syntax = readCallSyntax(call.node, call.name, call.span, { start: handle.start, end: handle.end }, this.setup.source, this.setup.lines);
    if (syntax) this.callSyntax.push(syntax);
  }

  /** Queues a Table action, or runs it now when Phinx 0.9 did. Returns the table for chaining. */
  private queue(handle: TableHandle, call: CallSite, group: ActionGroup, frame: Frame, details: SchemaOperationDetails | undefined | '' | false): SymbolicValue {
    const operation = details ? this.operation(call, frame, 'phinx', details) : undefined;
    if (!details && handle.table === undefined && group !== 'table-comment') {
      this.unresolved(call, groupKind(group, call.name), 'the table name is not a constant', frame);
    }
    const runsNow = !this.setup.semantics.queuedActions && RUN_AT_ONCE_IN_0_9.has(call.name.toLowerCase());
    if (runsNow) {
      if (operation) this.pushOperation(operation);
    } else handle.queue.push({ group, operation, adds: ADDING_CALLS.has(call.name.toLowerCase()), start: call.span.start, end: call.span.end });
    return { kind: 'table', handle };
  }

  private queueUnresolved(handle: TableHandle, call: CallSite, kind: SchemaOperation['kind'], group: ActionGroup, reason: string, frame: Frame): SymbolicValue {
    this.unresolved(call, kind, reason, frame);
    const runsNow = !this.setup.semantics.queuedActions && RUN_AT_ONCE_IN_0_9.has(call.name.toLowerCase());
    if (!runsNow) handle.queue.push({ group, operation: undefined, adds: ADDING_CALLS.has(call.name.toLowerCase()), start: call.span.start, end: call.span.end });
    return { kind: 'table', handle };
  }

  private runCreate(handle: TableHandle, call: CallSite, frame: Frame): void {
    const actions = handle.queue;
    handle.queue = [];
    const table = handle.table;
    if (table === undefined) {
      this.unresolved(call, 'create-table', 'the table name is not a constant', frame);
      return;
    }
    const batch = this.newBatch(table);
    const columns = [...implicitIdColumn(handle.options), ...actions.flatMap((action) => (action.operation?.kind === 'add-column' ? [action.operation.column] : []))];
    const create = this.operation(call, frame, 'phinx', { kind: 'create-table', table, columns });
    create.batch = batch;
    this.pushOperation(create);
    // Indexes are part of CREATE TABLE; foreign keys too before 0.10, a separate ALTER after.
    for (const action of actions) {
      if (action.group === 'index' && action.operation?.kind === 'add-index') this.pushOperation({ ...action.operation, batch });
    }
    for (const action of actions) {
      if (action.group === 'foreign-key' && action.operation) this.pushOperation(this.setup.semantics.queuedActions ? action.operation : { ...action.operation, batch });
    }
    const rest = actions.filter((action) => action.operation && action.operation.kind !== 'add-column' && action.group !== 'foreign-key' && action.operation.kind !== 'add-index');
    this.runQueued(sortByUpdateOrder(rest));
  }

  private runUpdate(handle: TableHandle): void {
    const actions = handle.queue;
    handle.queue = [];
    if (!this.setup.semantics.queuedActions) {
      // 0.9 Table::update(): each pending column, then index, then foreign key, then the rows, one statement each.
      this.runQueued(sortByUpdateOrder(actions, UPDATE_ORDER_0_9));
    } else {
      const dropsTable = actions.some((action) => action.operation?.kind === 'drop-table');
      // Plan::resolveConflicts: dropping the table forgets its other changes.
      const kept = dropsTable ? actions.filter((action) => action.group === 'table-move' || action.group === 'data') : actions;
      // ActionSplitter: changing a column renamed in the same update() needs a second ALTER. Once per
      // update() of every migration, so one pass with no Set unless something is renamed.
      let renamedTo: Set<string> | undefined;
      for (const action of kept) {
        if (action.group === 'column' && action.operation?.kind === 'rename-column') (renamedTo ??= new Set()).add(action.operation.newName);
      }
      const first: PhinxSchemaOperation[] = [];
      const second: PhinxSchemaOperation[] = [];
      const others: QueuedAction[] = [];
      for (const action of kept) {
        if (action.group !== 'column') others.push(action);
        else if (!action.operation) continue;
        else if (renamedTo && action.operation.kind === 'change-column' && renamedTo.has(action.operation.from)) second.push(action.operation);
        else first.push(action.operation);
      }
      for (const operations of [first, second]) {
        if (operations.length === 0) continue;
        const batch = this.newBatch(operations[0].table ?? handle.table ?? 'table');
        // Each queued operation was built for its queue alone (and the queue is gone now): marked in place.
        for (const operation of operations) {
          operation.batch = batch;
          this.pushOperation(operation);
        }
      }
      this.runQueued(sortByUpdateOrder(others));
    }
    const renamed = actions.find((action) => action.operation?.kind === 'rename-table');
    if (renamed?.operation?.kind === 'rename-table') handle.table = renamed.operation.newName;
  }

  /** save() creates the table when it does not exist: decided here from what the migration shows. */
  private runSave(handle: TableHandle, call: CallSite, frame: Frame): void {
    const decision = this.decideSave(handle, frame.phase);
    this.saves.push({ table: handle.table, phase: frame.phase, range: this.rangeOf(call.span), ...decision });
    if (decision.resolvedAs === 'create') this.runCreate(handle, call, frame);
    else this.runUpdate(handle);
  }

  private decideSave(handle: TableHandle, phase: MigrationPhase): Pick<SaveResolution, 'resolvedAs' | 'reason'> {
    const table = handle.table?.toLowerCase();
    if (!handle.queue.every((action) => action.adds)) return { resolvedAs: 'update', reason: 'has-alter-actions' };
    if (!handle.queue.some((action) => action.group === 'column')) return { resolvedAs: 'update', reason: 'no-new-columns' };
    if (table !== undefined && this.createdTables.get(phase)?.has(table)) return { resolvedAs: 'update', reason: 'table-created-earlier' };
    if (table !== undefined && this.droppedTables.get(phase)?.has(table)) return { resolvedAs: 'create', reason: 'table-dropped-earlier' };
    if (handle.options?.kind === 'array' && handle.options.entries.length > 0) return { resolvedAs: 'create', reason: 'table-options' };
    const rollbackPhase: MigrationPhase | undefined = phase === 'up' ? 'down' : phase === 'down' ? 'up' : undefined;
    if (table !== undefined && rollbackPhase && this.setup.tablesDroppedByMethod?.(rollbackPhase).has(table)) return { resolvedAs: 'create', reason: 'dropped-by-rollback' };
    return { resolvedAs: 'update', reason: 'assumed-existing' };
  }

  private runQueued(actions: Array<{ operation: PhinxSchemaOperation | undefined }>): void {
    for (const action of actions) if (action.operation) this.pushOperation(action.operation);
  }

  private reportUnsavedTables(frame: Frame): void {
    for (const handle of frame.handles) {
      if (handle.queue.length === 0) continue;
      this.unsavedTables.push({
        table: handle.table,
        phase: frame.phase,
        range: this.rangeOf(handle),
        actionRanges: handle.queue.map((action) => this.rangeOf(action)),
      });
      for (const action of handle.queue) if (action.operation) this.pushOperation({ ...action.operation, neverSaved: true });
      handle.queue = [];
    }
  }

  // ---------------------------------------------------------------- Magento

  /** What the Magento adapter handlers may do for one call. */
  private adapterCall(call: CallSite, frame: Frame): AdapterCall {
    return {
      args: call.args,
      apiCall: call.name,
      argumentText: (index) => (call.argNodes[index] ? this.textOf(call.argNodes[index]) : ''),
      emit: (details, batch) => {
        const operation = this.operation(call, frame, 'magento-adapter', details);
        this.pushOperation(batch === undefined ? operation : { ...operation, batch });
      },
      unresolved: (kind, reason) => {
        this.unresolved(call, kind, reason, frame);
      },
      newBatch: (table) => this.newBatch(table),
      rawSql: () => this.recordRawSql(call, 'adapter-query', frame),
    };
  }

  // ---------------------------------------------------------------- raw SQL

  private recordRawSql(call: CallSite, via: RawSqlCall, frame: Frame): SymbolicValue {
    const argumentNode = call.argNodes[0];
    const value = call.args[0];
    const entry: PhinxRawSql = {
      via,
      phase: frame.phase,
      range: this.rangeOf(call.span),
      statementRange: this.statementRangeOf(frame),
      argumentRange: argumentNode ? this.rangeOf(this.spanOf(argumentNode)) : undefined,
      sql: undefined,
      operationIndex: this.operations.length,
    };
    if (value?.kind === 'scalar' && typeof value.value === 'string') {
      entry.sql = value.value;
      const mapped = value.segments && value.segments.length > 0 ? value : this.withOpaqueSegments(value, argumentNode);
      entry.offsetMap = new SqlOffsetMap(mapped.segments ?? [], this.setup.lines);
    } else {
      entry.unanalyzableReason = !argumentNode
        ? `${call.name}() is called without SQL`
        : value?.kind === 'unknown' && value.why
          ? `the SQL cannot be read before it runs: ${value.why}`
          : 'the SQL is not a constant string';
      this.pushOperation(this.operation(call, frame, 'sql', { kind: 'unanalyzable-sql', reason: entry.unanalyzableReason }));
    }
    this.rawSql.push(entry);
    return unknownBecause(`it is the result of ${call.name}()`);
  }

  // ---------------------------------------------------------------- results

  private operation(call: CallSite, frame: Frame, source: PhinxSchemaOperation['source'], details: SchemaOperationDetails): PhinxSchemaOperation {
    // Optional fields are left out rather than present as undefined, so operations compare and print
    // cleanly. Built field by field: spreading a filtered copy allocated several objects per operation
    // and was the interpreter's largest cost on long migrations.
    const operation: Record<string, unknown> = {};
    for (const key of Object.keys(details)) {
      const value = (details as unknown as Record<string, unknown>)[key];
      if (value !== undefined) operation[key] = value;
    }
    operation.range = this.rangeOf(call.span);
    operation.source = source;
    operation.phase = frame.phase;
    operation.apiCall = call.name;
    operation.statementRange = this.statementRangeOf(frame);
    operation.tableCreatedInMigration = false;
    return operation as unknown as PhinxSchemaOperation;
  }

  private pushOperation(operation: PhinxSchemaOperation): void {
    this.operations.push(operation);
    if (operation.neverSaved) return;
    const created = this.tablesOf(this.createdTables, operation.phase);
    const dropped = this.tablesOf(this.droppedTables, operation.phase);
    if (operation.kind === 'create-table') created.add(operation.table.toLowerCase());
    if (operation.kind === 'drop-table') {
      dropped.add(operation.table.toLowerCase());
      created.delete(operation.table.toLowerCase());
    }
    if (operation.kind === 'rename-table' && created.has(operation.table.toLowerCase())) created.add(operation.newName.toLowerCase());
  }

  private tablesOf(map: Map<MigrationPhase, Set<string>>, phase: MigrationPhase): Set<string> {
    let tables = map.get(phase);
    if (!tables) map.set(phase, (tables = new Set()));
    return tables;
  }

  private unresolved(call: CallSite, operationKind: SchemaOperation['kind'], reason: string, frame: Frame): SymbolicValue {
    this.unresolvedCalls.push({ apiCall: call.name, operationKind, phase: frame.phase, range: this.rangeOf(call.span), statementRange: this.statementRangeOf(frame), reason });
    return UNKNOWN_VALUE;
  }

  private newBatch(table: string): string {
    return `${table}#${this.nextBatchNumber++}`;
  }

  private reportMissingApi(call: CallSite, message: string): void {
    this.problems.push({ kind: 'api-not-in-version', message, range: this.rangeOf(call.span) });
  }

  private reportTooDeep(node: AstNode): void {
    if (this.nestingReported) return;
    this.nestingReported = true;
    this.problems.push({ kind: 'analysis-incomplete', message: 'This code is nested too deeply to analyse; operations inside it are not checked.', range: this.rangeOf(this.spanOf(node)) });
  }

  private reportIncomplete(node: AstNode, error: unknown): void {
    const tooDeep = error instanceof RangeError;
    this.problems.push({
      kind: 'analysis-incomplete',
      message: tooDeep ? 'This statement is nested too deeply to analyse; operations inside it are not checked.' : `This statement could not be analysed (${error instanceof Error ? error.message : String(error)}); operations inside it are not checked.`,
      range: this.rangeOf(this.spanOf(node)),
    });
  }

  /** The call to underline: in a chain only its own link (`->removeColumn('x')`), else the whole call. */
  private callSpan(node: AstNode): Span {
    const span = this.spanOf(node);
    const lookup = node.what as AstNode;
    if (!isPropertyLookup(lookup)) return span;
    const receiver = lookup.what as AstNode;
    if (receiver.kind !== 'call') return span;
    const nameStart = this.spanOf(lookup.offset as AstNode).start;
    const receiverEnd = this.spanOf(receiver).end;
    const arrow = lastArrowAtOrBefore(this.setup.source, nameStart);
    if (arrow < receiverEnd) return { start: nameStart, end: span.end };
    return { start: this.setup.source[arrow - 1] === '?' ? arrow - 1 : arrow, end: span.end };
  }

  private spanOf(node: AstNode | null | undefined): Span {
    if (!node?.loc) return { start: 0, end: 0 };
    const start = node.loc.start.offset;
    let end = node.loc.end.offset;
    // php-parser stretches the outermost expression of a statement over its `;`.
    if (!STATEMENT_KINDS.has(node.kind)) while (end > start && isSemicolonOrSpace(this.setup.source.charCodeAt(end - 1))) end--;
    return { start, end };
  }

  /** The statement's range, shared by everything it produces (a chain gives several operations). */
  private statementRangeOf(frame: Frame): Range {
    const cached = this.statementRange;
    if (cached?.span === frame.statement) return cached.range;
    const range = this.rangeOf(frame.statement);
    this.statementRange = { span: frame.statement, range };
    return range;
  }

  private rangeOf(span: Span): Range {
    return this.setup.lines.rangeOf(span.start, span.end);
  }

  private textOf(node: AstNode): string {
    return this.textOfSpan(this.spanOf(node));
  }

  private textOfSpan(span: Span): string {
    return this.setup.source.slice(span.start, span.end);
  }
}

/** The result of a Table method that returns void: calling a method on it stops the migration. */
function nothingReturnedBy(method: string, when = ''): SymbolicValue {
  return { kind: 'unknown', why: `${method}() returns nothing`, returnedNothing: `${method}() returns nothing${when ? ` ${when}` : ''}` };
}

function service(kind: ServiceKind): SymbolicValue {
  return { kind: 'service', service: kind };
}

/** MX_PhinxMigrations' Migration has these properties; projects name theirs alike. */
function serviceByPropertyName(name: string): ServiceKind | undefined {
  if (name === 'eavSetup') return 'eav-setup';
  if (/eavSetupFactory$/i.test(name)) return 'eav-setup-factory';
  if (/^(schemaSetup|dataSetup|setup|moduleDataSetup|installer)$/.test(name)) return 'magento-setup';
  if (/connection$/i.test(name)) return 'magento-connection';
  if (name === 'adapter') return 'phinx-adapter';
  return undefined;
}

/** The operation kind an unresolved action would have produced (for a table whose name is unknown). */
function groupKind(group: ActionGroup, apiCall: string): SchemaOperation['kind'] {
  const byCall: Record<string, SchemaOperation['kind']> = {
    addcolumn: 'add-column',
    addtimestamps: 'add-column',
    addtimestampswithtimezone: 'add-column',
    removecolumn: 'drop-column',
    renamecolumn: 'rename-column',
    changecolumn: 'change-column',
    changeprimarykey: 'change-primary-key',
    addindex: 'add-index',
    removeindex: 'drop-index',
    removeindexbyname: 'drop-index',
    addforeignkey: 'add-foreign-key',
    addforeignkeywithname: 'add-foreign-key',
    dropforeignkey: 'drop-foreign-key',
    drop: 'drop-table',
    rename: 'rename-table',
    insert: 'insert-rows',
  };
  return byCall[apiCall.toLowerCase()] ?? (group === 'data' ? 'insert-rows' : 'unanalyzable-sql');
}

/** The actions of the groups in `order`, grouped in that order (stable within a group); others are left out. */
function sortByUpdateOrder<T extends { group: ActionGroup }>(actions: T[], order: readonly ActionGroup[] = UPDATE_ORDER): T[] {
  // Once per update() of every migration: one pass and one stable sort rather than a filter per group.
  const kept = actions.filter((action) => order.includes(action.group));
  if (kept.length > 1) kept.sort((a, b) => order.indexOf(a.group) - order.indexOf(b.group));
  return kept;
}

/**
 * Phinx adds an auto-increment `id` (or the name given in 'id') unless the options say 'id' => false,
 * even when 'primary_key' names other columns.
 */
function implicitIdColumn(options: SymbolicValue | undefined): ColumnDefinition[] {
  const id = entryOf(options, 'id');
  if (id !== undefined && (id.kind !== 'scalar' || id.value === false || id.value === null)) return [];
  const name = id?.kind === 'scalar' && typeof id.value === 'string' ? id.value : 'id';
  return [{ name, type: 'integer', autoIncrement: true, nullable: false }];
}


function mergeScopes(outcomes: Array<Map<string, SymbolicValue>>): Map<string, SymbolicValue> {
  const merged = new Map<string, SymbolicValue>();
  const names = new Set(outcomes.flatMap((outcome) => [...outcome.keys()]));
  for (const name of names) {
    const values = outcomes.map((outcome) => outcome.get(name));
    const first = values[0];
    merged.set(name, first && values.every((value) => sameValue(value, first)) ? first : unknownBecause(`$${name} depends on which branch ran`));
  }
  return merged;
}
