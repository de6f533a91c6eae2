// Exit codes of `magento-zdd check`: 0 clean, 1 --fail-on reached, 2 usage or configuration errors.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ensureCliBuilt, runCli } from '../helpers/cli';
import { TempProject } from '../helpers/tempProject';

const CHECKOUT_XML = 'app/code/Acme/Checkout/etc/module.xml';

describe('check exit codes', () => {
  const projects: TempProject[] = [];
  let clean: TempProject;
  let withError: TempProject;
  let withWarning: TempProject;
  let withInfo: TempProject;

  before(() => {
    ensureCliBuilt();
    clean = TempProject.committed('cli-exit');
    withError = TempProject.committed('cli-exit');
    withError.edit(CHECKOUT_XML, 'setup_version="2.1.0"', 'setup_version="2.2.0"');
    // A suppression without a reason: the error is suppressed, a warning remains.
    withWarning = TempProject.committed('cli-exit');
    withWarning.edit(CHECKOUT_XML, '    <module name="Acme_Checkout" setup_version="2.1.0">', '    <!-- zdd-ignore setup-version-changed -->\n    <module name="Acme_Checkout" setup_version="2.2.0">');
    withInfo = TempProject.committed('cli-exit');
    withInfo.edit(CHECKOUT_XML, ' setup_version="2.1.0"', '');
    projects.push(clean, withError, withWarning, withInfo);
  });
  after(() => projects.forEach((project) => project.cleanup()));

  function severities(project: TempProject): string[] {
    return JSON.parse(runCli(['check', '--format', 'json'], { cwd: project.dir }).stdout).diagnostics.map((diagnostic: { severity: string }) => diagnostic.severity);
  }

  it('the scenarios hold one error, one warning and one info finding', () => {
    assert.deepEqual(severities(clean), []);
    assert.deepEqual(severities(withError), ['error']);
    assert.deepEqual(severities(withWarning), ['warning']);
    assert.deepEqual(severities(withInfo), ['info']);
  });

  it('exits 0 when nothing is found', () => {
    assert.equal(runCli(['check'], { cwd: clean.dir }).status, 0);
  });

  it('exits 1 when an error is found', () => {
    assert.equal(runCli(['check'], { cwd: withError.dir }).status, 1);
  });

  it('exits 0 on warnings and info by default (--fail-on error)', () => {
    assert.equal(runCli(['check'], { cwd: withWarning.dir }).status, 0);
    assert.equal(runCli(['check'], { cwd: withInfo.dir }).status, 0);
    assert.equal(runCli(['check', '--fail-on', 'error'], { cwd: withWarning.dir }).status, 0);
  });

  it('exits 1 on a warning or an error with --fail-on warning, but not on info', () => {
    assert.equal(runCli(['check', '--fail-on', 'warning'], { cwd: withWarning.dir }).status, 1);
    assert.equal(runCli(['check', '--fail-on', 'warning'], { cwd: withError.dir }).status, 1);
    assert.equal(runCli(['check', '--fail-on', 'warning'], { cwd: withInfo.dir }).status, 0);
  });

  it('exits 0 with --fail-on never, even on errors', () => {
    assert.equal(runCli(['check', '--fail-on', 'never'], { cwd: withError.dir }).status, 0);
  });

  it('exits the same way whatever the format', () => {
    for (const format of ['text', 'json', 'sarif', 'github']) {
      assert.equal(runCli(['check', '--format', format], { cwd: withError.dir }).status, 1, format);
      assert.equal(runCli(['check', '--format', format], { cwd: clean.dir }).status, 0, format);
    }
  });

  it('takes the project folder as a positional argument', () => {
    assert.equal(runCli(['check', withError.dir], { cwd: clean.dir }).status, 1);
    assert.equal(runCli(['check', clean.dir], { cwd: withError.dir }).status, 0);
  });

  it('exits 1 for module-xml-invalid when the baseline is unavailable', () => {
    const project = TempProject.create('cli-exit', clean.dir);
    projects.push(project);
    project.remove('.git');
    project.edit(CHECKOUT_XML, 'setup_version="2.1.0"', 'setup_version="2.1.0-beta"');
    const run = runCli(['check'], { cwd: project.dir });
    assert.equal(run.status, 1);
    assert.match(run.stdout, /module-xml-invalid/);
  });

  describe('usage errors exit 2 with a message on stderr and nothing on stdout', () => {
    function assertUsageError(args: string[], message: RegExp, cwd = clean.dir): void {
      const run = runCli(args, { cwd });
      assert.equal(run.status, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, message);
      assert.match(run.stderr, /Run "magento-zdd --help" for usage\./);
    }

    it('an unknown option', () => {
      assertUsageError(['check', '--strict'], /^magento-zdd: Unknown option '--strict'/);
    });

    it('an unknown --format', () => {
      assertUsageError(['check', '--format', 'junit'], /--format must be one of text, json, sarif, github \(got "junit"\)/);
    });

    it('an unknown --fail-on', () => {
      assertUsageError(['check', '--fail-on', 'info'], /--fail-on must be one of error, warning, never \(got "info"\)/);
    });

    it('an option without its value', () => {
      assertUsageError(['check', '--format'], /--format/);
    });

    it('an empty --baseline', () => {
      assertUsageError(['check', '--baseline', ''], /--baseline needs a git ref/);
    });

    it('more than one project folder', () => {
      assertUsageError(['check', clean.dir, withError.dir], /check takes one project folder, got 2/);
    });

    it('a project folder that does not exist', () => {
      assertUsageError(['check', 'app/cod'], new RegExp(`${clean.path('app/cod')} is not a folder`));
    });

    it('a project path that is a file', () => {
      assertUsageError(['check', 'composer.lock'], /composer\.lock is not a folder/);
    });

    it('an unknown command', () => {
      assertUsageError(['lint'], /unknown command "lint"/);
    });

    it('an invalid magento-zdd.json, naming the file and the key', () => {
      const project = TempProject.create('cli-exit', clean.dir);
      projects.push(project);
      project.write('magento-zdd.json', '{"bespokePaths": ["app/code/*/*"], "rules": {"setup-version-changed": "fatal"}, "failOn": "warning"}');
      const run = runCli(['check'], { cwd: project.dir });
      assert.equal(run.status, 2);
      assert.equal(run.stdout, '');
      assert.ok(run.stderr.includes(`invalid configuration: ${project.path('magento-zdd.json')}: `), run.stderr);
      assert.match(run.stderr, /unknown key "failOn"/);
      assert.match(run.stderr, /"rules\.setup-version-changed" must be one of "error", "warning", "info", "off"/);
    });

    it('a magento-zdd.json that is not JSON', () => {
      const project = TempProject.create('cli-exit', clean.dir);
      projects.push(project);
      project.write('magento-zdd.json', '{ "baseline": "origin/main", }');
      assertUsageError(['check'], /invalid configuration: .*magento-zdd\.json: is not valid JSON/, project.dir);
    });
  });
});
