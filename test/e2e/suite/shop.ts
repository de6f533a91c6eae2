// VS Code suite: the workspace is a temporary git copy of test/fixtures/sample-shop (the runner makes it,
// HEAD = the fixture), so the git baseline sees exactly the edits a scenario makes.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor } from '../lib/wait';

export const EXTENSION_ID = 'magento-zdd.magento-zdd';

export function shopUri(relativePath: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the sample shop is open as the workspace folder');
  return vscode.Uri.joinPath(folder.uri, ...relativePath.split('/'));
}

export async function activeExtension(): Promise<vscode.Extension<unknown>> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is installed in the test window`);
  // workspaceContains:**/etc/module.xml activates it on its own; waiting proves that, activate() would not.
  await waitFor(`${EXTENSION_ID} to activate`, () => extension.isActive, { timeoutMs: 30_000 });
  return extension;
}

/**
 * Opens a file in an editor as the Explorer does. Not workspace.openTextDocument: VS Code keeps a
 * document an extension opened alive for minutes after its editor closes, so closing would not reach
 * the language server (didClose) the way it does for a user.
 */
export async function openShopFile(relativePath: string): Promise<vscode.TextEditor> {
  const uri = shopUri(relativePath);
  await vscode.commands.executeCommand('vscode.open', uri, { preview: false });
  return waitFor(`an editor on ${relativePath}`, () => vscode.window.visibleTextEditors.find((editor) => editor.document.uri.toString() === uri.toString()));
}

/** The rule id of a diagnostic: the server sends it as a code with a documentation link. */
export function ruleOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  return typeof code === 'object' ? String(code.value) : code === undefined ? undefined : String(code);
}

export async function waitForRuleDiagnostic(uri: vscode.Uri, rule: string, timeoutMs = 20_000): Promise<vscode.Diagnostic> {
  return waitFor(`a ${rule} diagnostic on ${vscode.workspace.asRelativePath(uri)}`, () => vscode.languages.getDiagnostics(uri).find((diagnostic) => ruleOf(diagnostic) === rule), {
    timeoutMs,
    describe: () => describeDiagnostics(uri),
  });
}

export async function waitForNoRuleDiagnostic(uri: vscode.Uri, rule: string, timeoutMs = 20_000): Promise<void> {
  await waitFor(`no ${rule} diagnostic on ${vscode.workspace.asRelativePath(uri)}`, () => !vscode.languages.getDiagnostics(uri).some((diagnostic) => ruleOf(diagnostic) === rule), {
    timeoutMs,
    describe: () => describeDiagnostics(uri),
  });
}

function describeDiagnostics(uri: vscode.Uri): string {
  const diagnostics = vscode.languages.getDiagnostics(uri);
  const open = vscode.workspace.textDocuments.some((document) => document.uri.toString() === uri.toString());
  return `${open ? '(open) ' : ''}${diagnostics.length === 0 ? 'no diagnostics' : diagnostics.map((diagnostic) => `${ruleOf(diagnostic)}: ${diagnostic.message}`).join('; ')}`;
}

/** Replaces the first occurrence of `from` in the open document, as typing would (unsaved). */
export async function replaceInEditor(editor: vscode.TextEditor, from: string, to: string): Promise<vscode.Range> {
  const text = editor.document.getText();
  const offset = text.indexOf(from);
  assert.ok(offset >= 0, `${vscode.workspace.asRelativePath(editor.document.uri)} contains ${from}`);
  const range = new vscode.Range(editor.document.positionAt(offset), editor.document.positionAt(offset + from.length));
  assert.ok(await editor.edit((builder) => builder.replace(range, to)), 'the edit was applied');
  return new vscode.Range(range.start, editor.document.positionAt(offset + to.length));
}

/** Puts the cursor somewhere and scrolls it into view, as a click would. */
export function placeCursor(editor: vscode.TextEditor, position: vscode.Position): void {
  editor.selection = new vscode.Selection(position, position);
  editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

/** Drops unsaved edits and closes every editor, so the next scenario starts from the committed shop. */
export async function revertAndCloseAll(): Promise<void> {
  for (const document of vscode.workspace.textDocuments) {
    if (!document.isDirty) continue;
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** Waits until the extension host let go of a document whose editor closed (the server got didClose). */
export async function waitForDocumentReleased(uri: vscode.Uri): Promise<void> {
  await waitFor(`${vscode.workspace.asRelativePath(uri)} to be released`, () => !vscode.workspace.textDocuments.some((document) => document.uri.toString() === uri.toString()));
}
