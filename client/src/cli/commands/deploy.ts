// CLI room: `magento-zdd deploy --env X [--plan] [--yes] [--json] [--resume [RUN]] [--break-lock]` and
// `magento-zdd deploy:rollback --env X [--plan] [--yes] [--json] [--break-lock]`. Runs the engine's
// blue-green rolling deploy with a progress line per journal event (text on stderr, or JSON lines on
// stdout), asks or refuses where a person must decide (a production environment, an unfinished run),
// turns Ctrl-C/SIGTERM into a cancel at the next safe point, and maps the outcome to an exit code.
import { parseArgs } from 'node:util';
import type { ProjectModel } from '../../../../server/src/analysis/project';
import type { AuditEntry } from '../../engine/deploy/auditLog';
import { DeployError, type DeployProblem } from '../../engine/deploy/deployError';
import { describeUnfinishedRun, findUnfinishedRun, planDeploy, runDeploy, type DeployMode, type DeployResult } from '../../engine/deploy/deployPipeline';
import { resolveDeploySettings, type DeploySettings } from '../../engine/deploy/deploySettings';
import { EngineError } from '../../engine/engineError';
import { EnvironmentError } from '../../engine/environments';
import { loadProjectAt, requireEnvironmentOption } from '../cliProject';
import { DEPLOY_EXIT, EXIT_OK, UsageError } from '../usage';
import type { CliIo } from './check';

const EXIT_BY_PROBLEM: Record<DeployProblem, number> = {
  'not-configured': DEPLOY_EXIT.usage,
  'gates-failed': DEPLOY_EXIT.refused,
  'state-mismatch': DEPLOY_EXIT.refused,
  'no-previous-release': DEPLOY_EXIT.refused,
  'not-resumable': DEPLOY_EXIT.refused,
  'not-confirmed': DEPLOY_EXIT.refused,
  'build-failed': DEPLOY_EXIT.failed,
  'migration-failed': DEPLOY_EXIT.failed,
  unhealthy: DEPLOY_EXIT.failed,
  'driver-failed': DEPLOY_EXIT.failed,
  locked: DEPLOY_EXIT.locked,
  'unfinished-run': DEPLOY_EXIT.unfinished,
  cancelled: DEPLOY_EXIT.cancelled,
};

const CONFIG_PROBLEMS = new Set<string>(['no-environments', 'unknown-environment', 'env-php']);

interface DeployFlags {
  env?: string;
  plan?: boolean;
  yes?: boolean;
  json?: boolean;
  resume?: string;
  'break-lock'?: boolean;
}

export function runDeployCommand(args: string[], io: CliIo): Promise<number> {
  return runDeployOrRollback('deploy', args, io);
}

export function runDeployRollbackCommand(args: string[], io: CliIo): Promise<number> {
  return runDeployOrRollback('rollback', args, io);
}

async function runDeployOrRollback(mode: DeployMode, args: string[], io: CliIo): Promise<number> {
  const command = mode === 'deploy' ? 'deploy' : 'deploy:rollback';
  const options = { env: { type: 'string' }, plan: { type: 'boolean' }, yes: { type: 'boolean', short: 'y' }, json: { type: 'boolean' }, 'break-lock': { type: 'boolean' }, resume: { type: 'string' } } as const;
  const { values, positionals } = parseArgs({ args: normaliseResume(args), allowPositionals: true, strict: true, options });
  const flags: DeployFlags = values;
  if (mode === 'rollback' && flags.resume !== undefined) throw new UsageError('deploy:rollback has no --resume: to finish a killed run, use "magento-zdd deploy --resume"; deploy:rollback alone takes it back to the live colour');
  if (positionals.length > 0) throw new UsageError(`${command} takes no arguments besides its options, got: ${positionals.join(' ')}`);
  const name = requireEnvironmentOption(flags.env, command);
  if (flags.plan === true && (flags.resume !== undefined || flags['break-lock'] === true)) throw new UsageError('--plan runs nothing: it cannot be combined with --resume or --break-lock');
  const project = loadProjectAt(io.cwd);
  const output = new DeployOutput(io, flags.json === true);
  try {
    if (flags.plan === true) return await printPlan(project, name, mode, io, flags.json === true);
    const settings = resolveDeploySettings(project, name, io.env);
    let runMode = mode;
    let resume = flags.resume;
    const unfinished = await findUnfinishedRun(project, name, { env: io.env });
    if (unfinished && resume === undefined) {
      const described = describeUnfinishedRun(unfinished, name);
      if (mode === 'rollback') output.note(`rolling back the unfinished run: ${described.split('. Resume')[0]}; every node goes back to the colour Redis records as live.`);
      else if (io.isInteractive && io.ask) {
        io.stderr(`magento-zdd: "${name}": ${described}\n`);
        const answer = (await io.ask('Resume it (r), roll back to the live release (b), or quit (q)? '))?.trim().toLowerCase();
        if (answer === 'r' || answer === 'resume') resume = unfinished.runId;
        else if (answer === 'b' || answer === 'rollback' || answer === 'roll back') runMode = 'rollback';
        else return output.fail(new DeployError('unfinished-run', `nothing was done; "${name}" still has the unfinished run ${unfinished.runId}.`));
      }
    }
    const refusal = await confirmProduction(settings, runMode, flags.yes === true, io);
    if (refusal) return output.fail(refusal);
    const controller = new AbortController();
    io.signal?.addEventListener('abort', () => controller.abort(), { once: true });
    let interrupts = 0;
    io.onInterrupt?.((signal) => {
      interrupts += 1;
      controller.abort();
      const migrating = output.currentStep === 'migrate';
      if (migrating) output.note(interrupts === 1 ? `${signal}: a migration is running and is never interrupted; it will finish first, then the deploy stops (the live colour keeps serving).` : `${signal} again: the migration is still running and will finish first; the deploy stops right after it.`);
      else output.note(interrupts === 1 ? `${signal}: cancelling at the next safe point (between nodes, before the build or the migrations); the live colour keeps serving.` : `${signal} again: still cancelling; waiting for the current step to reach a safe point.`);
    });
    const result = await runDeploy(project, name, {
      env: io.env,
      mode: runMode,
      signal: controller.signal,
      resumeRunId: resume,
      breakLock: flags['break-lock'] === true,
      onEntry: (entry) => output.entry(entry),
      onOutput: (text) => io.stderr(text),
      onNote: (text) => output.note(text),
    });
    if (controller.signal.aborted) output.note('the cancel came after the last safe point (during the last node): the run was completed rather than undone.');
    output.result(result, runMode);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    if (!(error instanceof EngineError)) throw error;
    return output.fail(error);
  }
}

/** `--resume` alone means the last unfinished run; parseArgs needs a value, so one is supplied. */
function normaliseResume(args: string[]): string[] {
  return args.flatMap((arg, index) => (arg === '--resume' && (index === args.length - 1 || args[index + 1].startsWith('-')) ? ['--resume', 'last'] : [arg]));
}

/** A production environment needs --yes, or its name typed at a terminal. */
async function confirmProduction(settings: DeploySettings, mode: DeployMode, yes: boolean, io: CliIo): Promise<DeployError | undefined> {
  const name = settings.environment.name;
  if (!settings.environment.production || yes) return undefined;
  const what = mode === 'deploy' ? 'deploy' : 'roll back';
  if (!io.isInteractive || !io.ask) return new DeployError('not-confirmed', `"${name}" is a production environment: a ${what} needs --yes when stdin is not a terminal. Nothing was done.`);
  const typed = await io.ask(`"${name}" is a production environment. Type its name to confirm the ${what}: `);
  return typed?.trim() === name ? undefined : new DeployError('not-confirmed', `the typed name did not match "${name}": nothing was done.`);
}

async function printPlan(project: ProjectModel, name: string, mode: DeployMode, io: CliIo, json: boolean): Promise<number> {
  const steps = await planDeploy(project, name, { env: io.env, mode });
  const unfinished = await findUnfinishedRun(project, name, { env: io.env });
  if (unfinished) io.stderr(`note: ${describeUnfinishedRun(unfinished, name)} Until then, a deploy is refused${mode === 'rollback' ? '; this roll back would take every node back to the live colour instead of the plan below' : ''}.\n`);
  if (json) io.stdout(`${JSON.stringify({ environment: name, mode, steps }, null, 2)}\n`);
  else {
    const lines = [`${mode === 'deploy' ? 'Deploy' : 'Roll back'} plan for "${name}" (nothing was run):`, ''];
    steps.forEach((step, index) => {
      lines.push(`${index + 1}. ${step.step}: ${step.description}`);
      if (step.argv) lines.push(`   $ ${step.argv.map(quoteForDisplay).join(' ')}`);
      for (const url of step.urls ?? []) lines.push(`   GET ${url}`);
    });
    io.stdout(`${lines.join('\n')}\n`);
  }
  return EXIT_OK;
}

/** Progress and outcome, as text (progress on stderr, summary on stdout) or as JSON lines on stdout. */
class DeployOutput {
  currentStep: string | undefined;
  private readonly started = Date.now();

  constructor(
    private readonly io: CliIo,
    private readonly json: boolean,
  ) {}

  entry(entry: AuditEntry): void {
    this.currentStep = entry.status === 'started' ? entry.step : undefined;
    if (this.json) return this.line({ event: 'step', ...entry });
    const elapsed = `[${((Date.now() - this.started) / 1000).toFixed(1).padStart(5)} s]`;
    const took = entry.durationMs !== undefined ? ` in ${entry.durationMs} ms` : '';
    this.io.stderr(`${elapsed} ${entry.step} ${entry.status}${took}${describeDetail(entry)}\n`);
  }

  note(text: string): void {
    if (this.json) this.line({ event: 'note', message: text });
    else this.io.stderr(`note: ${text}\n`);
  }

  result(result: DeployResult, mode: DeployMode): void {
    if (this.json) return this.line({ event: 'result', exitCode: EXIT_OK, ...result });
    const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    const timing = `${seconds(result.totalMs)} (health waits ${seconds(result.healthWaitMs)}, drain ${seconds(result.drainMs)}, pipeline ${seconds(Math.max(0, result.totalMs - result.healthWaitMs - result.drainMs))})`;
    const headline = result.restored
      ? `Rolled back the unfinished run on "${result.environment}": every node serves release ${result.release} (${result.to}) again`
      : mode === 'rollback'
        ? `Rolled back "${result.environment}" to release ${result.release} on ${result.to}${result.from ? ` (from ${result.from})` : ''}`
        : `Deployed release ${result.release} to ${result.to} on "${result.environment}"${result.from ? ` (from ${result.from})` : ''}${result.resumed ? ', resuming its unfinished run' : ''}`;
    this.io.stdout(`${headline} in ${timing}. Run ${result.runId}.\n`);
  }

  /** Prints the error for a person (stderr) and, with --json, as the last JSON line; returns the exit code. */
  fail(error: EngineError): number {
    const problem = error instanceof DeployError ? error.problem : undefined;
    // A bad environment name or its settings is a configuration error; any other engine error
    // (Redis unreachable, a database error in the gates) stopped the deploy before it switched anything.
    const exitCode = problem ? EXIT_BY_PROBLEM[problem] : error instanceof EnvironmentError && CONFIG_PROBLEMS.has(error.problem) ? DEPLOY_EXIT.usage : DEPLOY_EXIT.failed;
    if (this.json) this.line({ event: 'error', exitCode, ...(problem ? { problem } : {}), message: error.message });
    this.io.stderr(`magento-zdd: ${error.message}\n`);
    return exitCode;
  }

  private line(value: object): void {
    this.io.stdout(`${JSON.stringify(value)}\n`);
  }
}

function describeDetail(entry: AuditEntry): string {
  const detail = entry.detail;
  if (!detail) return '';
  if (typeof detail.error === 'string') return `: ${detail.error}`;
  const facts = Object.entries(detail)
    .filter(([key]) => key !== 'argv')
    .map(([key, value]) => `${key} ${Array.isArray(value) ? (value.length === 0 ? 'none' : value.join(', ')) : String(value)}`);
  return facts.length > 0 ? ` (${facts.join('; ')})` : '';
}

/** For reading only: argv is never joined into a command that runs. */
function quoteForDisplay(argument: string): string {
  return /^[\w@%+=:,./-]+$/.test(argument) ? argument : `'${argument.replace(/'/g, "'\\''")}'`;
}
