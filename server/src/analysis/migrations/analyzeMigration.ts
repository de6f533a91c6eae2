// Analysis room: one Phinx migration file: read it (PHP and the SQL inside), pair each operation with
// the schema before it, run the backward-compatibility, lock and Phinx rules, apply suppressions.
import { FileFindings } from '../findingsPipeline';
import { mergeRawSqlOperations } from '../phinx/createdTables';
import type { PhinxCallSyntax, PhinxMigrationModel, ReadPhinxMigrationOptions } from '../phinx/model';
import { readPhinxMigration } from '../phinx/readPhinxMigration';
import type { ProjectModel } from '../project';
import { PHINX_MIGRATION_RULES, SCHEMA_CHANGE_RULES } from '../rules';
import { buildSchemaChangeSteps } from '../schema/schemaChangeSteps';
import type { SchemaOperation } from '../schema/operations';
import type { SchemaModel } from '../schema/schemaModel';
import { readSql } from '../sql/readSql';
import { collectPhpSuppressions, phpSuppressionPlacer, type Suppression } from '../suppressions';
import type { TextLines } from '../textLines';
import type { Finding, Range } from '../types';
import type { MigrationFile } from './migrationFiles';
import { withSplitFix, type SplitContext } from './splitMigration';

export interface ReadMigration {
  model: PhinxMigrationModel;
  /** Every phase, in run order, with the raw SQL's operations spliced in. */
  operations: SchemaOperation[];
}

/** `parse`, `withoutCallSyntax`: see ReadPhinxMigrationOptions. */
export function readMigration(project: ProjectModel, fileName: string, text: string, options: ReadOptions = {}): ReadMigration {
  const model = readPhinxMigration(text, { phinxVersion: project.composer.phinxVersion, fileName, ...options });
  const operations = mergeRawSqlOperations(model, (entry) => {
    const locate = entry.offsetMap ? (start: number, end: number) => entry.offsetMap!.rangeOf(start, end) : () => entry.range;
    return readSql(entry.sql, locate, entry.phase).operations;
  });
  return { model, operations };
}

export type ReadOptions = Pick<ReadPhinxMigrationOptions, 'parse' | 'withoutCallSyntax'>;

export interface MigrationAnalysis extends ReadMigration {
  findings: Finding[];
}

/**
 * What a migration says on its own, before the schema it runs on is known: plain data (no AST, no
 * classes), so a worker thread can work it out and hand it over. The schema rules then need only this,
 * the text and the schema before the migration (findingsFromFacts).
 */
export interface MigrationFacts {
  operations: SchemaOperation[];
  callSyntax: PhinxCallSyntax[];
  newColumnsNullableByDefault: boolean;
  /** Findings of the rules that read the file alone (PHINX_MIGRATION_RULES: naming, structure, API use), not yet suppressed. */
  fileFindings: Finding[];
  suppressions: Suppression[];
  /** Every statement an operation, raw SQL, unresolved call or unsaved table sits in (where a suppression goes). */
  statementRanges: Range[];
}

/**
 * Reads one migration and runs the rules that need nothing but the file. `withoutCallSyntax` also
 * keeps the facts small when they are sent between threads (how calls are written was most of them).
 */
export function readMigrationFacts(
  project: ProjectModel,
  file: MigrationFile,
  text: string,
  duplicates: { sameVersion: string[]; sameClassName: string[] },
  options: ReadOptions = {},
): { read: ReadMigration; facts: MigrationFacts } {
  const read = readMigration(project, file.fileName, text, options);
  const { model, operations } = read;
  const fileFindings = new FileFindings(project, file.path);
  fileFindings.run(PHINX_MIGRATION_RULES, { file: file.path, fileName: file.fileName, model, operations, ...duplicates });
  const statementRanges: Range[] = [
    ...model.operations.map((operation) => operation.statementRange),
    ...model.rawSql.map((raw) => raw.statementRange),
    ...model.unresolvedCalls.map((call) => call.statementRange),
    ...model.unsavedTables.map((unsaved) => unsaved.range),
  ];
  return {
    read,
    facts: {
      operations,
      callSyntax: model.callSyntax,
      newColumnsNullableByDefault: model.semantics.newColumnsNullableByDefault,
      fileFindings: fileFindings.findings,
      suppressions: collectPhpSuppressions(text, model.lines, statementRanges),
      statementRanges,
    },
  };
}

/**
 * The schema rules on the migration's operations against the schema before it, then every suppression.
 * `suppressionFixesIn`: the file's lines, to give each finding its "Suppress" quick fix; a one-shot
 * check offers no quick fixes and so needs no text here.
 */
export function findingsFromFacts(project: ProjectModel, file: MigrationFile, facts: MigrationFacts, schemaBefore: SchemaModel, suppressionFixesIn?: TextLines): Finding[] {
  const findings = new FileFindings(project, file.path);
  const syntaxByRange = new Map(facts.callSyntax.map((syntax) => [rangeKey(syntax.range), syntax]));
  findings.run(SCHEMA_CHANGE_RULES, {
    file: file.path,
    steps: buildSchemaChangeSteps(facts.operations, schemaBefore, file.path, facts.newColumnsNullableByDefault),
    newColumnsNullableByDefault: facts.newColumnsNullableByDefault,
    server: project.config.server,
    smallTables: new Set(project.config.smallTables.map((table) => table.toLowerCase())),
    callSyntaxOf: (operation) => (operation.source === 'phinx' ? syntaxByRange.get(rangeKey(operation.range)) : undefined),
  });
  findings.adopt(PHINX_MIGRATION_RULES, facts.fileFindings);
  if (!suppressionFixesIn) return findings.finish(facts.suppressions);
  const placeSuppression = phpSuppressionPlacer(suppressionFixesIn, facts.statementRanges);
  return findings.finish(facts.suppressions, (finding) => placeSuppression(finding.range, finding.code));
}

/**
 * `split`: what the "Split into expand and contract migrations" fix needs to name its new file (the
 * project's migrations, the time); without it that fix is not offered. `withoutQuickFixes`: no
 * quick fix at all (a one-shot check).
 */
export function analyzeMigration(
  project: ProjectModel,
  file: MigrationFile,
  text: string,
  schemaBefore: SchemaModel,
  duplicates: { sameVersion: string[]; sameClassName: string[] },
  split?: SplitContext,
  { withoutQuickFixes, ...options }: ReadOptions & { withoutQuickFixes?: boolean } = {},
): MigrationAnalysis {
  const { read, facts } = readMigrationFacts(project, file, text, duplicates, options);
  const kept = findingsFromFacts(project, file, facts, schemaBefore, withoutQuickFixes ? undefined : read.model.lines);
  return { ...read, findings: split ? withSplitFix(kept, { file, text, model: read.model, operations: read.operations }, split) : kept };
}

function rangeKey(range: Range): string {
  return `${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`;
}
