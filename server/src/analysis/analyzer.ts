// Analysis room: runs the rules over files. Used by the language server (one file at a time, on each
// edit) and by the CLI (the whole project). Pure apart from reading files and asking git for the baseline.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BaselineUnavailableError, readBaseline, type Baseline } from './gitBaseline';
import { parseModuleXml } from './moduleXml';
import { isBespokePath, isModuleXmlPath, listBespokeModuleXmlFiles, type ProjectModel } from './project';
import { MODULE_XML_RULES } from './rules';
import type { ModuleXmlBaseline, Rule } from './rules/rule';
import { applySuppressions, collectXmlSuppressions } from './suppressions';
import type { Finding, Notice, SeveritySetting } from './types';

/** The baseline as one file sees it: its text at the baseline (undefined = absent), or why there is none. */
export type FileBaseline = { kind: 'available'; ref: string; text: string | undefined } | { kind: 'unavailable'; reason: string };

export function severityFor(project: ProjectModel, rule: Pick<Rule, 'id' | 'defaultSeverity'>): SeveritySetting {
  return project.config.rules[rule.id] ?? rule.defaultSeverity;
}

export function analyzeModuleXml(project: ProjectModel, file: string, text: string, baseline: FileBaseline): Finding[] {
  if (!isModuleXmlPath(file) || !isBespokePath(project, file)) return [];
  const document = parseModuleXml(text);
  const ruleBaseline: ModuleXmlBaseline =
    baseline.kind === 'available'
      ? { kind: 'available', ref: baseline.ref, document: baseline.text === undefined ? undefined : parseModuleXml(baseline.text) }
      : baseline;
  const context = { file, document, baseline: ruleBaseline };
  const findings: Finding[] = [];
  const rulesThatRan = new Set<string>();
  for (const rule of MODULE_XML_RULES) {
    const severity = severityFor(project, rule);
    if (severity === 'off' || (rule.needsBaseline && baseline.kind !== 'available')) continue;
    rulesThatRan.add(rule.id);
    for (const finding of rule.check(context)) findings.push({ file, severity, code: rule.id, ...finding });
  }
  const { kept, suppressionFindings } = applySuppressions(findings, collectXmlSuppressions(document.tokens, document.lines), document.lines, file, rulesThatRan);
  for (const finding of suppressionFindings) {
    const severity = project.config.rules[finding.code] ?? 'warning';
    if (severity !== 'off') kept.push({ ...finding, severity });
  }
  return kept;
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

export async function loadBaselineFor(project: ProjectModel, files: readonly string[]): Promise<Baseline | BaselineUnavailableError> {
  try {
    return await readBaseline(project.root, project.config.baseline, files);
  } catch (error) {
    if (error instanceof BaselineUnavailableError) return error;
    throw error;
  }
}

export interface ProjectCheckResult {
  findings: Finding[];
  notices: Notice[];
  filesChecked: number;
}

/** Checks every bespoke module.xml of the project against the configured baseline. */
export async function checkProject(project: ProjectModel): Promise<ProjectCheckResult> {
  const files = listBespokeModuleXmlFiles(project);
  const [texts, baseline] = await Promise.all([Promise.all(files.map((file) => readFile(join(project.root, file), 'utf8'))), loadBaselineFor(project, files)]);
  const notices: Notice[] = [];
  if (baseline instanceof BaselineUnavailableError) notices.push(baselineNotice(baseline));
  if (project.migrationGlobs.note) notices.push({ message: project.migrationGlobs.note });
  const findings = files.flatMap((file, index) => analyzeModuleXml(project, file, texts[index], fileBaselineFrom(baseline, file)));
  return { findings: sortFindings(findings), notices, filesChecked: files.length };
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) => a.file.localeCompare(b.file) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.code.localeCompare(b.code),
  );
}
