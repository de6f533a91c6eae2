// The project model: where the Magento root is, which modules are bespoke, the Phinx set-up.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DEFAULT_MIGRATION_GLOBS, readComposerPackages, readMigrationGlobs } from '../../server/src/analysis/phinxSetup';
import { findMagentoRoot, isBespokePath, isModuleXmlPath, listBespokeModuleXmlFiles, listMigrationFolders, loadProject } from '../../server/src/analysis/project';
import { projectWith } from '../helpers/analysis';
import { SAMPLE_SHOP, TempProject } from '../helpers/tempProject';

const projects: TempProject[] = [];
after(() => projects.forEach((project) => project.cleanup()));

function tempProject(fixture?: string): TempProject {
  const project = TempProject.create('project', fixture);
  projects.push(project);
  return project;
}

describe('findMagentoRoot', () => {
  it('walks up from a module folder to the sample shop root', () => {
    assert.equal(findMagentoRoot(join(SAMPLE_SHOP, 'app', 'code', 'Acme', 'Checkout', 'etc')), SAMPLE_SHOP);
    assert.equal(findMagentoRoot(SAMPLE_SHOP), SAMPLE_SHOP);
  });

  it('recognises a root by any of app/etc/env.php, app/etc/config.php, bin/magento or magento-zdd.json', () => {
    for (const marker of ['app/etc/env.php', 'app/etc/config.php', 'bin/magento', 'magento-zdd.json']) {
      const project = tempProject();
      project.write(marker, marker.endsWith('.json') ? '{}' : '<?php\n');
      project.write('app/code/Acme/Checkout/etc/module.xml', '<config/>');
      assert.equal(findMagentoRoot(project.path('app/code/Acme/Checkout/etc')), project.dir, marker);
    }
  });

  it('falls back to the start folder when no parent looks like a Magento root', () => {
    const project = tempProject();
    project.write('deep/er/file.txt', '');
    assert.equal(findMagentoRoot(project.path('deep/er')), project.path('deep/er'));
  });
});

describe('bespoke modules', () => {
  it('lists the module.xml of app/code and src modules but not vendor ones', () => {
    assert.deepEqual(listBespokeModuleXmlFiles(loadProject(SAMPLE_SHOP)), [
      'app/code/Acme/Catalog/etc/module.xml',
      'app/code/Acme/Checkout/etc/module.xml',
      'src/Acme/Loyalty/etc/module.xml',
    ]);
  });

  it('skips module folders without an etc/module.xml', () => {
    const project = tempProject(SAMPLE_SHOP);
    project.remove('app/code/Acme/Catalog/etc/module.xml');
    assert.deepEqual(listBespokeModuleXmlFiles(loadProject(project.dir)), ['app/code/Acme/Checkout/etc/module.xml', 'src/Acme/Loyalty/etc/module.xml']);
  });

  it('classifies app/code and src as bespoke and vendor, app/design and deeper folders as not', () => {
    const project = projectWith();
    assert.equal(isBespokePath(project, 'app/code/Acme/Checkout/etc/module.xml'), true);
    assert.equal(isBespokePath(project, 'src/Acme/Loyalty/etc/module.xml'), true);
    assert.equal(isBespokePath(project, 'vendor/magento/module-store/etc/module.xml'), false);
    assert.equal(isBespokePath(project, 'app/design/frontend/Acme/default/etc/view.xml'), false);
    assert.equal(isBespokePath(project, 'app/code/Acme'), false);
  });

  it('follows bespokePaths from magento-zdd.json, and never counts vendor/ as bespoke', () => {
    const project = projectWith({ bespokePaths: ['modules/*/*', 'vendor/acme/*'] });
    assert.equal(isBespokePath(project, 'modules/Acme/Checkout/etc/module.xml'), true);
    assert.equal(isBespokePath(project, 'app/code/Acme/Checkout/etc/module.xml'), false);
    assert.equal(isBespokePath(project, 'vendor/acme/module-checkout/etc/module.xml'), false);
  });

  it('lists modules from configured bespokePaths', () => {
    const project = tempProject(SAMPLE_SHOP);
    project.write('magento-zdd.json', '{"bespokePaths": ["src/*/*"]}');
    assert.deepEqual(listBespokeModuleXmlFiles(loadProject(project.dir)), ['src/Acme/Loyalty/etc/module.xml']);
  });

  it('recognises module.xml paths', () => {
    assert.equal(isModuleXmlPath('app/code/Acme/Checkout/etc/module.xml'), true);
    assert.equal(isModuleXmlPath('etc/module.xml'), true);
    assert.equal(isModuleXmlPath('app/code/Acme/Checkout/etc/di.xml'), false);
    assert.equal(isModuleXmlPath('app/code/Acme/Checkout/etc/adminhtml/module.xml.dist'), false);
  });
});

describe('Phinx set-up', () => {
  it('reads the migration globs of the sample shop\'s phinx.php relative to the root', () => {
    assert.deepEqual(readMigrationGlobs(SAMPLE_SHOP), { globs: ['src/*/*/etc/migrations', 'app/code/*/*/etc/migrations'], source: 'phinx.php' });
  });

  it('lists the migration folders that exist', () => {
    assert.deepEqual(listMigrationFolders(loadProject(SAMPLE_SHOP)), ['app/code/Acme/Catalog/etc/migrations', 'src/Acme/Loyalty/etc/migrations']);
  });

  it('uses the MX_PhinxMigrations defaults, without a note, when phinx.php is missing', () => {
    const project = tempProject(SAMPLE_SHOP);
    project.remove('phinx.php');
    assert.deepEqual(readMigrationGlobs(project.dir), { globs: DEFAULT_MIGRATION_GLOBS, source: 'default' });
  });

  it('uses the defaults with a note when paths.migrations is not constant', () => {
    const project = tempProject(SAMPLE_SHOP);
    project.write('phinx.php', "<?php\nreturn ['paths' => ['migrations' => glob(getenv('MIGRATIONS_GLOB'))]];\n");
    const globs = readMigrationGlobs(project.dir);
    assert.deepEqual(globs.globs, DEFAULT_MIGRATION_GLOBS);
    assert.equal(globs.source, 'default');
    assert.match(globs.note ?? '', /phinx\.php paths\.migrations is not a constant list of folders/);
  });

  it('uses the defaults with a note when one of the folders is not constant', () => {
    const project = tempProject(SAMPLE_SHOP);
    project.write('phinx.php', "<?php\nreturn ['paths' => ['migrations' => [__DIR__ . '/app/code/*/*/etc/migrations', getenv('EXTRA_MIGRATIONS')]]];\n");
    assert.equal(readMigrationGlobs(project.dir).source, 'default');
    assert.ok(readMigrationGlobs(project.dir).note);
  });

  it('reads a single folder and Phinx\'s %%PHINX_CONFIG_DIR%% placeholder', () => {
    const project = tempProject(SAMPLE_SHOP);
    project.write('phinx.php', "<?php\nreturn ['paths' => ['migrations' => '%%PHINX_CONFIG_DIR%%/app/code/*/*/etc/migrations']];\n");
    assert.deepEqual(readMigrationGlobs(project.dir), { globs: ['app/code/*/*/etc/migrations'], source: 'phinx.php' });
  });

  it('survives a phinx.php that does not parse', () => {
    const project = tempProject(SAMPLE_SHOP);
    project.write('phinx.php', "<?php\nreturn ['paths' => ['migrations' => [\n");
    assert.deepEqual(readMigrationGlobs(project.dir).globs, DEFAULT_MIGRATION_GLOBS);
  });

  it('reads the Phinx version and MX_PhinxMigrations from the sample shop\'s composer.lock', () => {
    assert.deepEqual(readComposerPackages(SAMPLE_SHOP), { phinxVersion: '0.9.2', mxPhinxMigrations: true });
  });

  it('reads Phinx from packages-dev and drops a leading v', () => {
    const project = tempProject();
    project.write('composer.lock', JSON.stringify({ packages: [{ name: 'magento/product-community-edition', version: '2.4.7-p3' }], 'packages-dev': [{ name: 'robmorgan/phinx', version: 'v0.16.5' }] }));
    assert.deepEqual(readComposerPackages(project.dir), { phinxVersion: '0.16.5', mxPhinxMigrations: false });
  });

  it('knows nothing about Phinx without a readable composer.lock', () => {
    const project = tempProject();
    assert.deepEqual(readComposerPackages(project.dir), { phinxVersion: undefined, mxPhinxMigrations: false });
    project.write('composer.lock', '{"packages": [');
    assert.deepEqual(readComposerPackages(project.dir), { phinxVersion: undefined, mxPhinxMigrations: false });
  });
});
