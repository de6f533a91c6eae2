// VS Code glue: starts the language server, shows its state in the status bar, and hosts the
// commands. No analysis here: the server (and client/src/engine for actions) does the work.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { SELECT_RANGE_COMMAND, STATUS_NOTIFICATION, type StatusParams } from '../../server/src/protocol';
import { CheckStatusBar } from './statusBar';

let client: LanguageClient | undefined;

const CHECKED_FILES = ['**/etc/{module.xml,db_schema.xml,db_schema_whitelist.json}', '**/etc/migrations/*.php', '**/app/etc/config.php'];

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Magento ZDD', { log: true });
  const statusBar = new CheckStatusBar();
  context.subscriptions.push(output, statusBar);

  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    // What the server checks: module and declarative-schema files, Phinx migrations, the module list.
    documentSelector: CHECKED_FILES.map((pattern) => ({ scheme: 'file', pattern })),
    synchronize: {
      fileEvents: [...CHECKED_FILES, '**/{magento-zdd.json,phinx.php,composer.lock}'].map((pattern) => vscode.workspace.createFileSystemWatcher(pattern)),
    },
    outputChannel: output,
  };
  client = new LanguageClient('magentoZdd', 'Magento ZDD', serverOptions, clientOptions);

  context.subscriptions.push(
    vscode.commands.registerCommand(SELECT_RANGE_COMMAND, selectRange),
    vscode.commands.registerCommand('magentoZdd.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('magentoZdd.restartServer', async () => {
      statusBar.show({ state: 'checking', errors: 0, warnings: 0, infos: 0, filesChecked: 0 });
      await client?.restart();
    }),
    client.onNotification(STATUS_NOTIFICATION, (params: StatusParams) => statusBar.show(params)),
  );
  await vscode.commands.executeCommand('setContext', 'magentoZdd.active', true);
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

/** Run by the suppression quick fix after its edit: puts the cursor on the placeholder reason. */
async function selectRange(uri: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }): Promise<void> {
  const editor = await vscode.window.showTextDocument(vscode.Uri.parse(uri));
  const selection = new vscode.Selection(range.start.line, range.start.character, range.end.line, range.end.character);
  editor.selection = selection;
  editor.revealRange(selection);
}
