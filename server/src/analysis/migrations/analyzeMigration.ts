// Analysis room: one Phinx migration file: read it (PHP and the SQL inside), pair each operation with
// the schema before it, run the backward-compatibility, lock and Phinx rules, apply suppressions.
import { FileFindings } from '../findingsPipeline';
import { mergeRawSqlOperations } from '../phinx/createdTables';
import type { PhinxMigrationModel } from '../phinx/model';
import type { PhpParseResult } from '../php/parsePhp';
import { readPhinxMigration } from '../phinx/readPhinxMigration';
import type { ProjectModel } from '../project';
import { PHINX_MIGRATION_RULES, SCHEMA_CHANGE_RULES } from '../rules';
import { buildSchemaChangeSteps } from '../schema/schemaChangeSteps';
import type { SchemaOperation } from '../schema/operations';
import type { SchemaModel } from '../schema/schemaModel';
import { readSql } from '../sql/readSql';
import { collectPhpSuppressions, phpSuppressionPlacer } from '../suppressions';
import type { Finding, Range } from '../types';
import type { MigrationFile } from './migrationFiles';
import { withSplitFix, type SplitContext } from './splitMigration';

export interface ReadMigration {
  model: PhinxMigrationModel;
  /** Every phase, in run order, with the raw SQL's operations spliced in. */
  operations: SchemaOperation[];
}

/** `parse`: see ReadPhinxMigrationOptions.parse. */
export function readMigration(project: ProjectModel, fileName: string, text: string, parse?: (text: string) => PhpParseResult): ReadMigration {
  const model = readPhinxMigration(text, { phinxVersion: project.composer.phinxVersion, fileName, parse });
  const operations = mergeRawSqlOperations(model, (entry) => {
    const locate = entry.offsetMap ? (start: number, end: number) => entry.offsetMap!.rangeOf(start, end) : () => entry.range;
    return readSql(entry.sql, locate, entry.phase).operations;
  });
  return { model, operations };
}

export interface MigrationAnalysis extends ReadMigration {
  findings: Finding[];
}

/**
 * `split`: what the "Split into expand and contract migrations" fix needs to name its new file (the
 * project's migrations, the time); without it that fix is not offered.
 */
export function analyzeMigration(
  project: ProjectModel,
  file: MigrationFile,
  text: string,
  schemaBefore: SchemaModel,
  duplicates: { sameVersion: string[]; sameClassName: string[] },
  split?: SplitContext,
  parse?: (text: string) => PhpParseResult,
): MigrationAnalysis {
  const read = readMigration(project, file.fileName, text, parse);
  const { model, operations } = read;
  const findings = new FileFindings(project, file.path);
  const syntaxByRange = new Map(model.callSyntax.map((syntax) => [rangeKey(syntax.range), syntax]));
  findings.run(SCHEMA_CHANGE_RULES, {
    file: file.path,
    steps: buildSchemaChangeSteps(operations, schemaBefore, file.path, model.semantics.newColumnsNullableByDefault),
    newColumnsNullableByDefault: model.semantics.newColumnsNullableByDefault,
    server: project.config.server,
    smallTables: new Set(project.config.smallTables.map((table) => table.toLowerCase())),
    callSyntaxOf: (operation) => (operation.source === 'phinx' ? syntaxByRange.get(rangeKey(operation.range)) : undefined),
  });
  findings.run(PHINX_MIGRATION_RULES, { file: file.path, fileName: file.fileName, model, operations, ...duplicates });
  const statements: Range[] = [
    ...model.operations.map((operation) => operation.statementRange),
    ...model.rawSql.map((raw) => raw.statementRange),
    ...model.unresolvedCalls.map((call) => call.statementRange),
    ...model.unsavedTables.map((unsaved) => unsaved.range),
  ];
  const placeSuppression = phpSuppressionPlacer(model.lines, statements);
  const kept = findings.finish(collectPhpSuppressions(text, model.lines, statements), model.lines, (finding) => placeSuppression(finding.range, finding.code));
  return { ...read, findings: split ? withSplitFix(kept, { file, text, model, operations }, split) : kept };
}

function rangeKey(range: Range): string {
  return `${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`;
}
