// `magento-zdd check --format text|json|sarif|github`, run from the built CLI on a temporary shop.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ALL_RULES } from '../../server/src/analysis/rules';
import { ensureCliBuilt, parseTextLines, REPO_ROOT, runCli } from '../helpers/cli';
import { rangeOf, valueRangeOf } from '../helpers/positions';
import { sarifSchemaErrors } from '../helpers/sarifSchema';
import { TempProject } from '../helpers/tempProject';

const CATALOG_XML = 'app/code/Acme/Catalog/etc/module.xml';
const CHECKOUT_XML = 'app/code/Acme/Checkout/etc/module.xml';
const LOYALTY_XML = 'src/Acme/Loyalty/etc/module.xml';
const UNUSED_SUPPRESSION = '<!-- zdd-ignore setup-version-added: the module is installed fresh -->';

/** The sample shop committed, then changed so that it has one finding of each severity. */
function shopWithOneFindingOfEachSeverity(): TempProject {
  const shop = TempProject.committed('cli-formats');
  shop.edit(CHECKOUT_XML, 'setup_version="2.1.0"', 'setup_version="2.2.0"');
  shop.edit(LOYALTY_XML, ' setup_version="1.4.2"', '');
  shop.edit(CATALOG_XML, '    <module name="Acme_Catalog">', `    ${UNUSED_SUPPRESSION}\n    <module name="Acme_Catalog">`);
  return shop;
}

interface Expected {
  file: string;
  severity: 'error' | 'warning' | 'info';
  code: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

/** What the shop above must produce, located from the files themselves. */
function expectedFindings(shop: TempProject): Expected[] {
  return [
    { file: CATALOG_XML, severity: 'warning', code: 'unused-suppression', range: rangeOf(shop.read(CATALOG_XML), UNUSED_SUPPRESSION) },
    { file: CHECKOUT_XML, severity: 'error', code: 'setup-version-changed', range: valueRangeOf(shop.read(CHECKOUT_XML), 'setup_version', '2.2.0') },
    { file: LOYALTY_XML, severity: 'info', code: 'setup-version-removed', range: valueRangeOf(shop.read(LOYALTY_XML), 'name', 'Acme_Loyalty') },
  ];
}

describe('check output formats', () => {
  let shop: TempProject;
  let expected: Expected[];
  const temporary: TempProject[] = [];

  before(() => {
    ensureCliBuilt();
    shop = shopWithOneFindingOfEachSeverity();
    expected = expectedFindings(shop);
  });
  after(() => {
    shop.cleanup();
    temporary.forEach((project) => project.cleanup());
  });

  describe('text', () => {
    it('prints file:line:col severity code message, 1-based, one line per finding', () => {
      const run = runCli(['check'], { cwd: shop.dir });
      assert.deepEqual(
        parseTextLines(run.stdout).map(({ file, line, column, severity, code }) => ({ file, line, column, severity, code })),
        expected.map(({ file, range, severity, code }) => ({ file, line: range.start.line + 1, column: range.start.character + 1, severity, code })),
      );
    });

    it('ends with a summary of files and findings', () => {
      const lines = runCli(['check'], { cwd: shop.dir }).stdout.trimEnd().split('\n');
      assert.equal(lines.at(-1), '6 files checked: 1 error, 1 warning, 1 info');
    });

    it('is the default format', () => {
      assert.equal(runCli(['check'], { cwd: shop.dir }).stdout, runCli(['check', '--format', 'text'], { cwd: shop.dir }).stdout);
    });

    it('prints notices to stderr, keeping stdout to findings', () => {
      const copy = TempProject.create('cli-formats', shop.dir);
      temporary.push(copy);
      copy.remove('.git');
      const run = runCli(['check'], { cwd: copy.dir });
      assert.match(run.stderr, /^note: baseline "HEAD" is unavailable: .* is not inside a git repository; the rules that compare with git were skipped\.\n$/);
      assert.doesNotMatch(run.stdout, /note:/);
    });
  });

  describe('json', () => {
    it('prints exactly {diagnostics, notices} with 0-based ranges', () => {
      const run = runCli(['check', '--format', 'json'], { cwd: shop.dir });
      const output = JSON.parse(run.stdout);
      assert.deepEqual(Object.keys(output), ['diagnostics', 'notices']);
      assert.deepEqual(output.notices, []);
      for (const diagnostic of output.diagnostics) assert.deepEqual(Object.keys(diagnostic), ['file', 'range', 'severity', 'code', 'message']);
      assert.deepEqual(
        output.diagnostics.map(({ file, range, severity, code }: Expected) => ({ file, range, severity, code })),
        expected,
      );
    });

    it('carries the same messages as the text format', () => {
      const json = JSON.parse(runCli(['check', '--format', 'json'], { cwd: shop.dir }).stdout);
      const text = parseTextLines(runCli(['check'], { cwd: shop.dir }).stdout);
      assert.deepEqual(
        json.diagnostics.map((diagnostic: { message: string }) => diagnostic.message),
        text.map((finding) => finding.message),
      );
    });

    it('lists notices as strings inside the document', () => {
      const copy = TempProject.create('cli-formats', shop.dir);
      temporary.push(copy);
      copy.remove('.git');
      const run = runCli(['check', '--format', 'json'], { cwd: copy.dir });
      assert.equal(run.stderr, '');
      const { notices } = JSON.parse(run.stdout);
      assert.equal(notices.length, 1);
      assert.match(notices[0], /baseline "HEAD" is unavailable/);
    });
  });

  describe('sarif', () => {
    it('is valid against the SARIF 2.1.0 schema', () => {
      const log = JSON.parse(runCli(['check', '--format', 'sarif'], { cwd: shop.dir }).stdout);
      assert.deepEqual(sarifSchemaErrors(log), []);
      assert.equal(log.version, '2.1.0');
    });

    it('is valid when there is nothing to report', () => {
      const clean = TempProject.committed('cli-formats');
      temporary.push(clean);
      const log = JSON.parse(runCli(['check', '--format', 'sarif'], { cwd: clean.dir }).stdout);
      assert.deepEqual(sarifSchemaErrors(log), []);
      assert.deepEqual(log.runs[0].results, []);
    });

    it('describes every rule of the registry on the driver', () => {
      const log = JSON.parse(runCli(['check', '--format', 'sarif'], { cwd: shop.dir }).stdout);
      const driver = log.runs[0].tool.driver;
      assert.equal(driver.name, 'magento-zdd');
      assert.equal(driver.version, JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).version);
      assert.deepEqual(
        driver.rules.map((rule: { id: string; defaultConfiguration: { level: string } }) => [rule.id, rule.defaultConfiguration.level]),
        ALL_RULES.map((rule) => [rule.id, { error: 'error', warning: 'warning', info: 'note' }[rule.defaultSeverity]]),
      );
    });

    it('gives each result its rule, level and 1-based region in a file relative to the checkout', () => {
      const log = JSON.parse(runCli(['check', '--format', 'sarif'], { cwd: shop.dir }).stdout);
      const { results, tool } = log.runs[0];
      assert.deepEqual(
        results.map((result: SarifResult) => ({
          ruleId: result.ruleId,
          rule: tool.driver.rules[result.ruleIndex].id,
          level: result.level,
          location: result.locations[0].physicalLocation,
        })),
        expected.map(({ file, code, severity, range }) => ({
          ruleId: code,
          rule: code,
          level: { error: 'error', warning: 'warning', info: 'note' }[severity],
          location: {
            artifactLocation: { uri: file, uriBaseId: '%SRCROOT%' },
            region: { startLine: range.start.line + 1, startColumn: range.start.character + 1, endLine: range.end.line + 1, endColumn: range.end.character + 1 },
          },
        })),
      );
    });

    it('reports notices as tool execution notifications', () => {
      const copy = TempProject.create('cli-formats', shop.dir);
      temporary.push(copy);
      copy.remove('.git');
      const log = JSON.parse(runCli(['check', '--format', 'sarif'], { cwd: copy.dir }).stdout);
      assert.deepEqual(sarifSchemaErrors(log), []);
      const notifications = log.runs[0].invocations[0].toolExecutionNotifications;
      assert.equal(notifications.length, 1);
      assert.match(notifications[0].message.text, /baseline "HEAD" is unavailable/);
    });

    it('percent-encodes paths that are not valid in a URI', () => {
      const repo = TempProject.create('cli-formats');
      temporary.push(repo);
      repo.initGit();
      repo.write('shop, 2024 copy/bin/magento', '#!/usr/bin/env php\n');
      repo.write(`shop, 2024 copy/${CHECKOUT_XML}`, shop.read(CHECKOUT_XML).replace('2.2.0', '2.1.0'));
      repo.commit('Shop in a folder with a space and a comma');
      repo.write(`shop, 2024 copy/${CHECKOUT_XML}`, shop.read(CHECKOUT_XML));
      const log = JSON.parse(runCli(['check', 'shop, 2024 copy', '--format', 'sarif'], { cwd: repo.dir }).stdout);
      assert.deepEqual(sarifSchemaErrors(log), []);
      const uri: string = log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri;
      assert.equal(decodeURIComponent(uri), `shop, 2024 copy/${CHECKOUT_XML}`);
    });
  });

  describe('github', () => {
    it('prints one workflow command per finding with 1-based positions', () => {
      const run = runCli(['check', '--format', 'github'], { cwd: shop.dir });
      const lines = run.stdout.trimEnd().split('\n');
      assert.equal(lines.length, expected.length);
      lines.forEach((line, index) => {
        const { file, severity, code, range } = expected[index];
        const command = { error: 'error', warning: 'warning', info: 'notice' }[severity];
        const properties = `file=${file},line=${range.start.line + 1},col=${range.start.character + 1},endLine=${range.end.line + 1},endColumn=${range.end.character + 1},title=magento-zdd ${code}`;
        assert.ok(line.startsWith(`::${command} ${properties}::`), line);
      });
    });

    it('starts the annotation for an error with ::error file=', () => {
      const run = runCli(['check', '--format', 'github'], { cwd: shop.dir });
      assert.match(run.stdout, new RegExp(`^::error file=${CHECKOUT_XML},line=\\d+,`, 'm'));
    });

    it('gives paths relative to the folder it runs in and escapes commas in them', () => {
      const repo = TempProject.create('cli-formats');
      temporary.push(repo);
      repo.initGit();
      repo.write('shop,v2/bin/magento', '#!/usr/bin/env php\n');
      repo.write(`shop,v2/${CHECKOUT_XML}`, shop.read(CHECKOUT_XML).replace('2.2.0', '2.1.0'));
      repo.commit('Shop in a subfolder');
      repo.write(`shop,v2/${CHECKOUT_XML}`, shop.read(CHECKOUT_XML));
      const run = runCli(['check', 'shop,v2', '--format', 'github'], { cwd: repo.dir });
      assert.match(run.stdout, new RegExp(`^::error file=shop%2Cv2/${CHECKOUT_XML},line=`));
    });

    it('prints notices as ::notice lines', () => {
      const copy = TempProject.create('cli-formats', shop.dir);
      temporary.push(copy);
      copy.remove('.git');
      const run = runCli(['check', '--format', 'github'], { cwd: copy.dir });
      assert.match(run.stdout, /^::notice title=magento-zdd::baseline "HEAD" is unavailable: /m);
    });
  });
});

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  locations: Array<{ physicalLocation: unknown }>;
}
