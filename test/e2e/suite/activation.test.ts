// VS Code suite: the extension starts by itself on a Magento project and says so in the status bar.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor } from '../lib/wait';
import { activeExtension, EXTENSION_ID } from './shop';
import { workbench } from './workbench';

suite('Activation on the sample shop', () => {
  test('activates without being asked and registers its commands', async () => {
    await activeExtension();
    const commands = await vscode.commands.getCommands(true);
    for (const command of ['magentoZdd.showOutput', 'magentoZdd.restartServer']) {
      assert.ok(commands.includes(command), `${command} is registered`);
    }
  });

  test('the status bar shows a clean check of the committed shop', async () => {
    await activeExtension();
    const item = (await workbench()).statusBarItem(EXTENSION_ID, 'magentoZdd.status');
    // "$(check) ZDD" once the first check is done (a spinning "$(sync~spin) ZDD" before).
    await waitFor('the status bar item to show a finished, clean check', async () => (await item.locator('.codicon-check').count()) > 0, {
      timeoutMs: 30_000,
      describe: async () => (await item.count()) === 0 ? 'no status bar item' : `"${await item.innerText()}" ${await item.innerHTML()}`,
    });
    assert.equal((await item.innerText()).trim(), 'ZDD');
    assert.match((await item.getAttribute('aria-label')) ?? '', /ZDD/);
  });
});
