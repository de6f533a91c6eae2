// Analysis room: the declarative-schema files of a project. A module's db_schema.xml is compared with
// its git baseline and run through the same backward-compatibility rules as migrations; its whitelist
// is checked beside it; app/etc/config.php is checked for modules whose disabling drops tables.
import { FileFindings } from '../findingsPipeline';
import type { ProjectModel } from '../project';
import { DB_SCHEMA_RULES, MODULE_CONFIG_RULES, SCHEMA_CHANGE_RULES } from '../rules';
import { buildSchemaChangeSteps } from '../schema/schemaChangeSteps';
import { SchemaModel, type IndexState } from '../schema/schemaModel';
import { collectXmlSuppressions, xmlSuppressionEdit } from '../suppressions';
import type { Finding } from '../types';
import { scanXml } from '../xml/xmlTokens';
import { columnDefinitionOf } from './columnDefinition';
import { diffDbSchema } from './diffDbSchema';
import type { DbSchemaDocument } from './dbSchemaXml';
import { declarativeFootprint, findModulesDisablingTables, readModuleStatus, type DeclarativeFootprint } from './moduleStatus';
import { readWhitelist, whitelistProblems } from './whitelist';

export function whitelistPathFor(dbSchemaPath: string): string {
  return dbSchemaPath.replace(/db_schema\.xml$/, 'db_schema_whitelist.json');
}

/** `app/code/Acme/Loyalty/etc/db_schema.xml` -> `Acme_Loyalty`. */
export function moduleNameOf(path: string): string | undefined {
  const match = /(?:^|\/)([^/]+)\/([^/]+)\/etc\/[^/]+$/.exec(path);
  return match ? `${match[1]}_${match[2]}` : undefined;
}

export function analyzeDbSchema(
  project: ProjectModel,
  file: string,
  text: string,
  baselineText: string | undefined,
  whitelistText: string | undefined,
): { findings: Finding[]; document: DbSchemaDocument } {
  const whitelist = readWhitelist(whitelistText);
  const diff = diffDbSchema(baselineText, text, { whitelist: whitelist.whitelist });
  const findings = new FileFindings(project, file);
  if (!diff.notComparedReason) {
    findings.run(SCHEMA_CHANGE_RULES, {
      file,
      steps: buildSchemaChangeSteps(diff.operations, declaredSchema(diff.baseline ? [{ path: file, document: diff.baseline }] : []), file),
      newColumnsNullableByDefault: true,
      server: project.config.server,
      smallTables: new Set(project.config.smallTables.map((table) => table.toLowerCase())),
    });
  }
  // A file with no baseline (a new module) has nothing to fall out of sync with yet, but its whitelist still matters.
  const problems = diff.current.syntaxError ? [] : whitelistProblems(diff.current, whitelist).map((problem) => (problem.file === 'db_schema.xml' ? problem : { ...problem, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }));
  findings.run(DB_SCHEMA_RULES, { file, diff, whitelistProblems: problems });
  const tokens = scanXml(text);
  const lines = diff.current.lines;
  return { findings: findings.finish(collectXmlSuppressions(tokens, lines), (finding) => xmlSuppressionEdit(tokens, lines, finding.range, finding.code)), document: diff.current };
}

/** The tables the given db_schema.xml documents declare: the base the migrations are replayed on. */
export function declaredSchema(documents: ReadonlyArray<{ path: string; document: DbSchemaDocument }>): SchemaModel {
  const schema = SchemaModel.empty();
  for (const { path, document } of documents) {
    for (const table of document.tables) {
      if (table.disabled) continue;
      const existing = schema.table(table.name);
      const columns = table.columns.filter((column) => !column.disabled && column.xsiType !== undefined).map(columnDefinitionOf);
      const indexes: IndexState[] = [
        ...table.indexes.map((index) => ({ name: index.referenceId, columns: index.columns, unique: false })),
        ...table.constraints.filter((constraint) => constraint.xsiType === 'unique' || constraint.xsiType === 'primary').map((constraint) => ({ name: constraint.referenceId, columns: constraint.columns, unique: true })),
      ];
      // Several modules may declare parts of one table (extensions of core tables): merge them.
      schema.declareTable(table.name, [...(existing ? [...existing.columns.values()] : []), ...columns], existing?.origin ?? path, [...(existing?.indexes ?? []), ...indexes]);
    }
  }
  return schema;
}

export interface ModuleSchemaFiles {
  module: string;
  document: DbSchemaDocument;
  whitelistText: string | undefined;
}

export function analyzeModuleConfig(project: ProjectModel, file: string, text: string, baselineText: string | undefined, modules: readonly ModuleSchemaFiles[]): Finding[] {
  const current = readModuleStatus(text);
  const baseline = baselineText === undefined ? undefined : readModuleStatus(baselineText);
  const footprints = new Map<string, DeclarativeFootprint>();
  for (const module of modules) footprints.set(module.module, declarativeFootprint(module.document, { whitelist: readWhitelist(module.whitelistText).whitelist }));
  const findings = new FileFindings(project, file);
  findings.run(MODULE_CONFIG_RULES, { file, drops: findModulesDisablingTables(current, baseline, footprints) });
  return findings.finish([]);
}
