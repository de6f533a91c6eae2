// `magento-zdd check` and the git baseline: --baseline, magento-zdd.json, and when there is none.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ensureCliBuilt, parseTextLines, runCli } from '../helpers/cli';
import { TempProject } from '../helpers/tempProject';

const CHECKOUT_XML = 'app/code/Acme/Checkout/etc/module.xml';

describe('check --baseline', () => {
  const projects: TempProject[] = [];
  let shop: TempProject;
  let firstCommit: string;

  before(() => {
    ensureCliBuilt();
    // Two commits: the release tag, then a commit that bumps Acme_Checkout. The working tree is clean.
    shop = TempProject.committed('cli-baseline');
    projects.push(shop);
    firstCommit = shop.git('rev-parse', 'HEAD').trim();
    shop.git('tag', 'release-41');
    shop.edit(CHECKOUT_XML, 'setup_version="2.1.0"', 'setup_version="2.2.0"');
    shop.commit('Bump Acme_Checkout');
  });
  after(() => projects.forEach((project) => project.cleanup()));

  function codes(args: string[], cwd = shop.dir): string[] {
    return parseTextLines(runCli(['check', ...args], { cwd }).stdout).map((finding) => finding.code);
  }

  it('compares with HEAD by default, where the committed bump is not a change', () => {
    const run = runCli(['check'], { cwd: shop.dir });
    assert.equal(run.status, 0);
    assert.equal(run.stderr, '');
    assert.deepEqual(codes([]), []);
  });

  it('compares with the ref given by --baseline', () => {
    const run = runCli(['check', '--baseline', 'release-41'], { cwd: shop.dir });
    assert.equal(run.status, 1);
    const findings = parseTextLines(run.stdout);
    assert.deepEqual(
      findings.map((finding) => [finding.file, finding.code]),
      [[CHECKOUT_XML, 'setup-version-changed']],
    );
    assert.match(findings[0].message, /from 2\.1\.0 to 2\.2\.0 \(against release-41\)/);
  });

  it('accepts a commit id and the --baseline=REF spelling', () => {
    assert.deepEqual(codes([`--baseline=${firstCommit}`]), ['setup-version-changed']);
    assert.deepEqual(codes(['--baseline', 'HEAD~1']), ['setup-version-changed']);
  });

  it('uses "baseline" from magento-zdd.json, and --baseline overrides it', () => {
    const project = TempProject.create('cli-baseline', shop.dir);
    projects.push(project);
    project.write('magento-zdd.json', '{"baseline": "release-41", "server": "mariadb-10.6"}');
    assert.deepEqual(codes([], project.dir), ['setup-version-changed']);
    assert.deepEqual(codes(['--baseline', 'HEAD'], project.dir), []);
  });

  it('gives one notice for a ref git does not know and still checks module.xml validity', () => {
    const project = TempProject.create('cli-baseline', shop.dir);
    projects.push(project);
    project.edit(CHECKOUT_XML, 'setup_version="2.2.0"', 'setup_version="2.2.0-rc1"');
    const run = runCli(['check', '--baseline', 'origin/main'], { cwd: project.dir });
    assert.equal(run.stderr, 'note: baseline "origin/main" is unavailable: git has no commit named "origin/main" (set "baseline" in magento-zdd.json or pass --baseline); the rules that compare with git were skipped.\n');
    assert.deepEqual(
      parseTextLines(run.stdout).map((finding) => finding.code),
      ['module-xml-invalid'],
    );
    assert.equal(run.status, 1);
  });

  it('gives one notice in a folder outside git and exits 0 when nothing else is wrong', () => {
    const project = TempProject.create('cli-baseline', shop.dir);
    projects.push(project);
    project.remove('.git');
    const run = runCli(['check'], { cwd: project.dir });
    assert.equal(run.status, 0);
    assert.equal(run.stderr.split('\n').filter(Boolean).length, 1);
    assert.match(run.stderr, /^note: baseline "HEAD" is unavailable: .* is not inside a git repository/);
    assert.equal(run.stdout, '6 files checked: 0 errors, 0 warnings, 0 info\n');
  });

  it('finds the Magento root above the folder it is started in', () => {
    const project = TempProject.create('cli-baseline', shop.dir);
    projects.push(project);
    project.write('magento-zdd.json', '{"baseline": "release-41", "server": "mariadb-10.6"}');
    const run = runCli(['check'], { cwd: project.path('app/code/Acme/Checkout/etc') });
    assert.deepEqual(
      parseTextLines(run.stdout).map((finding) => [finding.file, finding.code]),
      [[CHECKOUT_XML, 'setup-version-changed']],
    );
  });
});
