// VS Code suite: magento-zdd.json is completed from the schema the extension contributes (jsonValidation),
// reached through "Magento ZDD: Open Configuration".
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor } from '../lib/wait';
import { activeExtension, placeCursor, revertAndCloseAll, shopUri } from './shop';
import { workbench } from './workbench';

function labelOf(item: vscode.CompletionItem): string {
  return (typeof item.label === 'string' ? item.label : item.label.label).replace(/"/g, '');
}

suite('magento-zdd.json: completion from the schema', () => {
  teardown(revertAndCloseAll);

  test('Open Configuration opens it and the schema offers the settings it does not have yet', async () => {
    await activeExtension();
    const opened = await vscode.commands.executeCommand<string | undefined>('magentoZdd.openConfig');
    const uri = shopUri('magento-zdd.json');
    assert.equal(opened, uri.fsPath);
    const editor = await waitFor('magento-zdd.json in the active editor', () => vscode.window.activeTextEditor?.document.uri.fsPath === uri.fsPath && vscode.window.activeTextEditor);

    // A new, empty property name on the line after "{", as a user starts typing one.
    assert.equal(editor.document.lineAt(0).text, '{');
    assert.ok(await editor.edit((builder) => builder.insert(new vscode.Position(1, 0), '  "",\n')));
    const inside = new vscode.Position(1, 3);
    // The JSON extension loads the schema lazily: the first answers may not have it yet.
    const labels = await waitFor(
      'completion of the schema properties',
      async () => {
        const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, inside);
        const found = list.items.map(labelOf);
        return found.includes('environments') && found;
      },
      { timeoutMs: 30_000 },
    );
    for (const property of ['environments', 'smallTables', 'rules']) assert.ok(labels.includes(property), `${property} offered; got ${labels.join(', ')}`);
    assert.ok(!labels.includes('baseline'), 'a property the file already has is not offered again');

    const ui = await workbench();
    await vscode.commands.executeCommand('workbench.files.action.collapseExplorerFolders');
    placeCursor(editor, inside);
    await vscode.commands.executeCommand('editor.action.triggerSuggest');
    const widget = ui.page.locator('.suggest-widget:visible');
    await waitFor('the suggest widget with "environments"', async () => (await widget.count()) > 0 && (await widget.innerText()).includes('environments'), {
      describe: async () => ((await widget.count()) > 0 ? widget.innerText() : 'no suggest widget'),
    });
    await ui.screenshot('config-completion');
    await ui.pressKey('Escape');
  });
});
