// VS Code suite: the Migrations view reads the migration status from a real MariaDB (started by the
// runner, test/helpers/mariadb.ts), as a user gets there: an environment added to magento-zdd.json,
// its password stored through "Set Database Password" (VS Code's secret storage), the environment
// selected. The view then lists each migration as applied or pending, as phinxlog says.
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { readSuiteConfig } from '../lib/suiteConfig';
import { waitFor } from '../lib/wait';
import { activeExtension, revertAndCloseAll, shopUri } from './shop';
import { workbench } from './workbench';

const ENVIRONMENT = 'staging';

/** The part of activate()'s result this suite reads (client/src/extension.ts MagentoZddApi). */
interface StatusApi {
  migrationStatus(): { kind: string; environment?: string; status?: { migrations: { entries: { name: string; state: string }[] } } };
}

suite('Migrations view on a real MariaDB', () => {
  const configFile = shopUri('magento-zdd.json').fsPath;
  let committedConfig: string;

  suiteSetup(() => {
    committedConfig = readFileSync(configFile, 'utf8');
  });

  suiteTeardown(async () => {
    writeFileSync(configFile, committedConfig);
    await vscode.commands.executeCommand('magentoZdd.clearDatabasePassword', ENVIRONMENT).then(undefined, () => undefined);
    await vscode.commands.executeCommand('magentoZdd.selectEnvironment', null).then(undefined, () => undefined);
    await revertAndCloseAll();
  });

  test('lists CreateAcmeProductBadge as applied and AddLoyaltyTierToCustomerPoints as pending, as phinxlog records them', async () => {
    const database = readSuiteConfig().services.migrationsDatabase;
    assert.ok(database, 'the runner started MariaDB for this scenario');
    const extension = await activeExtension();
    const config = JSON.parse(committedConfig) as Record<string, unknown>;
    // No password in the file: it goes to the secret storage below.
    config.environments = { [ENVIRONMENT]: { database: { host: database.host, port: database.port, database: database.database, user: database.user } } };
    writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`);

    assert.equal(await vscode.commands.executeCommand('magentoZdd.setDatabasePassword', ENVIRONMENT, database.password), ENVIRONMENT);
    assert.equal(await vscode.commands.executeCommand('magentoZdd.selectEnvironment', ENVIRONMENT), ENVIRONMENT);
    const api = extension.exports as StatusApi;
    const entries = await waitFor(
      'the status of "staging" read from MariaDB',
      () => {
        const state = api.migrationStatus();
        return state.kind === 'ready' && state.environment === ENVIRONMENT && state.status?.migrations.entries;
      },
      { timeoutMs: 30_000, describe: () => JSON.stringify(api.migrationStatus()).slice(0, 500) },
    );
    assert.deepEqual(
      entries.map((entry) => [entry.name, entry.state]).sort(),
      [['AddLoyaltyTierToCustomerPoints', 'pending'], ['CreateAcmeProductBadge', 'applied']],
    );

    const ui = await workbench();
    await vscode.commands.executeCommand('workbench.files.action.collapseExplorerFolders');
    await vscode.commands.executeCommand('magentoZdd.migrations.focus');
    await vscode.commands.executeCommand('notifications.clearAll');
    const pane = ui.viewPane('Migrations');
    const rows = await waitFor(
      'the Migrations view to list both migrations',
      async () => {
        const texts = await ui.viewRows('Migrations');
        return texts.some((row) => row.includes('AddLoyaltyTierToCustomerPoints')) && texts.some((row) => row.includes('CreateAcmeProductBadge')) && texts;
      },
      { describe: async () => JSON.stringify(await ui.viewRows('Migrations')) },
    );
    const badge = rows.find((row) => row.includes('CreateAcmeProductBadge')) ?? '';
    const tier = rows.find((row) => row.includes('AddLoyaltyTierToCustomerPoints')) ?? '';
    assert.match(badge, /applied 2024-05-06 09:15/);
    assert.match(tier, /pending/);
    assert.ok(rows.some((row) => /Acme_Catalog.*1 applied/.test(row)), rows.join(' | '));
    assert.ok(rows.some((row) => /Acme_Loyalty.*1 pending/.test(row)), rows.join(' | '));
    // The icons the user tells them apart by: a tick for applied, an empty circle for pending.
    assert.equal(await pane.locator('.monaco-list-row', { hasText: 'CreateAcmeProductBadge' }).locator('.codicon-pass').count(), 1);
    assert.equal(await pane.locator('.monaco-list-row', { hasText: 'AddLoyaltyTierToCustomerPoints' }).locator('.codicon-circle-large-outline').count(), 1);
    // The view's description names the environment it shows.
    assert.match(await pane.locator('.pane-header').innerText(), /staging/);
    await ui.widenSideBar();
    await ui.screenshot('migrations-view');
  });
});
