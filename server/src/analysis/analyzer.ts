// Analysis room: the module.xml checks and the whole-project entry point used by the CLI.
import { BaselineUnavailableError, type Baseline } from './gitBaseline';
import { FileFindings } from './findingsPipeline';
import { parseModuleXml } from './moduleXml';
import { isBespokePath, isModuleXmlPath, type ProjectModel } from './project';
import { ProjectChecker } from './projectChecker';
import { MODULE_XML_RULES, SETUP_MODULE_RULES } from './rules';
import type { ModuleXmlBaseline } from './rules/rule';
import type { SetupModuleSnapshot } from './setupModuleDrift';
import { collectXmlSuppressions, xmlSuppressionEdit } from './suppressions';
import type { Finding, Notice } from './types';

/** The baseline as one file sees it: its text at the baseline (undefined = absent), or why there is none. */
export type FileBaseline = { kind: 'available'; ref: string; text: string | undefined } | { kind: 'unavailable'; reason: string };

/** `setupModule`: an environment's setup_module table, when the caller read one (setup-version-drift runs then). */
export function analyzeModuleXml(project: ProjectModel, file: string, text: string, baseline: FileBaseline, setupModule?: SetupModuleSnapshot): Finding[] {
  if (!isModuleXmlPath(file) || !isBespokePath(project, file)) return [];
  const document = parseModuleXml(text);
  const ruleBaseline: ModuleXmlBaseline =
    baseline.kind === 'available'
      ? // Most files are unchanged: the same text needs no second parse.
        { kind: 'available', ref: baseline.ref, document: baseline.text === undefined ? undefined : baseline.text === text ? document : parseModuleXml(baseline.text) }
      : baseline;
  const findings = new FileFindings(project, file);
  const runnable = [...MODULE_XML_RULES.filter((rule) => !rule.needsBaseline || baseline.kind === 'available'), ...(setupModule ? SETUP_MODULE_RULES : [])];
  findings.run(runnable, { file, document, baseline: ruleBaseline, setupModule });
  return findings.finish(collectXmlSuppressions(document.tokens, document.lines), (finding) => xmlSuppressionEdit(document.tokens, document.lines, finding.range, finding.code));
}

export function baselineNotice(error: BaselineUnavailableError): Notice {
  return {
    message: `${error.message}; the rules that compare with git were skipped.`,
    skippedRules: MODULE_XML_RULES.filter((rule) => rule.needsBaseline).map((rule) => rule.id),
  };
}

export function fileBaselineFrom(baseline: Baseline | BaselineUnavailableError, file: string): FileBaseline {
  if (baseline instanceof BaselineUnavailableError) return { kind: 'unavailable', reason: baseline.reason };
  const entry = baseline.files.get(file);
  return { kind: 'available', ref: baseline.ref, text: entry?.kind === 'present' ? entry.text : undefined };
}

export interface ProjectCheckResult {
  findings: Finding[];
  notices: Notice[];
  filesChecked: number;
}

/**
 * Checks every file of the project: module.xml, db_schema.xml, app/etc/config.php and the migrations;
 * with `setupModule` (an environment's table, read by the engine) module.xml is compared with it too.
 */
export async function checkProject(project: ProjectModel, options: { setupModule?: SetupModuleSnapshot; jobs?: number } = {}): Promise<ProjectCheckResult> {
  const checker = new ProjectChecker(project, { checkOnce: true, jobs: options.jobs });
  checker.setupModule = options.setupModule;
  const checked = await checker.checkAll();
  return { findings: sortFindings(checked.flatMap((file) => file.findings)), notices: checker.notices(), filesChecked: checked.length };
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) => a.file.localeCompare(b.file) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.code.localeCompare(b.code),
  );
}
