// Test helper: the rule fixture suite (test/fixtures/rules/<rule-id>/, described in its README.md). Layout:
//   baseline/            optional: files committed on top of the sample shop (the git baseline), e.g.
//                        the earlier migration creating a table, or db_schema.xml as it was
//   positive[-<name>]/   files written over the committed shop: the rule must fire, exactly on the marked lines
//   negative[-<name>]/   files written over the committed shop: the rule must not fire anywhere
// Markers are comments on the line ABOVE the line where a finding must start:
//   PHP `// expect: <rule-id>[, <rule-id>]`, SQL inside a heredoc `-- expect: <rule-id>`,
//   XML `<!-- expect: <rule-id> -->`. Findings that Magento places at the start of a file (an element
//   removed from db_schema.xml has nothing left to point at) are marked `expect-file-start: <rule-id>`
//   anywhere in the file.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { checkProject } from '../../server/src/analysis/analyzer';
import { loadProject } from '../../server/src/analysis/project';
import type { Finding } from '../../server/src/analysis/types';
import { FIXTURES, TempProject } from './tempProject';

export const RULE_FIXTURES = join(FIXTURES, 'rules');

const CASE_NAME = /^(positive|negative)(?:-[a-z0-9.-]+)?$/;
const MARKER = /(?:\/\/|#|--|<!--|\/\*)\s*expect(-file-start)?:\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)/g;

export interface RuleFixtureCase {
  ruleId: string;
  /** `positive`, `negative-phinx-0.16`, ... */
  name: string;
  kind: 'positive' | 'negative';
  dir: string;
}

/** A finding the markers ask for: rule id, project path, 0-based line. */
export interface ExpectedFinding {
  code: string;
  file: string;
  line: number;
}

/** Rule ids that have a fixture folder. */
export function ruleFixtureIds(): string[] {
  if (!existsSync(RULE_FIXTURES)) return [];
  return readdirSync(RULE_FIXTURES, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

export function ruleFixtureCases(ruleId: string): RuleFixtureCase[] {
  const folder = join(RULE_FIXTURES, ruleId);
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && CASE_NAME.test(entry.name))
    .map((entry) => ({ ruleId, name: entry.name, kind: entry.name.startsWith('positive') ? ('positive' as const) : ('negative' as const), dir: join(folder, entry.name) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Every file below `dir`, as project paths (forward slashes). */
export function filesBelow(dir: string): string[] {
  const found: string[] = [];
  const walk = (current: string) => {
    for (const entry of readdirSync(current)) {
      const path = join(current, entry);
      if (statSync(path).isDirectory()) walk(path);
      else found.push(relative(dir, path).split(sep).join('/'));
    }
  };
  walk(dir);
  return found.sort();
}

/** The findings the markers of the case's files ask for. */
export function expectedFindings(fixtureCase: RuleFixtureCase): ExpectedFinding[] {
  const expected: ExpectedFinding[] = [];
  for (const file of filesBelow(fixtureCase.dir)) {
    const lines = readFileSync(join(fixtureCase.dir, file), 'utf8').split(/\r\n|\r|\n/);
    lines.forEach((text, line) => {
      for (const match of text.matchAll(MARKER)) {
        for (const code of match[2].split(',').map((id) => id.trim())) expected.push({ code, file, line: match[1] ? 0 : line + 1 });
      }
    });
  }
  return expected;
}

/**
 * The sample shop plus the rule's baseline/ files, committed (the git baseline), with the case's files
 * written over it. The caller removes it.
 */
export function buildFixtureProject(fixtureCase: RuleFixtureCase): TempProject {
  const project = TempProject.committed(`rule-${fixtureCase.ruleId}`);
  const baseline = join(RULE_FIXTURES, fixtureCase.ruleId, 'baseline');
  if (existsSync(baseline)) {
    overlay(project, baseline);
    project.commit('Baseline of the rule fixture');
  }
  overlay(project, fixtureCase.dir);
  return project;
}

function overlay(project: TempProject, dir: string): void {
  for (const file of filesBelow(dir)) project.write(file, readFileSync(join(dir, file)));
}

export async function checkFixtureCase(fixtureCase: RuleFixtureCase): Promise<Finding[]> {
  const project = buildFixtureProject(fixtureCase);
  try {
    return (await checkProject(loadProject(project.dir))).findings;
  } finally {
    project.cleanup();
  }
}

/** One line per finding, for assertion messages. */
export function describeFindings(findings: readonly Finding[]): string {
  return findings.map((finding) => `  ${finding.code} ${finding.file}:${finding.range.start.line + 1}: ${finding.message.slice(0, 100)}`).join('\n') || '  (none)';
}
