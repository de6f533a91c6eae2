// `zdd-ignore` comments in Phinx migrations: above a statement, at its end, file-wide, and `-- zdd-ignore`
// inside the SQL of a heredoc. Each test compares the fixture with the same text without the comment,
// so it shows that the comment, not something else, removed the finding. The fixture:
// test/fixtures/rules/unused-suppression/negative (every suppression there is used).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadProject } from '../../../server/src/analysis/project';
import { ProjectChecker } from '../../../server/src/analysis/projectChecker';
import type { Finding } from '../../../server/src/analysis/types';
import { buildFixtureProject, ruleFixtureCases } from '../../helpers/ruleFixtures';
import type { TempProject } from '../../helpers/tempProject';

const CONTRACT = 'src/Acme/Loyalty/etc/migrations/20240801120000_drop_legacy_loyalty_columns.php';
const CACHES = 'src/Acme/Loyalty/etc/migrations/20240801130000_reset_loyalty_caches.php';

const fixtureCase = ruleFixtureCases('unused-suppression').find((candidate) => candidate.name === 'negative')!;
const contractText = readFileSync(join(fixtureCase.dir, CONTRACT), 'utf8');
const cachesText = readFileSync(join(fixtureCase.dir, CACHES), 'utf8');

/** 0-based line of the first line holding `needle`. */
function lineOf(text: string, needle: string): number {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `fixture lacks ${needle}`);
  return text.slice(0, at).split('\n').length - 1;
}

/** The text with the line holding `needle` removed (a whole comment line) or cut from `needle` on (a trailing comment). */
function without(text: string, needle: string, how: 'line' | 'rest-of-line'): string {
  const lines = text.split('\n');
  const index = lineOf(text, needle);
  if (how === 'line') lines.splice(index, 1);
  else lines[index] = lines[index].slice(0, lines[index].indexOf(needle)).trimEnd();
  return lines.join('\n');
}

function linesWith(findings: Finding[], code: string): number[] {
  return findings.filter((finding) => finding.code === code).map((finding) => finding.range.start.line);
}

describe('zdd-ignore in Phinx migrations', () => {
  let project: TempProject;
  let checker: ProjectChecker;
  const check = (file: string, text: string) => checker.checkFile(file, text);

  before(() => {
    project = buildFixtureProject(fixtureCase);
    checker = new ProjectChecker(loadProject(project.dir));
    checker.listFiles();
  });

  after(() => project.cleanup());

  it('checks the fixture without any finding of the suppressed rules or of the suppressions', async () => {
    const findings = [...(await check(CONTRACT, contractText)), ...(await check(CACHES, cachesText))];
    assert.deepEqual(
      findings.map((finding) => finding.code).filter((code) => ['drop-column', 'drop-table', 'truncate-or-unbounded-delete', 'unused-suppression', 'suppression-without-reason'].includes(code)),
      [],
    );
  });

  it('a // zdd-ignore line above a statement removes that statement\'s finding', async () => {
    const stripped = without(contractText, '// zdd-ignore drop-column: release 2024.06', 'line');
    const removeColumn = lineOf(stripped, "->removeColumn('legacy_reference')");
    assert.ok(linesWith(await check(CONTRACT, stripped), 'drop-column').includes(removeColumn));
    assert.ok(!linesWith(await check(CONTRACT, contractText), 'drop-column').includes(lineOf(contractText, "->removeColumn('legacy_reference')")));
  });

  it('a // zdd-ignore at the end of a statement removes that statement\'s finding', async () => {
    const stripped = without(contractText, '// zdd-ignore drop-column: unread', 'rest-of-line');
    const dropColumn = lineOf(stripped, '->dropColumn(');
    assert.ok(linesWith(await check(CONTRACT, stripped), 'drop-column').includes(dropColumn));
    assert.ok(!linesWith(await check(CONTRACT, contractText), 'drop-column').includes(lineOf(contractText, '->dropColumn(')));
  });

  it('a -- zdd-ignore inside a heredoc removes the finding of the SQL statement after it', async () => {
    const stripped = without(contractText, '-- zdd-ignore drop-table', 'line');
    assert.deepEqual(linesWith(await check(CONTRACT, stripped), 'drop-table'), [lineOf(stripped, 'DROP TABLE acme_loyalty_import_log')]);
    assert.deepEqual(linesWith(await check(CONTRACT, contractText), 'drop-table'), []);
  });

  it('a /* zdd-ignore-file */ comment removes the rule\'s findings everywhere in the file', async () => {
    const stripped = without(cachesText, '/* zdd-ignore-file', 'line');
    assert.deepEqual(linesWith(await check(CACHES, stripped), 'truncate-or-unbounded-delete'), [lineOf(stripped, '->truncate()'), lineOf(stripped, 'DELETE FROM')]);
    assert.deepEqual(linesWith(await check(CACHES, cachesText), 'truncate-or-unbounded-delete'), []);
  });

  it('a // zdd-ignore line covers only the statement that follows it', async () => {
    const extra = "        $this->table('acme_loyalty_transaction')->removeColumn('points')->update();";
    const text = contractText.replace("            ->update();\n", `            ->update();\n${extra}\n`);
    assert.deepEqual(linesWith(await check(CONTRACT, text), 'drop-column'), [lineOf(text, "->removeColumn('points')")]);
  });

  it('a -- zdd-ignore inside SQL covers only the statement that follows it', async () => {
    const text = contractText.replace('DROP TABLE acme_loyalty_import_log;\n', 'DROP TABLE acme_loyalty_import_log;\nDROP TABLE acme_loyalty_export_log;\n');
    assert.deepEqual(linesWith(await check(CONTRACT, text), 'drop-table'), [lineOf(text, 'DROP TABLE acme_loyalty_export_log')]);
  });

  it('a zdd-ignore of another rule leaves the finding in place', async () => {
    const text = contractText.replace('// zdd-ignore drop-column: release 2024.06', '// zdd-ignore drop-table: release 2024.06');
    const findings = await check(CONTRACT, text);
    assert.ok(linesWith(findings, 'drop-column').includes(lineOf(text, "->removeColumn('legacy_reference')")));
    assert.deepEqual(linesWith(findings, 'unused-suppression'), [lineOf(text, '// zdd-ignore drop-table: release 2024.06')]);
  });
});
