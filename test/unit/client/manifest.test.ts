// package.json `contributes` against the ids the code uses: a command, view or setting renamed on
// one side only would fail silently in VS Code (a palette entry doing nothing, a menu never shown).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { COMMANDS, DEPLOY_OUTPUT_LANGUAGE, DEPLOYS_VIEW, MIGRATIONS_VIEW, SETTINGS } from '../../../client/src/commandIds';

const REPO_ROOT = join(__dirname, '..', '..', '..');

interface Manifest {
  contributes: {
    commands: Array<{ command: string; title: string; category?: string }>;
    menus: Record<string, Array<{ command: string; when?: string; group?: string }>>;
    views: Record<string, Array<{ id: string; name: string; when?: string }>>;
    configuration: { properties: Record<string, { default?: unknown; description?: string; markdownDescription?: string }> };
  };
}

const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;
const extensionSource = readFileSync(join(REPO_ROOT, 'client', 'src', 'extension.ts'), 'utf8');

describe('package.json contributes', () => {
  it('contributes every command of the code under the "Magento ZDD" category, and nothing the code lacks', () => {
    const contributed = new Map(manifest.contributes.commands.map((command) => [command.command, command]));
    for (const id of Object.values(COMMANDS)) {
      assert.equal(contributed.get(id)?.category, 'Magento ZDD', `${id} is contributed with category "Magento ZDD"`);
    }
    const known = new Set<string>([...Object.values(COMMANDS), 'magentoZdd.showOutput', 'magentoZdd.restartServer', 'magentoZdd.selectRange']);
    for (const id of contributed.keys()) assert.ok(known.has(id), `${id} has a handler`);
  });

  it('registers a handler for every command in extension.ts', () => {
    for (const key of Object.keys(COMMANDS)) assert.match(extensionSource, new RegExp(`register\\(COMMANDS\\.${key},`), `COMMANDS.${key} is registered`);
  });

  it('gates every palette entry on magentoZdd.active, and migrate/roll back to here on a migration file name', () => {
    const palette = new Map(manifest.contributes.menus.commandPalette.map((entry) => [entry.command, entry.when ?? '']));
    for (const id of Object.values(COMMANDS)) assert.match(palette.get(id) ?? '', /magentoZdd\.active/, `${id} has a when clause`);
    for (const id of [COMMANDS.migrateToHere, COMMANDS.rollbackToHere]) {
      const when = palette.get(id) ?? '';
      const pattern = /resourceFilename =~ \/(.+)\/$/.exec(when)?.[1];
      assert.ok(pattern, `${id} is limited to migration files`);
      const regex = new RegExp(pattern);
      assert.ok(regex.test('20240506091500_create_acme_product_badge.php'));
      assert.ok(!regex.test('module.xml') && !regex.test('CreateBadge.php'));
    }
  });

  it('puts the Migrations view in the Explorer under the id the code registers, with refresh in its title bar', () => {
    const view = manifest.contributes.views.explorer.find((candidate) => candidate.id === MIGRATIONS_VIEW);
    assert.equal(view?.name, 'Migrations');
    assert.match(view?.when ?? '', /magentoZdd\.active/);
    const title = manifest.contributes.menus['view/title'].filter((entry) => entry.when === `view == ${MIGRATIONS_VIEW}`).map((entry) => entry.command);
    assert.ok(title.includes(COMMANDS.refreshMigrations));
    const items = manifest.contributes.menus['view/item/context'];
    assert.ok(items.some((entry) => entry.command === COMMANDS.migrateToHere && /viewItem == migration-pending/.test(entry.when ?? '')));
    assert.ok(items.some((entry) => entry.command === COMMANDS.rollbackToHere && /viewItem == migration-applied/.test(entry.when ?? '')));
  });

  it('puts the Deploys view right after Migrations in the Explorer, shown and offered only where an environment has deploy settings', () => {
    const explorer = manifest.contributes.views.explorer.map((view) => view.id);
    assert.equal(explorer.indexOf(DEPLOYS_VIEW), explorer.indexOf(MIGRATIONS_VIEW) + 1);
    const view = manifest.contributes.views.explorer.find((candidate) => candidate.id === DEPLOYS_VIEW);
    assert.equal(view?.name, 'Deploys');
    assert.match(view?.when ?? '', /magentoZdd\.deployConfigured/);
    const palette = new Map(manifest.contributes.menus.commandPalette.map((entry) => [entry.command, entry.when ?? '']));
    for (const id of [COMMANDS.deploy, COMMANDS.rollbackDeploy]) assert.match(palette.get(id) ?? '', /magentoZdd\.active && magentoZdd\.deployConfigured/);
    const title = manifest.contributes.menus['view/title'].filter((entry) => (entry.when ?? '').startsWith(`view == ${DEPLOYS_VIEW}`)).map((entry) => entry.command);
    for (const id of [COMMANDS.deploy, COMMANDS.refreshDeploys, COMMANDS.rollbackDeploy]) assert.ok(title.includes(id), `${id} in the Deploys title bar`);
    assert.match(extensionSource, /createOutputChannel\('Magento ZDD: Deploy', DEPLOY_OUTPUT_LANGUAGE\)/);
    assert.equal(DEPLOY_OUTPUT_LANGUAGE, 'magento-zdd-deploy');
  });

  it('declares and describes every setting the code reads', () => {
    const properties = manifest.contributes.configuration.properties;
    for (const setting of Object.values(SETTINGS)) {
      const property = properties[setting];
      assert.ok(property, `${setting} is declared`);
      assert.notEqual(property.default, undefined, `${setting} has a default`);
    }
    for (const [name, property] of Object.entries(properties)) {
      assert.ok(name.startsWith('magentoZdd.'), name);
      assert.ok((property.description ?? property.markdownDescription ?? '').length > 20, `${name} is described`);
    }
  });
});
