// Analysis room (pure): reads a Phinx migration file into the model the rules check: its class and
// methods, structural problems, the schema operations of up()/down()/change() and their raw SQL.
// Never throws: what cannot be read is reported in the model.

import type { MigrationPhase } from '../schema/operations';
import type { Range } from '../types';
import { parsePhp, type PhpParseResult } from '../php/parsePhp';
import { TextLines } from '../textLines';
import { tableCreatedEarlierFlags } from './createdTables';
import { MigrationInterpreter, type ClassContext } from './migrationInterpreter';
import type { MethodStatement, MigrationMethod, MigrationMethodName, PhinxMigrationModel, PhpSyntaxError, ReadPhinxMigrationOptions } from './model';
import { classNameFromFileName, phinxSemantics, type PhinxSemantics } from './naming';
import { asNodes, resolveClassName, type AstNode } from './phpAst';
import { isSelfContainedStatement } from './sourceSyntax';

const MIGRATION_METHODS: readonly MigrationMethodName[] = ['up', 'down', 'change'];

export function readPhinxMigration(text: string, options: ReadPhinxMigrationOptions): PhinxMigrationModel {
  const lines = new TextLines(text);
  const semantics = phinxSemantics(options.phinxVersion);
  const model: PhinxMigrationModel = {
    lines,
    semantics,
    parseErrors: [],
    classes: [],
    methods: [],
    problems: [],
    operations: [],
    rawSql: [],
    unsavedTables: [],
    saves: [],
    unresolvedCalls: [],
    callSyntax: [],
    statements: [],
  };
  try {
    readInto(model, text, lines, semantics, options);
  } catch (error) {
    model.problems.push({ kind: 'analysis-incomplete', message: `The migration could not be analysed (${error instanceof Error ? error.message : String(error)}).`, range: lines.rangeOf(0, 0) });
  }
  return model;
}

function readInto(model: PhinxMigrationModel, text: string, lines: TextLines, semantics: PhinxSemantics, options: ReadPhinxMigrationOptions): void {
  const parsed = options.parse ? options.parse(text) : parsePhp(text, options.fileName ?? 'migration.php');
  if (parsed.errors.some((error) => /maximum call stack/i.test(error.message))) {
    // The parser itself gave up on the nesting: not a PHP syntax error, and nothing parsed to analyse.
    model.problems.push({ kind: 'analysis-incomplete', message: 'The file is nested too deeply for the PHP parser; it was not analysed.', range: lines.rangeOf(0, lines.lineText(0).length) });
    return;
  }
  model.parseErrors = firstSyntaxError(parsed, lines, text);
  const declarations = collectClasses(parsed.program.children as unknown as AstNode[]);
  if (declarations.length === 0) {
    // A file PHP cannot parse already has its error; "no class" would say the same twice.
    if (model.parseErrors.length === 0) model.problems.push({ kind: 'no-class', message: 'The file declares no migration class; Phinx cannot load it.', range: lines.rangeOf(0, lines.lineText(0).length) });
    return;
  }
  const baseName = options.fileName?.split(/[\\/]/).pop();
  const analysed = pickMigrationClass(declarations, baseName ? classNameFromFileName(baseName, semantics) : undefined);
  let analysedContext: ClassContext | undefined;
  for (const declaration of declarations) {
    const nameNode = declaration.node.name as AstNode;
    const extendsNode = declaration.node.extends as AstNode | null;
    const context = classContext(declaration);
    if (declaration === analysed) analysedContext = context;
    model.classes.push({
      name: context.name,
      extends: extendsNode ? String(extendsNode.name) : undefined,
      extendsResolved: extendsNode ? resolveClassName(extendsNode, context) : undefined,
      nameRange: rangeOfNode(lines, nameNode),
      range: rangeOfNode(lines, declaration.node),
      analysed: declaration === analysed,
    });
  }
  const analysedClass = model.classes[declarations.indexOf(analysed)];
  for (const other of model.classes) {
    if (other === analysedClass) continue;
    model.problems.push({ kind: 'several-classes', message: `The file declares ${model.classes.length} classes; Phinx runs only ${analysedClass.name}, so ${other.name} is never run as a migration.`, range: other.nameRange });
  }
  if (!analysedClass.extends) {
    model.problems.push({ kind: 'class-without-base', message: `${analysedClass.name} extends nothing; Phinx requires a subclass of AbstractMigration (or MX\\PhinxMigrations\\Migration).`, range: analysedClass.nameRange });
  }
  readMethods(model, analysed, analysedContext ?? classContext(analysed), lines, text, semantics, options.withoutCallSyntax === true);
}

interface ClassDeclaration {
  node: AstNode;
  namespace: string | undefined;
  uses: Map<string, string>;
}

/** Classes at the top level, in namespaces and in blocks (`declare`, braces). */
function collectClasses(children: AstNode[]): ClassDeclaration[] {
  const found: ClassDeclaration[] = [];
  const visit = (nodes: AstNode[], namespace: string | undefined, uses: Map<string, string>) => {
    for (const node of nodes) {
      if (!node || typeof node !== 'object') continue;
      if (node.kind === 'usegroup') addUses(node, uses);
      else if (node.kind === 'class' && !node.isAnonymous) found.push({ node, namespace, uses });
      else if (node.kind === 'namespace') visit(asNodes(node.children), String(node.name ?? '') || undefined, new Map(uses));
      else if (node.kind === 'declare' || node.kind === 'block') visit(asNodes(node.children), namespace, uses);
    }
  };
  visit(children, undefined, new Map());
  return found;
}

function addUses(group: AstNode, uses: Map<string, string>): void {
  const prefix = group.name ? `${String(group.name).replace(/^\\/, '')}\\` : '';
  for (const item of asNodes(group.items)) {
    const full = `${prefix}${String(item.name).replace(/^\\/, '')}`;
    const alias = item.alias ? String((item.alias as AstNode).name) : full.slice(full.lastIndexOf('\\') + 1);
    uses.set(alias.toLowerCase(), full);
  }
}

/** The class Phinx would load: named after the file, else the first that looks like a migration. */
function pickMigrationClass(declarations: ClassDeclaration[], expectedName: string | undefined): ClassDeclaration {
  const named = expectedName ? declarations.find((declaration) => classNameOf(declaration.node) === expectedName) : undefined;
  const migrationLike = declarations.find((declaration) => /migration/i.test(String((declaration.node.extends as AstNode | null)?.name ?? '')));
  return named ?? migrationLike ?? declarations[0];
}

function classContext(declaration: ClassDeclaration): ClassContext {
  const context: ClassContext = {
    name: classNameOf(declaration.node),
    uses: declaration.uses,
    namespace: declaration.namespace,
    constants: new Map(),
    properties: new Map(),
    methods: new Map(),
  };
  for (const member of asNodes(declaration.node.body)) {
    if (member.kind === 'classconstant') {
      for (const constant of asNodes(member.constants)) {
        const name = nameText(constant.name);
        if (name && constant.value) context.constants.set(name, constant.value as AstNode);
      }
    } else if (member.kind === 'propertystatement') {
      for (const property of asNodes(member.properties)) {
        const name = nameText(property.name);
        if (name) context.properties.set(name, (property.value as AstNode | null) ?? null);
      }
    } else if (member.kind === 'method') {
      const name = nameText(member.name);
      if (name) context.methods.set(name.toLowerCase(), member);
    }
  }
  return context;
}

function readMethods(
  model: PhinxMigrationModel,
  declaration: ClassDeclaration,
  context: ClassContext,
  lines: TextLines,
  text: string,
  semantics: PhinxSemantics,
  withoutCallSyntax: boolean,
): void {
  const methods: Array<{ node: AstNode; phase: MigrationPhase }> = [];
  for (const member of asNodes(declaration.node.body)) {
    const name = member.kind === 'method' ? nameText(member.name)?.toLowerCase() : undefined;
    if (!name || !(MIGRATION_METHODS as readonly string[]).includes(name)) continue;
    const phase = name as MigrationMethodName;
    methods.push({ node: member, phase });
    const body = member.body as AstNode | null;
    for (const statement of asNodes(body?.children)) model.statements.push(new LazyMethodStatement(phase, rangeOfNode(lines, statement), statement, context));
    const method: MigrationMethod = {
      name: phase,
      phase,
      nameRange: rangeOfNode(lines, member.name as AstNode),
      range: rangeOfNode(lines, member),
      statementCount: asNodes(body?.children).length,
    };
    model.methods.push(method);
  }
  if (model.methods.some((method) => method.name === 'change')) {
    for (const method of model.methods) {
      if (method.name === 'change') continue;
      model.problems.push({ kind: 'change-with-up-down', message: `Phinx ignores ${method.name}() because the class also has change().`, range: method.nameRange });
    }
  }

  // A save() may create or update; what the other method drops tells which (read only when needed).
  const droppedCache = new Map<MigrationPhase, Set<string>>();
  const tablesDroppedByMethod = (phase: MigrationPhase): ReadonlySet<string> => {
    let dropped = droppedCache.get(phase);
    if (dropped) return dropped;
    dropped = new Set();
    droppedCache.set(phase, dropped);
    const method = methods.find((candidate) => candidate.phase === phase);
    if (method) {
      const firstPass = new MigrationInterpreter({ source: text, lines, semantics, classContext: context, withoutCallSyntax: true });
      firstPass.runMethod(method.node, phase);
      for (const operation of firstPass.operations) if (operation.kind === 'drop-table') dropped.add(operation.table.toLowerCase());
    }
    return dropped;
  };

  const interpreter = new MigrationInterpreter({ source: text, lines, semantics, classContext: context, tablesDroppedByMethod, withoutCallSyntax });
  for (const method of methods) {
    try {
      interpreter.runMethod(method.node, method.phase);
    } catch (error) {
      model.problems.push({ kind: 'analysis-incomplete', message: `${method.phase}() could not be analysed (${error instanceof Error ? error.message : String(error)}).`, range: rangeOfNode(lines, method.node.name as AstNode) });
    }
  }
  const createdEarlier = tableCreatedEarlierFlags(interpreter.operations);
  // The interpreter builds every operation with tableCreatedInMigration false: only the others are copied
  // (a copy of each cost more than the rest of the step).
  model.operations = interpreter.operations.map((operation, index) => (createdEarlier[index] === operation.tableCreatedInMigration ? operation : { ...operation, tableCreatedInMigration: createdEarlier[index] }));
  model.rawSql = interpreter.rawSql;
  model.unsavedTables = interpreter.unsavedTables;
  model.saves = interpreter.saves;
  model.unresolvedCalls = interpreter.unresolvedCalls;
  model.callSyntax = interpreter.callSyntax;
  model.problems.push(...interpreter.problems);
}

/**
 * `selfContained` walks the statement's whole subtree, and only the split quick fix reads it (for
 * migrations with a destructive step), so it is worked out on first read instead of for every statement.
 * A class rather than an object literal with a getter: a closure per statement kept each file's AST
 * alive through the next young-generation GCs (measured: 3x the promoted bytes of a parse alone).
 */
class LazyMethodStatement implements MethodStatement {
  private selfContainedValue: boolean | undefined;

  constructor(
    readonly phase: MigrationPhase,
    readonly range: Range,
    private readonly node: AstNode,
    private readonly context: ClassContext,
  ) {}

  get selfContained(): boolean {
    this.selfContainedValue ??= isSelfContainedStatement(this.node, this.context);
    return this.selfContainedValue;
  }
}

/** PHP reports the first syntax error only; later ones are usually the parser recovering. */
function firstSyntaxError(parsed: PhpParseResult, lines: TextLines, text: string): PhpSyntaxError[] {
  const recovered = ((parsed.program as unknown as { errors?: AstNode[] }).errors ?? [])[0];
  if (recovered) {
    const start = recovered.loc?.start.offset ?? 0;
    const end = Math.max(start, recovered.loc?.end.offset ?? start);
    return [{ message: cleanParserMessage(String(recovered.message)), range: lines.rangeOf(start, end === start ? lineEnd(text, start) : end) }];
  }
  const thrown = parsed.errors[0];
  if (!thrown) return [];
  const line = Math.max(0, (thrown.line || lineFromMessage(thrown.message) || 1) - 1);
  const start = lines.offsetAt({ line, character: 0 });
  return [{ message: cleanParserMessage(thrown.message), range: lines.rangeOf(start, lineEnd(text, start)) }];
}

function cleanParserMessage(message: string): string {
  return message.replace(/^Parse Error : /, '').replace(/ on line \d+$/, '');
}

function lineFromMessage(message: string): number | undefined {
  const match = / on line (\d+)/.exec(message);
  return match ? Number(match[1]) : undefined;
}

function lineEnd(text: string, offset: number): number {
  const end = text.slice(offset).search(/\r|\n/);
  return end < 0 ? text.length : offset + end;
}

function classNameOf(node: AstNode): string {
  return nameText(node.name) ?? '';
}

function nameText(name: unknown): string | undefined {
  if (typeof name === 'string') return name;
  if (name && typeof name === 'object' && typeof (name as AstNode).name === 'string') return (name as AstNode).name as string;
  return undefined;
}

function rangeOfNode(lines: TextLines, node: AstNode | null | undefined) {
  return node?.loc ? lines.rangeOf(node.loc.start.offset, node.loc.end.offset) : lines.rangeOf(0, 0);
}
