// VS Code glue: "Magento ZDD: Deploy..." and "Magento ZDD: Roll Back Deploy": pick an environment
// with deploy settings; a run still holding the lock elsewhere is reported as in progress; a run the
// engine finds unfinished (killed) must be resumed or rolled back to the recorded live colour first
// (the engine refuses a new run then), so that is the question asked; show the
// plan (output channel + modal listing the steps), confirm (a production environment wants its name
// typed), then the engine runs the blue-green deploy in a cancellable progress notification that
// follows the journal step by step. Cancel asks the engine to stop at its next safe point. The
// database password from the secret storage reaches the engine (and the PHP it starts) through
// options.env under the environment's passwordEnv name; it is never written anywhere. A failure is
// told with the engine's message and its next step (failureAdvice), the engine's notes go to the output.
import * as vscode from 'vscode';
import type { ProjectModel } from '../../../server/src/analysis/project';
import { COMMANDS } from '../commandIds';
import type { AuditEntry, UnfinishedRun } from '../engine/deploy/auditLog';
import { DeployError } from '../engine/deploy/deployError';
import { readDeployHistory } from '../engine/deploy/deployHistory';
import { describeAge, findRunInProgress, findUnfinishedRun, planDeploy, readRecordedLive, runDeploy, type DeployMode, type DeployResult, type PlannedStep } from '../engine/deploy/deployPipeline';
import { resolveDeploySettings, type DeploySettings } from '../engine/deploy/deploySettings';
import { resolveEnvironment } from '../engine/environments';
import type { ExtensionServices } from '../extensionServices';
import { userMessageOf } from '../workspaceProject';
import { CANCELLING_MESSAGE, DeployProgressText, entryLine, failureAdvice, nextStepLine, noteLine, planLines, resultMessage, unfinishedChoices, verbOf, type FailureAction, type UnfinishedAnswer } from './deployText';
import { pickEnvironmentFor } from './environmentPick';
import { productionConfirmationProblem } from './productionConfirmation';

export interface DeployCommandOptions {
  /** Default: a pick of the environments with deploy settings. */
  environment?: string;
  /** true: no plan confirmation (the plan is still written to the output); false: stop after the plan. */
  confirmed?: boolean;
  /** For a production environment: its name, as the user would type it; undefined asks. */
  confirm?: string;
  /** The answer when the journal holds an unfinished run (a new run is refused then); undefined asks. */
  unfinished?: UnfinishedAnswer;
}

export type DeployCommandResult =
  | { status: 'not-started'; reason: 'cancelled' | 'refused' | 'busy'; message: string }
  | { status: 'succeeded'; environment: string; mode: DeployMode; runId: string; release: string; colour: string; totalMs: number; progress: string[] }
  | { status: 'failed' | 'cancelled'; environment: string; mode: DeployMode; runId: string | undefined; problem: string | undefined; message: string; progress: string[] };

const SHOW_OUTPUT = 'Show Output';
/** The steps a resume does not run again when they succeeded (the lock, the live colour and the nodes always run). */
const RESUME_SKIPS = new Set(['gates', 'build', 'migrate', 'flush-new-cache']);

function notStarted(reason: 'cancelled' | 'refused' | 'busy', message: string): DeployCommandResult {
  if (reason !== 'cancelled') void vscode.window.showErrorMessage(`Magento ZDD: ${message}`);
  return { status: 'not-started', reason, message };
}

function hasDeploySettings(project: ProjectModel, name: string): boolean {
  try {
    return resolveEnvironment(project, name).config.deploy !== undefined;
  } catch {
    return false;
  }
}

export function deploy(services: ExtensionServices, options: DeployCommandOptions = {}): Promise<DeployCommandResult> {
  return deployOrRollBack(services, 'deploy', options);
}

export function rollbackDeploy(services: ExtensionServices, options: DeployCommandOptions = {}): Promise<DeployCommandResult> {
  return deployOrRollBack(services, 'rollback', options);
}

async function deployOrRollBack(services: ExtensionServices, requested: DeployMode, options: DeployCommandOptions): Promise<DeployCommandResult> {
  if (services.deploys.running) return notStarted('busy', `a deploy of "${services.deploys.running.environment}" is running in this window; wait for it to finish (or cancel it) first.`);
  const verb = verbOf(requested);
  const picked = await pickEnvironmentFor(services, {
    given: options.environment,
    title: verb === 'Deploy' ? 'Deploy' : 'Roll Back Deploy',
    placeHolder: requested === 'rollback' ? 'Roll back the deploy of which environment (to its previous release)?' : 'Deploy which environment (blue-green, rolling)?',
    filter: { accepts: hasDeploySettings, why: 'has no "deploy" settings in magento-zdd.json (environments.<name>.deploy)' },
  });
  if (picked.status === 'cancelled') return notStarted('cancelled', 'no environment was picked.');
  if (picked.status === 'refused') return notStarted('refused', picked.message);
  const { project, name } = picked;

  let settings: DeploySettings;
  try {
    settings = resolveDeploySettings(project, name);
  } catch (error) {
    return notStarted('refused', userMessageOf(error));
  }
  const env = await processEnvFor(services, project, name, settings);
  if (typeof env === 'string') return notStarted(env === '' ? 'cancelled' : 'refused', env === '' ? 'the database password was not given.' : env);

  let mode = requested;
  let resumeRunId: string | undefined;
  let restore = false;
  // The engine's view: a run whose owner still holds the lock is running elsewhere, not unfinished.
  const inProgress = await findRunInProgress(project, name, { env });
  if (inProgress) {
    const { run, holder } = inProgress;
    return notStarted('busy', `run ${run.runId} of "${name}" is in progress: ${holder.owner} holds the deploy lock (taken ${describeAge(Date.now() - holder.since)} ago; last step "${run.lastStep}${run.lastStatus ? ` ${run.lastStatus}` : ''}"). Wait for it to finish; the Deploys view follows its steps.`);
  }
  const unfinished = await findUnfinishedRun(project, name, { env });
  if (unfinished) {
    const answer = options.unfinished ?? (await askAboutUnfinished(project, name, unfinished, env));
    if (answer === undefined) return notStarted('cancelled', `the unfinished run ${unfinished.runId} was left as it is; a new ${requested} waits until it is resumed or rolled back.`);
    services.deployOutput.appendLine(`[magento-zdd] run ${unfinished.runId} of "${name}" never finished (last step ${unfinished.lastStep} at ${unfinished.at}): ${answer === 'resume' ? 'resuming it' : 'rolling every node back to the colour Redis records as live'}.`);
    if (answer === 'resume') {
      resumeRunId = unfinished.runId;
      mode = unfinished.mode ?? 'deploy';
      // Resuming a restore that was itself killed: still back to the live colour.
      restore = mode === 'rollback' && unfinished.restore === true;
    } else {
      mode = 'rollback';
      restore = true;
    }
  }

  let plan: PlannedStep[];
  try {
    plan = await planDeploy(project, name, { env, mode, restore });
  } catch (error) {
    return notStarted('refused', userMessageOf(error));
  }
  const output = services.deployOutput;
  output.appendLine('');
  for (const line of planLines(name, mode, plan)) output.appendLine(line);
  if (resumeRunId) output.appendLine(`  (resuming run ${resumeRunId}: the steps it already finished are skipped)`);

  const confirmedByUser = options.confirmed ?? (await confirmPlan(name, mode, plan, resumeRunId));
  if (!confirmedByUser) return notStarted('cancelled', `the ${mode} of "${name}" was not confirmed.`);
  if (settings.environment.production) {
    const typed = options.confirm ?? (await vscode.window.showInputBox({
      title: `Magento ZDD: ${verbOf(mode)} "${name}"`,
      prompt: `"${name}" is a production environment: the ${mode} switches the traffic of live customers. Type its name to confirm.`,
      placeHolder: name,
      ignoreFocusOut: true,
      validateInput: (value) => productionConfirmationProblem(name, value, `the ${mode}`),
    }));
    if (typed === undefined) return notStarted('cancelled', `the ${mode} of production "${name}" was not confirmed.`);
    const problem = productionConfirmationProblem(name, typed, `the ${mode}`);
    if (problem) return notStarted('refused', `the ${mode} of "${name}" did not start: ${problem}`);
  }
  // A resumed run journals nothing for the steps it already finished (gates, build, migrate, flush).
  const alreadyDone = resumeRunId ? new Set((readDeployHistory(settings.auditLog).find((run) => run.runId === resumeRunId)?.steps ?? []).filter((step) => step.status === 'succeeded' && RESUME_SKIPS.has(step.step)).map((step) => step.step)) : new Set<string>();
  return runWithProgress(services, project, name, mode, { env, resumeRunId, expectedSteps: plan.filter((step) => step.step !== 'reload' && !alreadyDone.has(step.step)).length });
}

/**
 * The process environment the engine and its processes (phinx, build, PHP instances) get: when the
 * environment names a passwordEnv that is not set, the password stored in the secret storage (asked
 * for when missing) under that name. A string: why it cannot start ('' = the user dismissed the box).
 */
async function processEnvFor(services: ExtensionServices, project: ProjectModel, name: string, settings: DeploySettings): Promise<NodeJS.ProcessEnv | string> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  const variable = resolveEnvironment(project, name).config.database?.passwordEnv;
  if (variable !== undefined && env[variable] === undefined) {
    const password = (await services.passwords.get(name)) ?? (await services.passwords.askFor(name, `The database password of "${name}": the deploy's migrations and instances read it from ${variable}. Kept in VS Code's secret storage.`));
    if (password === undefined) return '';
    env[variable] = password;
  }
  if (settings.redis.passwordEnv !== undefined && env[settings.redis.passwordEnv] === undefined) {
    return `the Redis password variable ${settings.redis.passwordEnv} (environments.${name}.deploy.redis.passwordEnv) is not set in VS Code's environment: start VS Code with it exported.`;
  }
  return env;
}

async function askAboutUnfinished(project: ProjectModel, environment: string, unfinished: UnfinishedRun, env: NodeJS.ProcessEnv): Promise<UnfinishedAnswer | undefined> {
  const live = await readRecordedLive(project, environment, { env });
  const mode = unfinished.mode ?? 'deploy';
  const picked = await vscode.window.showQuickPick(unfinishedChoices(unfinished, live), {
    title: `Magento ZDD: the last ${mode} of "${environment}" (run ${unfinished.runId}) never finished: it stopped after "${unfinished.lastStep}" ${describeAge(Date.now() - Date.parse(unfinished.at))} ago`,
    placeHolder: 'A new run cannot start until this one is resumed or rolled back',
    ignoreFocusOut: true,
  });
  return picked === undefined || picked.answer === 'cancel' ? undefined : picked.answer;
}

async function confirmPlan(environment: string, mode: DeployMode, plan: readonly PlannedStep[], resumeRunId: string | undefined): Promise<boolean> {
  const action = mode === 'rollback' ? 'Roll Back' : 'Deploy';
  const detail = [
    ...plan.map((step, index) => `${index + 1}. ${step.step}: ${step.description.length > 140 ? `${step.description.slice(0, 140)}…` : step.description}`),
    ...(resumeRunId ? ['', `Resumes run ${resumeRunId}: finished steps are skipped.`] : []),
    '',
    'The commands and URLs of every step are in the "Magento ZDD: Deploy" output.',
  ].join('\n');
  const answer = await vscode.window.showWarningMessage(`Magento ZDD: ${action} "${environment}" in ${plan.length} steps?`, { modal: true, detail }, action);
  return answer === action;
}

async function runWithProgress(
  services: ExtensionServices,
  project: ProjectModel,
  environment: string,
  mode: DeployMode,
  run: { env: NodeJS.ProcessEnv; resumeRunId: string | undefined; expectedSteps: number },
): Promise<DeployCommandResult> {
  const output = services.deployOutput;
  const progressSeen: string[] = [];
  let runId: string | undefined = run.resumeRunId;
  services.deploys.running = { environment, runId };
  output.show(true);
  let result: DeployResult | undefined;
  let failure: unknown;
  try {
    result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Magento ZDD: ${verbOf(mode)} "${environment}"`, cancellable: true },
      async (progress, token) => {
        const controller = new AbortController();
        const text = new DeployProgressText(run.expectedSteps);
        const cancel = token.onCancellationRequested(() => {
          controller.abort();
          output.appendLine(`[magento-zdd] ${CANCELLING_MESSAGE}.`);
          progress.report({ message: CANCELLING_MESSAGE });
        });
        try {
          return await runDeploy(project, environment, {
            mode,
            env: run.env,
            secrets: services.passwords.provider({ ask: false }),
            signal: controller.signal,
            resumeRunId: run.resumeRunId,
            onOutput: (chunk) => output.append(chunk),
            onNote: (text) => output.appendLine(noteLine(text)),
            onEntry: (entry: AuditEntry) => {
              output.appendLine(entryLine(entry));
              if (runId === undefined) {
                runId = entry.runId;
                services.deploys.running = { environment, runId };
              }
              const step = text.next(entry);
              if (step && !controller.signal.aborted) {
                progressSeen.push(step.message);
                progress.report(step);
              }
              services.deploys.notify();
            },
          });
        } finally {
          cancel.dispose();
        }
      },
    );
  } catch (error) {
    failure = error;
  } finally {
    services.deploys.running = undefined;
    services.deploys.notify();
  }
  // The migrations may have run even when a later step failed.
  void services.status.refresh({ interactive: false });

  if (result) {
    const message = resultMessage(result, mode);
    output.appendLine(`[magento-zdd] ${message}`);
    void Promise.resolve(vscode.window.showInformationMessage(`Magento ZDD: ${message}`, SHOW_OUTPUT)).then((answer) => answer === SHOW_OUTPUT && vscode.commands.executeCommand(COMMANDS.showDeployOutput));
    return { status: 'succeeded', environment, mode, runId: result.runId, release: result.release, colour: result.to, totalMs: result.totalMs, progress: progressSeen };
  }
  let message: string;
  try {
    message = userMessageOf(failure);
  } catch {
    // Not one of ours (a bug or an unexpected system error): still said, with the output for details.
    message = failure instanceof Error ? failure.message : String(failure);
  }
  const problem = failure instanceof DeployError ? failure.problem : undefined;
  const cancelled = problem === 'cancelled';
  const advice = failureAdvice(problem, mode, environment, message);
  output.appendLine(`[magento-zdd] the ${mode} of "${environment}" ${cancelled ? 'was cancelled' : 'failed'}${problem ? ` (${problem})` : ''}: ${message}`);
  output.appendLine(nextStepLine(advice));
  const shown = advice.severity === 'warning' ? vscode.window.showWarningMessage(`Magento ZDD: ${advice.message}`, ...advice.actions) : vscode.window.showErrorMessage(`Magento ZDD: ${advice.message}`, ...advice.actions);
  void Promise.resolve(shown).then((answer) => answer && runFailureAction(answer));
  return { status: cancelled ? 'cancelled' : 'failed', environment, mode, runId, problem, message, progress: progressSeen };
}

const FAILURE_ACTION_COMMANDS: Record<FailureAction, string> = {
  'Show Output': COMMANDS.showDeployOutput,
  'Show Problems': 'workbench.actions.view.problems',
  'Open Configuration': COMMANDS.openConfig,
  'Deploy...': COMMANDS.deploy,
};

function runFailureAction(action: FailureAction): void {
  void vscode.commands.executeCommand(FAILURE_ACTION_COMMANDS[action]);
}
