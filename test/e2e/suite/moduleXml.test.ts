// VS Code suite: a changed setup_version in module.xml, as the user meets it: squiggle, hover, Problems
// panel, status bar, and the quick fix that puts the committed version back.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor } from '../lib/wait';
import { activeExtension, EXTENSION_ID, openShopFile, placeCursor, replaceInEditor, revertAndCloseAll, waitForNoRuleDiagnostic, waitForRuleDiagnostic } from './shop';
import { workbench } from './workbench';

const MODULE_XML = 'src/Acme/Loyalty/etc/module.xml';
const RULE = 'setup-version-changed';
const REVERT_TITLE = 'Revert setup_version to 1.4.2';

async function editSetupVersion(): Promise<{ editor: vscode.TextEditor; diagnostic: vscode.Diagnostic }> {
  await activeExtension();
  const editor = await openShopFile(MODULE_XML);
  await replaceInEditor(editor, 'setup_version="1.4.2"', 'setup_version="1.5.0"');
  const diagnostic = await waitForRuleDiagnostic(editor.document.uri, RULE);
  return { editor, diagnostic };
}

suite('module.xml: a changed setup_version', () => {
  teardown(revertAndCloseAll);

  test('shows an error squiggle, a hover and a Problems panel entry', async () => {
    const { editor, diagnostic } = await editSetupVersion();
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.match(diagnostic.message, /setup_version of Acme_Loyalty changed from 1\.4\.2 to 1\.5\.0 \(against HEAD\)/);
    assert.equal(editor.document.getText(diagnostic.range), '1.5.0');

    const ui = await workbench();
    await waitFor('an error squiggle in the editor', async () => (await ui.squiggles('error').count()) > 0);

    placeCursor(editor, diagnostic.range.start.translate(0, 1));
    await vscode.commands.executeCommand('editor.action.showHover');
    const hover = ui.visibleHover();
    await waitFor('the hover to explain the rule', async () => (await hover.count()) > 0 && (await hover.first().innerText()).includes(RULE));
    assert.match(await hover.first().innerText(), /Please upgrade your database/);
    await ui.growHoverToShow('Rule documentation: the safe way');
    await ui.screenshot('module-xml-hover');
    await ui.pressKey('Escape');

    await vscode.commands.executeCommand('workbench.actions.view.problems');
    const row = await waitFor('the error in the Problems panel', async () => (await ui.problemRows()).find((text) => text.includes('changed from 1.4.2 to 1.5.0')), {
      describe: async () => JSON.stringify(await ui.problemRows()),
    });
    assert.match(row, new RegExp(RULE));
    // The status bar counts it too: "$(error) ZDD 1".
    const status = ui.statusBarItem(EXTENSION_ID, 'magentoZdd.status');
    await waitFor('the status bar to count one error', async () => (await status.locator('.codicon-error').count()) > 0 && (await status.innerText()).trim() === 'ZDD 1', {
      describe: async () => status.innerText(),
    });
    await ui.screenshot('problems-panel');
    await vscode.commands.executeCommand('workbench.action.closePanel');
  });

  test(`the quick fix "${REVERT_TITLE}" clears the error`, async () => {
    const { editor, diagnostic } = await editSetupVersion();
    const ui = await workbench();

    // The lightbulb menu a user opens with Ctrl+. on the squiggle.
    placeCursor(editor, diagnostic.range.start.translate(0, 1));
    await vscode.commands.executeCommand('editor.action.quickFix');
    const menu = ui.page.locator('.action-widget:visible');
    await waitFor('the quick-fix menu to offer the revert', async () => (await menu.count()) > 0 && (await menu.innerText()).includes(REVERT_TITLE), {
      describe: async () => ((await menu.count()) > 0 ? menu.innerText() : 'no menu'),
    });
    await ui.screenshot('quick-fix');
    await ui.pressKey('Escape');

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
    const revert = actions.find((action) => action.title === REVERT_TITLE);
    assert.ok(revert, `offered: ${actions.map((action) => action.title).join(', ')}`);
    assert.equal(revert.isPreferred, true, 'the revert is the preferred fix (Shift+Alt+. applies it)');
    assert.ok(revert.edit, 'the fix is an edit');
    assert.ok(await vscode.workspace.applyEdit(revert.edit));

    assert.match(editor.document.getText(), /setup_version="1\.4\.2"/);
    await waitForNoRuleDiagnostic(editor.document.uri, RULE);
    const status = ui.statusBarItem(EXTENSION_ID, 'magentoZdd.status');
    await waitFor('the status bar to show a clean check again', async () => (await status.locator('.codicon-check').count()) > 0, { describe: async () => status.innerText() });
  });
});
