// The git baseline, in temporary repositories: what checkProject compares module.xml files with.
import assert from 'node:assert/strict';
import { accessSync, constants, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { checkProject } from '../../server/src/analysis/analyzer';
import { BaselineUnavailableError, readBaseline, readBaselineFiles, resolveBaselineCommit } from '../../server/src/analysis/gitBaseline';
import { loadProject } from '../../server/src/analysis/project';
import { codesOf, moduleXmlFixture } from '../helpers/analysis';
import { valueRangeOf } from '../helpers/positions';
import { createTempDir, removeTempDir, TempProject } from '../helpers/tempProject';

const CHECKOUT_XML = 'app/code/Acme/Checkout/etc/module.xml';
const LOYALTY_XML = 'src/Acme/Loyalty/etc/module.xml';
const BASELINE_RULES = ['setup-version-changed', 'setup-version-added', 'setup-version-removed'];

const projects: TempProject[] = [];
after(() => projects.forEach((project) => project.cleanup()));

function committedShop(): TempProject {
  const project = TempProject.committed('baseline');
  projects.push(project);
  return project;
}

function uncommittedShop(): TempProject {
  const project = TempProject.create('baseline', join(__dirname, '..', 'fixtures', 'sample-shop'));
  projects.push(project);
  return project;
}

describe('readBaseline', () => {
  it('resolves the ref to its commit and reads files present and absent there', async () => {
    const shop = committedShop();
    const head = shop.git('rev-parse', 'HEAD').trim();
    const baseline = await readBaseline(shop.dir, 'HEAD', [CHECKOUT_XML, 'app/code/Acme/Rma/etc/module.xml']);
    assert.equal(baseline.ref, 'HEAD');
    assert.equal(baseline.commit, head);
    assert.deepEqual(baseline.files.get(CHECKOUT_XML), { kind: 'present', text: shop.read(CHECKOUT_XML) });
    assert.deepEqual(baseline.files.get('app/code/Acme/Rma/etc/module.xml'), { kind: 'absent' });
  });

  it('reads the committed text, not the working tree', async () => {
    const shop = committedShop();
    const committed = shop.read(CHECKOUT_XML);
    shop.edit(CHECKOUT_XML, 'setup_version="2.1.0"', 'setup_version="2.2.0"');
    const files = await readBaselineFiles(shop.dir, shop.git('rev-parse', 'HEAD').trim(), [CHECKOUT_XML]);
    assert.deepEqual(files.get(CHECKOUT_XML), { kind: 'present', text: committed });
  });

  it('splits git\'s batch output by bytes, so multi-byte characters do not shift the next file', async () => {
    const shop = committedShop();
    shop.write(CHECKOUT_XML, moduleXmlFixture('license-header.xml'));
    shop.commit('Copyright header with ©');
    const files = await readBaselineFiles(shop.dir, 'HEAD', [CHECKOUT_XML, 'app/code/Acme/Nope/etc/module.xml', LOYALTY_XML]);
    assert.deepEqual(files.get(CHECKOUT_XML), { kind: 'present', text: moduleXmlFixture('license-header.xml') });
    assert.deepEqual(files.get('app/code/Acme/Nope/etc/module.xml'), { kind: 'absent' });
    assert.deepEqual(files.get(LOYALTY_XML), { kind: 'present', text: shop.read(LOYALTY_XML) });
  });

  it('treats a path that is a folder at the baseline as absent', async () => {
    const shop = committedShop();
    const files = await readBaselineFiles(shop.dir, 'HEAD', ['app/code/Acme/Checkout/etc', CHECKOUT_XML]);
    assert.deepEqual(files.get('app/code/Acme/Checkout/etc'), { kind: 'absent' });
    assert.equal(files.get(CHECKOUT_XML)?.kind, 'present');
  });

  it('reads paths relative to a Magento root below the repository root', async () => {
    const repo = TempProject.create('baseline');
    projects.push(repo);
    repo.initGit();
    repo.write('magento/app/code/Acme/Checkout/etc/module.xml', moduleXmlFixture('checkout-2.1.0.xml'));
    repo.commit('Shop in a subfolder');
    const baseline = await readBaseline(repo.path('magento'), 'HEAD', [CHECKOUT_XML]);
    assert.deepEqual(baseline.files.get(CHECKOUT_XML), { kind: 'present', text: moduleXmlFixture('checkout-2.1.0.xml') });
  });

  it('says a folder outside git is not inside a git repository', async () => {
    const shop = uncommittedShop();
    await assert.rejects(resolveBaselineCommit(shop.dir, 'HEAD'), (error: unknown) => error instanceof BaselineUnavailableError && /is not inside a git repository/.test(error.reason));
  });

  it('says a ref git does not know is not a commit, and how to set another', async () => {
    const shop = committedShop();
    await assert.rejects(
      resolveBaselineCommit(shop.dir, 'origin/main'),
      (error: unknown) => error instanceof BaselineUnavailableError && error.ref === 'origin/main' && /no commit named "origin\/main".*--baseline/.test(error.reason),
    );
  });

  it('says HEAD is unavailable in a repository without commits', async () => {
    const shop = uncommittedShop();
    shop.initGit();
    await assert.rejects(resolveBaselineCommit(shop.dir, 'HEAD'), BaselineUnavailableError);
  });

  it('treats a ref that looks like a git option as an unknown ref', async () => {
    const shop = committedShop();
    await assert.rejects(resolveBaselineCommit(shop.dir, '--output=/tmp/magento-zdd-pwned'), BaselineUnavailableError);
  });
});

describe('checkProject against git', () => {
  it('finds nothing in a freshly committed sample shop', async () => {
    const shop = committedShop();
    const result = await checkProject(loadProject(shop.dir));
    // 3 module.xml, app/etc/config.php and 2 migrations.
    assert.deepEqual(result, { findings: [], notices: [], filesChecked: 6 });
  });

  it('flags a setup_version bumped in the working tree against HEAD', async () => {
    const shop = committedShop();
    shop.edit(CHECKOUT_XML, 'setup_version="2.1.0"', 'setup_version="2.2.0"');
    const { findings, notices } = await checkProject(loadProject(shop.dir));
    assert.deepEqual(notices, []);
    assert.deepEqual(
      findings.map((finding) => [finding.file, finding.code, finding.range]),
      [[CHECKOUT_XML, 'setup-version-changed', valueRangeOf(shop.read(CHECKOUT_XML), 'setup_version', '2.2.0')]],
    );
  });

  it('flags a new, untracked module that declares setup_version', async () => {
    const shop = committedShop();
    shop.write('app/code/Acme/Rma/etc/module.xml', moduleXmlFixture('checkout-2.1.0.xml').replace('Acme_Checkout', 'Acme_Rma'));
    const { findings } = await checkProject(loadProject(shop.dir));
    assert.deepEqual(
      findings.map((finding) => [finding.file, finding.code]),
      [['app/code/Acme/Rma/etc/module.xml', 'setup-version-added']],
    );
    assert.match(findings[0].message, /Acme_Rma is new \(not at HEAD\)/);
  });

  it('reports every kind of change in one run, sorted by file', async () => {
    const shop = committedShop();
    shop.edit('app/code/Acme/Catalog/etc/module.xml', '<module name="Acme_Catalog">', '<module name="Acme_Catalog" setup_version="1.0.0">');
    shop.edit(CHECKOUT_XML, ' setup_version="2.1.0"', '');
    shop.edit(LOYALTY_XML, 'setup_version="1.4.2"', 'setup_version="1.4.3"');
    const { findings } = await checkProject(loadProject(shop.dir));
    assert.deepEqual(
      findings.map((finding) => [finding.file, finding.code, finding.severity]),
      [
        ['app/code/Acme/Catalog/etc/module.xml', 'setup-version-added', 'error'],
        [CHECKOUT_XML, 'setup-version-removed', 'info'],
        [LOYALTY_XML, 'setup-version-changed', 'error'],
      ],
    );
  });

  it('compares with the baseline set in magento-zdd.json', async () => {
    const shop = committedShop();
    shop.git('tag', 'release-41');
    shop.edit(CHECKOUT_XML, 'setup_version="2.1.0"', 'setup_version="2.2.0"');
    shop.commit('Bump Acme_Checkout');
    assert.deepEqual((await checkProject(loadProject(shop.dir))).findings, [], 'clean against HEAD');
    shop.write('magento-zdd.json', '{"baseline": "release-41", "server": "mariadb-10.6"}');
    const { findings } = await checkProject(loadProject(shop.dir));
    assert.deepEqual(codesOf(findings), ['setup-version-changed']);
    assert.match(findings[0].message, /against release-41/);
  });

  it('lets an override beat the baseline of magento-zdd.json', async () => {
    const shop = committedShop();
    const first = shop.git('rev-parse', 'HEAD').trim();
    shop.edit(CHECKOUT_XML, 'setup_version="2.1.0"', 'setup_version="2.2.0"');
    shop.write('magento-zdd.json', '{"baseline": "HEAD", "server": "mariadb-10.6"}');
    shop.commit('Bump Acme_Checkout');
    assert.deepEqual((await checkProject(loadProject(shop.dir))).findings, []);
    const { findings } = await checkProject(loadProject(shop.dir, { baseline: first }));
    assert.deepEqual(codesOf(findings), ['setup-version-changed']);
  });

  it('works for a Magento root in a subfolder of the repository', async () => {
    const repo = TempProject.create('baseline');
    projects.push(repo);
    repo.initGit();
    repo.write('magento/bin/magento', '#!/usr/bin/env php\n');
    repo.write(`magento/${CHECKOUT_XML}`, moduleXmlFixture('checkout-2.1.0.xml'));
    repo.commit('Shop in a subfolder');
    repo.write(`magento/${CHECKOUT_XML}`, moduleXmlFixture('checkout-2.2.0.xml'));
    const { findings, notices } = await checkProject(loadProject(repo.path('magento')));
    assert.deepEqual(notices, []);
    assert.deepEqual(codesOf(findings), ['setup-version-changed']);
  });

  it('does not take a CRLF checkout of the same file for a change', async () => {
    const shop = committedShop();
    shop.write(CHECKOUT_XML, shop.read(CHECKOUT_XML).replace(/\n/g, '\r\n'));
    assert.deepEqual((await checkProject(loadProject(shop.dir))).findings, []);
  });

  it('gives one notice outside git and still runs module-xml-invalid', async () => {
    const shop = uncommittedShop();
    shop.write(CHECKOUT_XML, moduleXmlFixture('bad-setup-version.xml'));
    shop.write(LOYALTY_XML, moduleXmlFixture('not-well-formed.xml'));
    const { findings, notices } = await checkProject(loadProject(shop.dir));
    assert.equal(notices.length, 1);
    assert.match(notices[0].message, /baseline "HEAD" is unavailable: .* is not inside a git repository; the rules that compare with git were skipped\./);
    assert.deepEqual(notices[0].skippedRules, BASELINE_RULES);
    assert.deepEqual(
      findings.map((finding) => [finding.file, finding.code]),
      [
        [CHECKOUT_XML, 'module-xml-invalid'],
        [LOYALTY_XML, 'module-xml-invalid'],
      ],
    );
  });

  it('gives one notice for a ref git does not know and still runs module-xml-invalid', async () => {
    const shop = committedShop();
    shop.write('magento-zdd.json', '{"baseline": "origin/main", "server": "mariadb-10.6"}');
    shop.edit(CHECKOUT_XML, 'setup_version="2.1.0"', 'setup_version="2.2.0-rc1"');
    const { findings, notices } = await checkProject(loadProject(shop.dir));
    assert.equal(notices.length, 1);
    assert.match(notices[0].message, /baseline "origin\/main" is unavailable: git has no commit named "origin\/main"/);
    assert.deepEqual(codesOf(findings), ['module-xml-invalid']);
  });

  it('keeps a suppression of a skipped rule from being called unused', async () => {
    const shop = uncommittedShop();
    shop.write(CHECKOUT_XML, moduleXmlFixture('checkout-2.2.0-suppressed.xml'));
    const { findings, notices } = await checkProject(loadProject(shop.dir));
    assert.equal(notices.length, 1);
    assert.deepEqual(findings, []);
  });

  it('adds the phinx.php note to the notices', async () => {
    const shop = committedShop();
    shop.write('phinx.php', "<?php\nreturn ['paths' => ['migrations' => getenv('MIGRATIONS')]];\n");
    const { notices } = await checkProject(loadProject(shop.dir));
    assert.deepEqual(
      notices.map((notice) => notice.message),
      ['phinx.php paths.migrations is not a constant list of folders; using the MX_PhinxMigrations defaults'],
    );
  });
});

describe('checkProject on a large project', () => {
  const MODULES = 200;
  const moduleFile = (index: number) => `app/code/Acme/Module${String(index).padStart(3, '0')}/etc/module.xml`;
  const moduleText = (index: number, version: string) =>
    moduleXmlFixture('checkout-2.1.0.xml').replace('Acme_Checkout', `Acme_Module${String(index).padStart(3, '0')}`).replace('2.1.0', version);

  function largeShop(): TempProject {
    const shop = TempProject.create('baseline-large');
    projects.push(shop);
    shop.initGit();
    shop.write('bin/magento', '#!/usr/bin/env php\n');
    for (let index = 0; index < MODULES; index++) shop.write(moduleFile(index), moduleText(index, '1.0.0'));
    shop.commit(`${MODULES} modules`);
    // Every seventh module is bumped, so findings must land on exactly those files.
    for (let index = 0; index < MODULES; index += 7) shop.write(moduleFile(index), moduleText(index, '1.0.1'));
    return shop;
  }

  it(`flags exactly the bumped modules among ${MODULES}`, async () => {
    const shop = largeShop();
    const { findings, filesChecked } = await checkProject(loadProject(shop.dir));
    assert.equal(filesChecked, MODULES);
    const bumped = Array.from({ length: MODULES }, (_, index) => index).filter((index) => index % 7 === 0);
    assert.deepEqual(
      findings.map((finding) => [finding.file, finding.code]),
      bumped.map((index) => [moduleFile(index), 'setup-version-changed']),
    );
  });

  it(`starts git once for ${MODULES} modules: one cat-file resolves the ref and reads every file`, async () => {
    const shop = largeShop();
    const log = countGitStarts();
    try {
      await checkProject(loadProject(shop.dir));
      assert.deepEqual(log.commands(), ['cat-file']);
    } finally {
      log.restore();
    }
  });
});

/** Puts a logging `git` in front of the real one on PATH for this process. */
function countGitStarts(): { commands: () => string[]; restore: () => void } {
  const realGit = (process.env.PATH ?? '')
    .split(delimiter)
    .map((folder) => join(folder, 'git'))
    .find((candidate) => {
      try {
        accessSync(candidate, constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
  if (!realGit) throw new Error('git is not on PATH');
  const folder = createTempDir('git-wrapper');
  const logFile = join(folder, 'starts.log');
  writeFileSync(logFile, '');
  writeFileSync(join(folder, 'git'), `#!/bin/sh\necho "$1" >> '${logFile}'\nexec '${realGit}' "$@"\n`);
  chmodSync(join(folder, 'git'), 0o755);
  const originalPath = process.env.PATH;
  process.env.PATH = `${folder}${delimiter}${originalPath}`;
  return {
    commands: () => readFileSync(logFile, 'utf8').split('\n').filter(Boolean),
    restore: () => {
      process.env.PATH = originalPath;
      removeTempDir(folder);
    },
  };
}
