// VS Code glue: starts the language server, shows its state in the status bar, and hosts the
// commands, the Migrations and Deploys views and the migration CodeLenses. No analysis here: the server (and
// client/src/engine for actions) does the work.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { SELECT_RANGE_COMMAND, STATUS_NOTIFICATION, type StatusParams } from '../../server/src/protocol';
import { registerMigrationCodeLens } from './codeLens/migrationCodeLens';
import type { MigrationTarget } from './codeLens/migrationLensModel';
import { COMMANDS, DEPLOY_OUTPUT_LANGUAGE, DEPLOYS_VIEW, MIGRATIONS_VIEW, SETTINGS } from './commandIds';
import { createMigration } from './commands/createMigration';
import { clearDatabasePassword, setDatabasePassword } from './commands/databasePassword';
import { deploy, rollbackDeploy, type DeployCommandOptions } from './commands/deploy';
import { migrate, migrateToHere, rollback, rollbackToHere, type MigrateOptions, type RollbackOptions } from './commands/migrate';
import { openConfig } from './commands/openConfig';
import { selectEnvironment } from './commands/selectEnvironment';
import { readEnvironmentStatus } from './engine/environmentStatus';
import type { MigrationStyle } from './engine/migrationScaffold';
import { DeployActivity } from './deployActivity';
import { EnvironmentSelection } from './environmentSelection';
import { EnvironmentStatusBar } from './environmentStatusBar';
import type { ExtensionServices } from './extensionServices';
import { MigrationStatusStore, type MigrationStatusState } from './migrationStatusStore';
import { DatabasePasswords } from './secrets';
import { registerSetupModuleSync } from './setupModuleSync';
import { CheckStatusBar } from './statusBar';
import { registerDeploysTree } from './views/deploysTree';
import { registerMigrationsTree } from './views/migrationsTree';
import { WorkspaceProject } from './workspaceProject';

/** What activate() returns, for the VS Code test suite (`extension.exports`). */
export interface MagentoZddApi {
  /** The selected environment's status as the tree, CodeLens and status bar show it. */
  migrationStatus(): MigrationStatusState;
}

let client: LanguageClient | undefined;

const CHECKED_FILES = ['**/etc/{module.xml,db_schema.xml,db_schema_whitelist.json}', '**/etc/migrations/*.php', '**/app/etc/config.php'];

export async function activate(context: vscode.ExtensionContext): Promise<MagentoZddApi> {
  const output = vscode.window.createOutputChannel('Magento ZDD', { log: true });
  const statusBar = new CheckStatusBar();
  context.subscriptions.push(output, statusBar);
  const services = createServices(context);

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
    registerSetupModuleSync(client, services.status),
  );
  registerMigrationFeatures(context, services);
  await vscode.commands.executeCommand('setContext', 'magentoZdd.active', true);
  // Not awaited and never interactive: start-up must not wait for a database or ask for a password.
  void services.status.refresh({ automatic: true });
  await client.start();
  return { migrationStatus: () => services.status.state };
}

function createServices(context: vscode.ExtensionContext): ExtensionServices {
  const project = new WorkspaceProject();
  const selection = new EnvironmentSelection(context.workspaceState);
  const passwords = new DatabasePasswords(context.secrets);
  const status = new MigrationStatusStore({
    choose: () => {
      const loaded = project.load();
      return { root: loaded.root, choice: selection.choose(loaded) };
    },
    read: (environment, interactive) => readEnvironmentStatus(project.load(), environment, { secrets: passwords.provider({ ask: interactive }) }),
    refreshSeconds: () => Math.max(0, vscode.workspace.getConfiguration().get<number>(SETTINGS.statusRefreshSeconds, 60)),
  });
  const phinxOutput = vscode.window.createOutputChannel('Magento ZDD: Phinx');
  const deployOutput = vscode.window.createOutputChannel('Magento ZDD: Deploy', DEPLOY_OUTPUT_LANGUAGE);
  const deploys = new DeployActivity();
  context.subscriptions.push(phinxOutput, deployOutput, deploys, { dispose: () => status.dispose() });
  return { project, selection, passwords, status, phinxOutput, phinxRunning: false, deployOutput, deploys };
}

/** Commands of issue 4, the Migrations view, CodeLens, the environment status bar item and the watchers that refresh them. */
function registerMigrationFeatures(context: vscode.ExtensionContext, services: ExtensionServices): void {
  // Menus pass what they point at (a Uri, a tree node, then the multi-selection as an array); only the
  // argument shapes a command understands get through.
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const options = <T>(value: unknown): T | undefined => (value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof vscode.Uri) ? (value as T) : undefined);
  const target = (value: unknown): MigrationTarget | vscode.Uri | undefined =>
    value instanceof vscode.Uri ? value : value !== null && typeof value === 'object' && typeof (value as MigrationTarget).version === 'string' ? (value as MigrationTarget) : undefined;
  const register = (id: string, handler: (...args: unknown[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, handler));

  register(COMMANDS.selectEnvironment, (environment) => selectEnvironment(services, environment === null ? null : text(environment)));
  register(COMMANDS.setDatabasePassword, (environment, password) => setDatabasePassword(services, text(environment), text(password)));
  register(COMMANDS.clearDatabasePassword, (environment) => clearDatabasePassword(services, text(environment)));
  register(COMMANDS.createMigration, (module, className, style) => createMigration(services, text(module), text(className), text(style) as MigrationStyle | undefined));
  register(COMMANDS.refreshMigrations, () => services.status.refresh({ interactive: true }));
  register(COMMANDS.migrate, (given) => migrate(services, options<MigrateOptions>(given)));
  register(COMMANDS.migrateDryRun, (given) => migrate(services, { ...options<MigrateOptions>(given), dryRun: true }));
  register(COMMANDS.rollback, (given) => rollback(services, options<RollbackOptions>(given)));
  // Without options the user still picks how far back.
  register(COMMANDS.rollbackDryRun, (given) => rollback(services, { pickTarget: given === undefined, ...options<RollbackOptions>(given), dryRun: true }));
  register(COMMANDS.migrateToHere, (at, given) => migrateToHere(services, target(at), options<MigrateOptions>(given)));
  register(COMMANDS.rollbackToHere, (at, given) => rollbackToHere(services, target(at), options<RollbackOptions>(given)));
  register(COMMANDS.showPhinxOutput, () => services.phinxOutput.show());
  register(COMMANDS.openConfig, (create) => openConfig(services, typeof create === 'boolean' ? create : undefined));
  register(COMMANDS.deploy, (given) => deploy(services, options<DeployCommandOptions>(given)));
  register(COMMANDS.rollbackDeploy, (given) => rollbackDeploy(services, options<DeployCommandOptions>(given)));
  register(COMMANDS.showDeployOutput, () => services.deployOutput.show());
  const deploysTree = registerDeploysTree(services, DEPLOYS_VIEW);
  context.subscriptions.push(deploysTree.disposable);
  register(COMMANDS.refreshDeploys, () => deploysTree.provider.refresh());

  context.subscriptions.push(registerMigrationsTree(services, MIGRATIONS_VIEW), registerMigrationCodeLens(services), new EnvironmentStatusBar(services.status));

  // Project files change what the status means; migration files change which migrations exist.
  const projectFiles = vscode.workspace.createFileSystemWatcher('**/{magento-zdd.json,phinx.php,composer.lock,app/etc/env.php}');
  const migrationFiles = vscode.workspace.createFileSystemWatcher('**/etc/migrations/*.php', false, true, false);
  const projectChanged = () => {
    services.project.invalidate();
    services.status.refreshSoon();
    void updateDeployContext(services);
  };
  void updateDeployContext(services);
  context.subscriptions.push(
    projectFiles,
    migrationFiles,
    projectFiles.onDidCreate(projectChanged),
    projectFiles.onDidChange(projectChanged),
    projectFiles.onDidDelete(projectChanged),
    migrationFiles.onDidCreate(() => services.status.refreshSoon()),
    migrationFiles.onDidDelete(() => services.status.refreshSoon()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(SETTINGS.environment) || event.affectsConfiguration(SETTINGS.statusRefreshSeconds)) void services.status.refresh({ automatic: true });
    }),
  );
}

/** `magentoZdd.deployConfigured`: some environment has deploy settings, so Deploy and Roll Back Deploy apply. */
async function updateDeployContext(services: ExtensionServices): Promise<void> {
  let configured = false;
  try {
    const project = services.project.load();
    configured = Object.values(project.config.environments).some((environment) => environment.deploy !== undefined);
  } catch {
    // An invalid magento-zdd.json hides the deploy commands; the language server reports the file.
  }
  await vscode.commands.executeCommand('setContext', 'magentoZdd.deployConfigured', configured);
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
