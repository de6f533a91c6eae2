// The commands around `check`: --help, --version and `rules`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { ALL_RULES } from '../../server/src/analysis/rules';
import { ruleDocsUrl } from '../../server/src/analysis/rules/rule';
import { ensureCliBuilt, REPO_ROOT, runCli } from '../helpers/cli';

describe('magento-zdd commands', () => {
  before(() => ensureCliBuilt());

  it('--help prints usage with every command and format, and exits 0', () => {
    for (const flag of ['--help', '-h', 'help']) {
      const run = runCli([flag], { cwd: REPO_ROOT });
      assert.equal(run.status, 0, flag);
      assert.equal(run.stderr, '');
      assert.match(run.stdout, /^Usage:/m);
      assert.match(run.stdout, /magento-zdd check \[root\] \[--format text\|json\|sarif\|github\] \[--baseline REF\] \[--fail-on error\|warning\|never\]/);
      assert.match(run.stdout, /magento-zdd rules/);
    }
  });

  it('check --help prints the usage and exits 0 without checking anything', () => {
    const run = runCli(['check', '--help'], { cwd: REPO_ROOT });
    assert.equal(run.status, 0);
    assert.match(run.stdout, /^Usage:/m);
    assert.doesNotMatch(run.stdout, /files? checked/);
  });

  it('no command prints the usage and exits 2', () => {
    const run = runCli([], { cwd: REPO_ROOT });
    assert.equal(run.status, 2);
    assert.match(run.stdout, /^Usage:/m);
  });

  it('--version prints the package version', () => {
    const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
    for (const flag of ['--version', '-v']) {
      const run = runCli([flag], { cwd: REPO_ROOT });
      assert.equal(run.status, 0);
      assert.equal(run.stdout, `${version}\n`);
    }
  });

  it('rules lists every rule with its default severity, summary and documentation link', () => {
    const run = runCli(['rules'], { cwd: REPO_ROOT });
    assert.equal(run.status, 0);
    const lines = run.stdout.trimEnd().split('\n');
    assert.equal(lines.length, ALL_RULES.length * 2);
    ALL_RULES.forEach((rule, index) => {
      const [id, severity, ...summary] = lines[index * 2].split(/\s+/);
      assert.deepEqual([id, severity], [rule.id, rule.defaultSeverity]);
      assert.equal(summary.join(' '), rule.summary.split(/\s+/).join(' '));
      assert.equal(lines[index * 2 + 1].trim(), ruleDocsUrl(rule.id));
    });
  });

  it('rules exits 0 without a stack trace when the reader closes the pipe early', () => {
    // `true` exits without reading, so the CLI's writes meet a closed pipe (EPIPE).
    const launcher = JSON.stringify(join(REPO_ROOT, 'bin', 'magento-zdd.js'));
    const result = spawnSync('bash', ['-c', `set -o pipefail; ${JSON.stringify(process.execPath)} ${launcher} rules | true`], { encoding: 'utf8' });
    assert.equal(result.status, 0);
    assert.equal(result.stderr, '');
  });
});
