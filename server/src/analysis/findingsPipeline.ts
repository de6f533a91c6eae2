// Analysis room: the steps every file kind shares once its rules have a context: run each enabled rule
// at its configured severity, then apply the file's zdd-ignore suppressions.
import type { ProjectModel } from './project';
import type { RuleFinding } from './rules/rule';
import { applySuppressions, type Suppression } from './suppressions';
import type { Finding, Severity, SeveritySetting, SuppressionEdit } from './types';

interface RunnableRule<C> {
  id: string;
  defaultSeverity: Severity;
  check(context: C): RuleFinding[];
}

export function severityFor(project: ProjectModel, rule: { id: string; defaultSeverity: Severity }): SeveritySetting {
  return project.config.rules[rule.id] ?? rule.defaultSeverity;
}

/** A project's configuration does not change (a new one is read instead), so its rule list is worked out once per rule set. */
const enabledRuleCache = new WeakMap<ProjectModel, Map<readonly unknown[], Array<{ rule: unknown; severity: Severity }>>>();

function enabledRules<R extends { id: string; defaultSeverity: Severity }>(project: ProjectModel, rules: readonly R[]): Array<{ rule: R; severity: Severity }> {
  let byRuleSet = enabledRuleCache.get(project);
  if (!byRuleSet) enabledRuleCache.set(project, (byRuleSet = new Map()));
  let enabled = byRuleSet.get(rules) as Array<{ rule: R; severity: Severity }> | undefined;
  if (!enabled) {
    enabled = [];
    for (const rule of rules) {
      const severity = severityFor(project, rule);
      if (severity !== 'off') enabled.push({ rule, severity });
    }
    byRuleSet.set(rules, enabled);
  }
  return enabled;
}

const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** Collects findings of one file; `ran` remembers which rules ran, so unused suppressions can be told. */
export class FileFindings {
  readonly findings: Finding[] = [];
  readonly ran = new Set<string>();

  constructor(
    private readonly project: ProjectModel,
    readonly file: string,
  ) {}

  run<C>(rules: readonly RunnableRule<C>[], context: C): void {
    for (const { rule, severity: configured } of enabledRules(this.project, rules)) {
      this.ran.add(rule.id);
      for (const found of rule.check(context)) {
        // A finding may lower its rule's severity ("could not be checked" is info), never raise it.
        const lowered = found.severity;
        const severity = lowered && SEVERITY_RANK[lowered] < SEVERITY_RANK[configured] ? lowered : configured;
        // One copy per finding (a rest pattern and a spread made two). The spread keeps `severity` in
        // its place after `file`, so the assignment after it leaves the key order as before.
        const finding: Finding = { file: this.file, severity, code: rule.id, ...found };
        finding.severity = severity;
        this.findings.push(finding);
      }
    }
  }

  /** The findings of `rules` run by another FileFindings of this project (e.g. on a worker thread). */
  adopt<C>(rules: readonly RunnableRule<C>[], findings: readonly Finding[]): void {
    for (const { rule } of enabledRules(this.project, rules)) this.ran.add(rule.id);
    this.findings.push(...findings);
  }

  /** `suppressionEdit` places the "Suppress" quick fix of each finding (undefined: the file kind has none). */
  finish(suppressions: Suppression[], suppressionEdit?: (finding: Finding) => SuppressionEdit | undefined): Finding[] {
    const { kept, suppressionFindings } = applySuppressions(this.findings, suppressions, this.file, this.ran);
    for (const finding of suppressionFindings) {
      const severity = this.project.config.rules[finding.code] ?? 'warning';
      if (severity !== 'off') kept.push({ ...finding, severity });
    }
    if (!suppressionEdit) return kept;
    return kept.map((finding) => (finding.code === 'unused-suppression' || finding.code === 'suppression-without-reason' ? finding : { ...finding, suppression: suppressionEdit(finding) }));
  }
}
