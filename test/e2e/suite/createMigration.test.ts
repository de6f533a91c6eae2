// VS Code suite: "Magento ZDD: Create Migration": the prompts answered in the UI as a user would, a
// clash refused in the input box, and the argument form that asks nothing. A created file must be one
// Phinx can load (php -l) and the project check must stay clean with it.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { waitFor } from '../lib/wait';
import { activeExtension, EXTENSION_ID, revertAndCloseAll, shopUri } from './shop';
import { workbench } from './workbench';

const COMMAND = 'magentoZdd.createMigration';

/** The fields of the command's result this suite reads (client/src/engine/migrationScaffold.ts). */
interface CreatedMigration {
  path: string;
  absolutePath: string;
  className: string;
}

const created: string[] = [];

function assertValidMigration(migration: CreatedMigration, className: string, folder: string, snakeName: string): void {
  assert.equal(migration.className, className);
  assert.match(migration.path, new RegExp(`^${folder}/\\d{14}_${snakeName}\\.php$`));
  const source = readFileSync(migration.absolutePath, 'utf8');
  assert.match(source, new RegExp(`class ${className} extends Migration`));
  // The sample shop uses MX_PhinxMigrations, which wants up() and down().
  assert.match(source, /public function up\(\)/);
  assert.match(source, /public function down\(\)/);
  const lint = spawnSync('php', ['-l', migration.absolutePath], { encoding: 'utf8' });
  assert.equal(lint.status, 0, `php -l: ${lint.stdout}${lint.stderr}`);
}

/** The CLI's check over the whole shop: the new file breaks no naming or uniqueness rule. */
function assertShopChecksClean(): void {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension);
  const shop = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  assert.ok(shop);
  const check = spawnSync(process.execPath, [join(extension.extensionPath, 'dist', 'cli.js'), 'check', shop, '--fail-on', 'warning'], { encoding: 'utf8', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
  assert.equal(check.status, 0, `magento-zdd check: ${check.stdout}${check.stderr}`);
}

suite('Create Migration', () => {
  suiteSetup(activeExtension);

  suiteTeardown(async () => {
    await revertAndCloseAll();
    for (const path of created) await vscode.workspace.fs.delete(shopUri(path));
  });

  test('the module quick pick and the class-name input, answered in the UI, create the migration and open it', async () => {
    const ui = await workbench();
    // A tidy Explorer behind the prompt for the screenshot.
    await vscode.commands.executeCommand('workbench.files.action.collapseExplorerFolders');
    const running = vscode.commands.executeCommand<CreatedMigration | undefined>(COMMAND);

    const quickInput = ui.page.locator('.quick-input-widget:visible');
    await waitFor('the module quick pick', async () => (await quickInput.count()) > 0 && (await quickInput.innerText()).includes('Acme_Loyalty'), {
      describe: async () => ((await quickInput.count()) > 0 ? quickInput.innerText() : 'no quick input'),
    });
    assert.match(await quickInput.innerText(), /Create Migration \(1\/2\)/);
    // Both bespoke modules are offered, with where their migrations go.
    const rows = await quickInput.locator('.monaco-list-row').allInnerTexts();
    assert.ok(rows.some((row) => row.includes('Acme_Catalog') && row.includes('app/code/Acme/Catalog/etc/migrations')), rows.join(' | '));
    await ui.screenshot('create-migration');
    await quickInput.locator('input').fill('Acme_Loyalty');
    await waitFor('Acme_Loyalty to be the only choice left', async () => (await quickInput.locator('.monaco-list-row').allInnerTexts()).every((row) => row.includes('Acme_Loyalty')));
    await ui.pressKey('Enter');

    await waitFor('the class-name input', async () => (await quickInput.innerText()).includes('Create Migration (2/2)'));
    await quickInput.locator('input').fill('AddLoyaltyExpiryToCustomerPoints');
    await ui.pressKey('Enter');

    const migration = await running;
    assert.ok(migration, 'the command created a migration');
    created.push(migration.path);
    assertValidMigration(migration, 'AddLoyaltyExpiryToCustomerPoints', 'src/Acme/Loyalty/etc/migrations', 'add_loyalty_expiry_to_customer_points');
    const editor = await waitFor('the new migration in the active editor', () => vscode.window.activeTextEditor?.document.uri.fsPath === migration.absolutePath && vscode.window.activeTextEditor);
    // The cursor waits inside up(), where the user writes the change.
    const up = editor.document.getText().indexOf('public function up()');
    assert.ok(editor.document.offsetAt(editor.selection.active) > up, 'the cursor is inside up()');
    assertShopChecksClean();
  });

  test('a class name another migration already has is refused in the input box', async () => {
    const ui = await workbench();
    const running = vscode.commands.executeCommand<CreatedMigration | undefined>(COMMAND, 'Acme_Catalog');
    const quickInput = ui.page.locator('.quick-input-widget:visible');
    await waitFor('the class-name input', async () => (await quickInput.count()) > 0 && (await quickInput.innerText()).includes('Create Migration (2/2)'));
    await quickInput.locator('input').fill('AddLoyaltyTierToCustomerPoints');
    await waitFor('the clash to be reported under the input', async () => (await quickInput.innerText()).includes('a migration class named AddLoyaltyTierToCustomerPoints already exists'), {
      describe: () => quickInput.innerText(),
    });
    // Enter is refused while the message stands; had it been taken, the command would return a migration.
    await ui.pressKey('Enter');
    await ui.pressKey('Escape');
    assert.equal(await running, undefined);
  });

  test('with module and class name as arguments it asks nothing and creates the file', async () => {
    const migration = await vscode.commands.executeCommand<CreatedMigration | undefined>(COMMAND, 'Acme_Catalog', 'AddColorToAcmeProductBadge');
    assert.ok(migration, 'the command created a migration');
    created.push(migration.path);
    assertValidMigration(migration, 'AddColorToAcmeProductBadge', 'app/code/Acme/Catalog/etc/migrations', 'add_color_to_acme_product_badge');
    assert.equal(await (await workbench()).page.locator('.quick-input-widget:visible').count(), 0, 'no prompt was shown');
    assertShopChecksClean();
  });
});
