// VS Code glue: "Magento ZDD: Migrate" / "Roll Back" (and their dry runs, and "Migrate to here" /
// "Roll back to here" from CodeLens and the tree). Asks what is missing, lets the engine decide
// (status, the pre-migrate check, phinx's argv), runs phinx with its output streamed to
// "Magento ZDD: Phinx" and per-migration progress in a cancellable notification, then re-reads the
// status. Error findings in the pending migrations stop a migrate unless the user overrides (logged);
// a rollback on a production environment needs the environment's name typed.
import * as vscode from 'vscode';
import { describeMigrationFile, isMigrationPath } from '../../../server/src/analysis/migrations/migrationFiles';
import { phinxSemantics } from '../../../server/src/analysis/phinx/naming';
import type { ProjectModel } from '../../../server/src/analysis/project';
import type { MigrationTarget } from '../codeLens/migrationLensModel';
import { COMMANDS } from '../commandIds';
import { resolveEnvironment, type ResolvedEnvironment } from '../engine/environments';
import { checkPendingMigrations } from '../engine/migrateGate';
import { pendingUpTo, readMigrationStatus, rollbackCount, rollbackTargetFor, type MigrationStatusReport } from '../engine/migrationStatus';
import { buildPhinxArgv, runPhinx, type PhinxRequest, type PhinxRunResult } from '../engine/phinxRunner';
import type { ExtensionServices } from '../extensionServices';
import { userMessageOf } from '../workspaceProject';
import { expectedRollbackCount, findingLine, gateSummary, PhinxProgressText, rollbackChoices } from './phinxRunText';
import { productionConfirmationProblem, productionConfirmationPrompt } from './productionConfirmation';
import { pickEnvironmentFor } from './environmentPick';

export interface MigrateOptions {
  /** Default: the selected environment (a pick when none is). */
  environment?: string;
  /** `migrate -t`: up to and including this version. */
  target?: string;
  dryRun?: boolean;
  /** Error findings (or an unreadable status) and still run: true runs (logged), false stops; undefined asks. */
  allowUnsafe?: boolean;
}

export interface RollbackOptions {
  environment?: string;
  /** `rollback -t` (0 = everything); undefined = the last migration. Without any options the user picks. */
  target?: string;
  dryRun?: boolean;
  /** For a production environment: its name, as the user would type it; undefined asks. */
  confirm?: string;
  /** Ask how far back (a quick pick from a fresh status); the default when no options are given at all. */
  pickTarget?: boolean;
}

export type PhinxCommandResult =
  | { status: 'not-started'; reason: 'cancelled' | 'refused' | 'blocked' | 'busy'; message: string }
  | { status: 'ran'; environment: string; result: PhinxRunResult };

type Request = Extract<PhinxRequest, { command: 'migrate' | 'rollback' }>;

interface Prepared {
  project: ProjectModel;
  environment: ResolvedEnvironment;
}

function notStarted(reason: Extract<PhinxCommandResult, { status: 'not-started' }>['reason'], message: string, show = true): PhinxCommandResult {
  if (show && reason !== 'cancelled') void vscode.window.showErrorMessage(`Magento ZDD: ${message}`);
  return { status: 'not-started', reason, message };
}

/** The project and environment, with the request checked (phinx found, target a version) before anything runs. */
async function prepare(services: ExtensionServices, environmentName: string | undefined, request: Request): Promise<Prepared | PhinxCommandResult> {
  const picked = await pickEnvironmentFor(services, { given: environmentName, useSelected: true, placeHolder: `Run phinx ${request.command} on which environment?` });
  if (picked.status === 'cancelled') return notStarted('cancelled', 'no environment was picked.');
  if (picked.status === 'refused') return notStarted('refused', picked.message);
  const { project, name } = picked;
  try {
    const environment = resolveEnvironment(project, name);
    buildPhinxArgv(project, environment, request);
    return { project, environment };
  } catch (error) {
    return notStarted('refused', userMessageOf(error));
  }
}

export async function migrate(services: ExtensionServices, options: MigrateOptions = {}): Promise<PhinxCommandResult> {
  const request: Request = { command: 'migrate', target: options.target, dryRun: options.dryRun === true };
  const prepared = await prepare(services, options.environment, request);
  if (!('project' in prepared)) return prepared;
  const { project, environment } = prepared;
  const log = services.phinxOutput;

  let pendingFiles: string[] | undefined;
  try {
    const report = await readMigrationStatus(project, environment.name, { secrets: services.passwords.provider({ ask: true }) });
    pendingFiles = pendingUpTo(report, options.target).flatMap((entry) => (entry.file ? [entry.file] : []));
  } catch (error) {
    const message = userMessageOf(error);
    log.appendLine(`[magento-zdd] the status of "${environment.name}" could not be read, so the pending migrations are not checked: ${message}`);
    if (!request.dryRun) {
      const proceed = await decide(options.allowUnsafe, `${message} Without the status the pending migrations cannot be checked before they run.`, 'Migrate without the check');
      if (!proceed) return notStarted('blocked', `migrate on "${environment.name}" did not start: ${message}`, options.allowUnsafe !== undefined);
      log.appendLine(`[magento-zdd] migrating "${environment.name}" without checking the pending migrations (${options.allowUnsafe ? 'allowUnsafe' : 'the user chose "Migrate without the check"'}).`);
    }
  }

  if (pendingFiles !== undefined) {
    const gate = await checkPendingMigrations(project, pendingFiles);
    for (const finding of [...gate.blocking, ...gate.other]) log.appendLine(`[magento-zdd] ${findingLine(finding)}`);
    if (gate.blocking.length > 0) {
      const summary = gateSummary(gate, environment.name);
      if (request.dryRun) {
        log.appendLine(`[magento-zdd] ${summary} A real migrate would stop here; the dry run continues.`);
      } else {
        log.show(true);
        const proceed = await decide(options.allowUnsafe, `${summary} Fix them or suppress each with a reason (// zdd-ignore <rule>: <why>); the findings are in the "Magento ZDD: Phinx" output and the Problems panel.`, 'Migrate anyway');
        if (!proceed) {
          log.appendLine(`[magento-zdd] migrate on "${environment.name}" did not start: ${summary}`);
          return notStarted('blocked', `migrate did not start: ${summary}`, options.allowUnsafe !== undefined);
        }
        // Who overrode what stays on record next to phinx's output.
        log.appendLine(`[magento-zdd] ${new Date().toISOString()} migrating "${environment.name}" despite ${gate.blocking.length} error finding(s): ${options.allowUnsafe ? 'allowUnsafe was passed' : 'the user chose "Migrate anyway"'}.`);
      }
    }
  }
  return runWithProgress(services, prepared, request, pendingFiles?.length);
}

export async function rollback(services: ExtensionServices, options?: RollbackOptions): Promise<PhinxCommandResult> {
  const given = options ?? {};
  const request: Request = { command: 'rollback', target: given.target, dryRun: given.dryRun === true };
  const prepared = await prepare(services, given.environment, request);
  if (!('project' in prepared)) return prepared;
  const { project, environment } = prepared;

  let expected: number | undefined;
  if (options === undefined || options.pickTarget === true) {
    // From the palette: the user picks how far back, from a fresh status.
    let report: MigrationStatusReport | undefined;
    try {
      report = await readMigrationStatus(project, environment.name, { secrets: services.passwords.provider({ ask: true }) });
    } catch (error) {
      services.phinxOutput.appendLine(`[magento-zdd] the status of "${environment.name}" could not be read; rolling back the last migration: ${userMessageOf(error)}`);
    }
    if (report) {
      const choices = rollbackChoices(report);
      if (choices.length === 0) {
        void vscode.window.showInformationMessage(`Magento ZDD: no migration is applied on "${environment.name}"; there is nothing to roll back.`);
        return notStarted('refused', `no migration is applied on "${environment.name}".`, false);
      }
      const picked = await vscode.window.showQuickPick(
        choices.map((choice) => ({ label: choice.label, description: choice.description, choice })),
        { title: `Magento ZDD: Roll Back "${environment.name}"${request.dryRun ? ' (dry run)' : ''}`, placeHolder: 'How far back?', ignoreFocusOut: true },
      );
      if (!picked) return notStarted('cancelled', 'no rollback target was picked.');
      request.target = picked.choice.target;
      expected = picked.choice.count;
    }
  } else {
    expected = expectedRollbackCount(readyReport(services, environment.name), request.target);
  }

  if (environment.production && !request.dryRun) {
    const what = request.target === undefined ? 'rolling back the last migration' : request.target === '0' ? 'rolling back every migration' : `rolling back to ${request.target}`;
    const confirmed = given.confirm ?? (await vscode.window.showInputBox({
      title: `Magento ZDD: Roll Back "${environment.name}"`,
      prompt: productionConfirmationPrompt(environment.name, what),
      placeHolder: environment.name,
      ignoreFocusOut: true,
      validateInput: (value) => productionConfirmationProblem(environment.name, value),
    }));
    if (confirmed === undefined) return notStarted('cancelled', 'the production rollback was not confirmed.');
    const problem = productionConfirmationProblem(environment.name, confirmed);
    if (problem) return notStarted('refused', `rollback on "${environment.name}" did not start: ${problem}`);
  }
  return runWithProgress(services, prepared, request, expected);
}

export async function migrateToHere(services: ExtensionServices, target?: MigrationTarget | vscode.Uri, options: Omit<MigrateOptions, 'target'> = {}): Promise<PhinxCommandResult> {
  const version = versionOf(services, target);
  if (typeof version !== 'string') return version;
  return migrate(services, { ...options, target: version });
}

export async function rollbackToHere(services: ExtensionServices, target?: MigrationTarget | vscode.Uri, options: Omit<RollbackOptions, 'target'> = {}): Promise<PhinxCommandResult> {
  const version = versionOf(services, target);
  if (typeof version !== 'string') return version;
  let project: ProjectModel;
  let environment: string | undefined;
  try {
    project = services.project.load();
    environment = options.environment ?? services.selection.choose(project).name;
  } catch (error) {
    return notStarted('refused', userMessageOf(error));
  }
  if (environment === undefined) return notStarted('refused', 'select an environment first ("Magento ZDD: Select Environment").');
  let report: MigrationStatusReport;
  try {
    report = await readMigrationStatus(project, environment, { secrets: services.passwords.provider({ ask: true }) });
  } catch (error) {
    return notStarted('refused', userMessageOf(error));
  }
  const rollbackTarget = rollbackTargetFor(report, version);
  if (rollbackTarget === undefined) return notStarted('refused', `migration ${version} is not applied on "${environment}", so there is nothing to roll back to it.`);
  services.phinxOutput.appendLine(`[magento-zdd] rolling back to before ${version}: ${rollbackCount(report, rollbackTarget)} migration(s), phinx rollback -t ${rollbackTarget}.`);
  return rollback(services, { ...options, environment, target: rollbackTarget });
}

/** The version of a tree item, a CodeLens argument, a file, or the active editor's migration. */
function versionOf(services: ExtensionServices, target: MigrationTarget | vscode.Uri | undefined): string | PhinxCommandResult {
  if (target !== undefined && !(target instanceof vscode.Uri) && typeof target.version === 'string') return target.version;
  const uri = target instanceof vscode.Uri ? target : vscode.window.activeTextEditor?.document.uri;
  if (!uri) return notStarted('refused', 'open a migration file (or use the Migrations view) to pick the migration.');
  try {
    const project = services.project.load();
    const path = services.project.projectPath(uri);
    const version = path !== undefined && isMigrationPath(project, path) ? describeMigrationFile(path, phinxSemantics(project.composer.phinxVersion)).version : undefined;
    if (version === undefined) return notStarted('refused', `${path ?? uri.fsPath} is not a Phinx migration of this project (a YYYYMMDDHHMMSS_name.php in a folder phinx.php scans).`);
    return version;
  } catch (error) {
    return notStarted('refused', userMessageOf(error));
  }
}

function readyReport(services: ExtensionServices, environment: string): MigrationStatusReport | undefined {
  const state = services.status.state;
  return state.kind === 'ready' && state.environment === environment ? state.status.migrations : undefined;
}

/** `allowUnsafe` decides when given; otherwise a modal asks. */
async function decide(allowUnsafe: boolean | undefined, message: string, proceed: string): Promise<boolean> {
  if (allowUnsafe !== undefined) return allowUnsafe;
  const answer = await vscode.window.showWarningMessage(`Magento ZDD: ${message}`, { modal: true }, proceed);
  return answer === proceed;
}

async function runWithProgress(services: ExtensionServices, { project, environment }: Prepared, request: Request, expected: number | undefined): Promise<PhinxCommandResult> {
  if (services.phinxRunning) return notStarted('busy', 'phinx is already running; wait for it to finish (or cancel it) first.');
  services.phinxRunning = true;
  const log = services.phinxOutput;
  const dry = request.dryRun ? ' (dry run)' : '';
  let result: PhinxRunResult;
  try {
    log.show(true);
    log.appendLine(`[magento-zdd] ${new Date().toISOString()} ${buildPhinxArgv(project, environment, request).join(' ')}`);
    result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Phinx ${request.command} "${environment.name}"${dry}`, cancellable: true },
      async (progress, token) => {
        const controller = new AbortController();
        const cancel = token.onCancellationRequested(() => controller.abort());
        const text = new PhinxProgressText(expected);
        try {
          return await runPhinx(project, environment, request, {
            signal: controller.signal,
            onOutput: (chunk) => log.append(chunk),
            onProgress: (event) => progress.report(text.next(event)),
          });
        } finally {
          cancel.dispose();
        }
      },
    );
  } catch (error) {
    return notStarted('refused', userMessageOf(error));
  } finally {
    services.phinxRunning = false;
  }
  log.appendLine(`[magento-zdd] ${result.summary}`);
  // Even a failed or cancelled run may have changed phinxlog: show what is there now.
  await services.status.refresh({ interactive: false });
  const showOutput = 'Show Output';
  const shown =
    result.outcome === 'succeeded'
      ? vscode.window.showInformationMessage(`Magento ZDD: ${result.summary}`)
      : result.outcome === 'cancelled'
        ? vscode.window.showWarningMessage(`Magento ZDD: ${result.summary}`, showOutput)
        : vscode.window.showErrorMessage(`Magento ZDD: ${result.summary}`, showOutput);
  // Not awaited: the command's result must not wait for the user to dismiss the notification.
  void Promise.resolve(shown).then((answer) => answer === showOutput && vscode.commands.executeCommand(COMMANDS.showPhinxOutput));
  return { status: 'ran', environment: environment.name, result };
}
