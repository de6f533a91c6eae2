// VS Code glue, pure (no vscode import, so unit tests load it): what the deploy commands write and
// say: the plan and the journal events as lines of the "Magento ZDD: Deploy" output (its grammar,
// syntaxes/magento-zdd-deploy.tmLanguage.json, colours exactly these shapes), the progress
// notification's message per step, and the result line. Never a secret: the engine's entries and
// plan carry none.
import type { AuditEntry } from '../engine/deploy/auditLog';
import type { DeployMode, DeployResult, PlannedStep } from '../engine/deploy/deployPipeline';

/** 850 ms, 4.2 s, 2 min 05 s. */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1_000);
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
}

/** 23:50:02.123 (local time), the output's line prefix. */
export function clockTime(at: Date): string {
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  return `${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}.${pad(at.getMilliseconds(), 3)}`;
}

/** For reading only: argv is never joined into a command that runs. */
function quoteForDisplay(argument: string): string {
  return /^[\w@%+=:,./<>-]+$/.test(argument) ? argument : `'${argument.replace(/'/g, "'\\''")}'`;
}

export function verbOf(mode: DeployMode): string {
  return mode === 'rollback' ? 'Roll back' : 'Deploy';
}

export function planLines(environment: string, mode: DeployMode, steps: readonly PlannedStep[]): string[] {
  const lines = [`${verbOf(mode)} plan for "${environment}" (${steps.length} steps, nothing run yet):`];
  steps.forEach((step, index) => {
    lines.push(`  ${index + 1}. ${step.step}: ${step.description}`);
    if (step.argv) lines.push(`     $ ${step.argv.map(quoteForDisplay).join(' ')}`);
    for (const url of step.urls ?? []) lines.push(`     GET ${url}`);
  });
  return lines;
}

function detailText(entry: AuditEntry): string {
  const detail = entry.detail ?? {};
  return Object.entries(detail)
    .filter(([key]) => key !== 'error')
    .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join(',') : String(value)}`)
    .join(' ');
}

/** `[23:50:02.135] run 20261127235002-ab12 lock succeeded in 12 ms colour=green port=20002`. */
export function entryLine(entry: AuditEntry): string {
  const at = new Date(entry.at);
  const duration = entry.durationMs !== undefined ? ` in ${formatDuration(entry.durationMs)}` : '';
  const details = detailText(entry);
  const error = typeof entry.detail?.error === 'string' ? `: ${entry.detail.error}` : '';
  return `[${clockTime(Number.isNaN(at.getTime()) ? new Date() : at)}] run ${entry.runId} ${entry.step} ${entry.status}${duration}${details ? ` ${details}` : ''}${error}`;
}

const STEP_WORDS: Record<string, string> = {
  lock: 'taking the deploy lock',
  'live-colour': 'reading the live colour',
  gates: 'checking the project (gates)',
  build: 'building the release',
  migrate: 'running the migrations',
  'flush-new-cache': 'flushing the new colour’s cache',
  switch: 'recording the switch',
};

function stepWords(entry: AuditEntry): string {
  const node = /^node-(\d+)$/.exec(entry.step);
  if (node) {
    const colour = typeof entry.detail?.colour === 'string' ? `${entry.detail.colour} ` : '';
    const port = entry.detail?.port !== undefined ? ` on port ${entry.detail.port}` : '';
    return `node ${node[1]}: ${colour}instance${port}`;
  }
  return STEP_WORDS[entry.step] ?? entry.step;
}

/** Turns journal events into the notification's message and its share of the bar. */
export class DeployProgressText {
  private finished = 0;

  /** `expectedSteps`: how many steps end with an event (the plan's steps minus 'reload'). */
  constructor(private readonly expectedSteps: number) {}

  next(entry: AuditEntry): { message: string; increment: number | undefined } | undefined {
    if (entry.step === 'deploy') return undefined;
    const position = ` (step ${Math.min(this.finished + 1, this.expectedSteps)} of ${this.expectedSteps})`;
    if (entry.status === 'started') return { message: `${stepWords(entry)}…${position}`, increment: undefined };
    if (entry.status !== 'succeeded' && entry.status !== 'skipped') return { message: `${entry.step} ${entry.status}`, increment: undefined };
    this.finished += 1;
    const increment = this.finished <= this.expectedSteps ? 100 / this.expectedSteps : undefined;
    const duration = entry.durationMs !== undefined ? ` in ${formatDuration(entry.durationMs)}` : '';
    return { message: `${entry.step} done${duration}`, increment };
  }
}

export const CANCELLING_MESSAGE = 'cancelling: the deploy stops at the next safe point (before the build, before the migrations, between nodes); a running migration finishes first';

export function resultMessage(result: DeployResult, mode: DeployMode): string {
  const done = mode === 'rollback' ? 'Rolled back' : 'Deployed';
  const from = result.from ? ` (from ${result.from})` : '';
  return `${done} "${result.environment}" to release ${result.release} on ${result.to}${from} in ${formatDuration(result.totalMs)}; run ${result.runId}.`;
}

/** What the user can do next from a failure notification; each is a button. */
export type FailureAction = 'Show Output' | 'Show Problems' | 'Open Configuration' | 'Deploy...';

export interface FailureAdvice {
  /** The engine's message with the way forward, as the notification says it. */
  message: string;
  /** One sentence for the output channel ("next step: ..."). */
  nextStep: string;
  actions: FailureAction[];
  /** A cancel is the user's own doing: a warning, not an error. */
  severity: 'error' | 'warning';
}

/**
 * The engine's DeployError problem turned into what this window offers: the engine's words (they name
 * the run, the lock owner and its age, the failing gate) and the next step in VS Code terms rather
 * than the CLI's flags.
 */
export function failureAdvice(problem: string | undefined, mode: DeployMode, environment: string, engineMessage: string): FailureAdvice {
  const what = `the ${mode} of "${environment}"`;
  // The engine speaks to the CLI user; here the same ways out are commands.
  const message = engineMessage
    .replace(/Resume it with "magento-zdd deploy --env \S+ --resume (\S+)", or go back to the recorded live release with "magento-zdd deploy:rollback --env \S+"\./, 'Run "Deploy..." again to resume it or roll back.')
    .replace(/ Run again with --break-lock to take it \(safe: its owner is gone\)\./, ' Its owner is gone: run "magento-zdd deploy --env ' + environment + ' --break-lock" in a terminal to take it.');
  const fail = (nextStep: string, actions: FailureAction[] = ['Show Output']): FailureAdvice => ({ message: `${what} failed: ${message}`, nextStep, actions, severity: 'error' });
  switch (problem) {
    case 'unfinished-run':
      return fail('run "Magento ZDD: Deploy..." again and choose Resume (finish that run) or Roll Back (every node back to the colour Redis records as live).', ['Deploy...', 'Show Output']);
    case 'locked':
      return fail('wait until the deploy that holds the lock has finished (the Deploys view shows its steps), then try again.');
    case 'not-resumable':
      return fail('run "Magento ZDD: Deploy..." again: it reads the journal afresh and offers what can still be done.', ['Deploy...', 'Show Output']);
    case 'gates-failed':
      return fail('fix what the gates found (the Problems panel lists the project findings), commit, and deploy again; nothing was built or switched.', ['Show Problems', 'Show Output']);
    case 'migration-failed':
      return fail('read phinx’s error in the output, fix or roll back that migration, and deploy again; no instance was touched.');
    case 'unhealthy':
      return fail('the new instance never answered its health check: read its log (path in the output), fix the release and deploy again; the old colour keeps serving.');
    case 'not-configured':
      return fail(`complete environments.${environment}.deploy in magento-zdd.json, then try again.`, ['Open Configuration', 'Show Output']);
    case 'no-previous-release':
      return fail('there is nothing older to go back to; deploy a fixed release instead.');
    case 'state-mismatch':
      return fail('compare the nginx upstream file with the live colour Redis records (both named above) before deploying again.');
    case 'cancelled':
      return { message: engineMessage, nextStep: 'the live colour keeps serving; deploy again when ready.', actions: ['Show Output'], severity: 'warning' };
    default:
      return fail('the output has every step’s log; fix the cause and try again.');
  }
}

/** The quick pick's answers when the journal holds an unfinished run: what the engine accepts then. */
export type UnfinishedAnswer = 'resume' | 'rollback';

export function unfinishedChoices(unfinished: { runId: string; release?: string; mode?: DeployMode }, live: { colour: string; release: string } | undefined): { label: string; description: string; answer: UnfinishedAnswer | 'cancel' }[] {
  const release = unfinished.release ? `release ${unfinished.release}` : 'its release';
  return [
    { label: '$(debug-continue) Resume', description: `finish run ${unfinished.runId} (${release}): its finished steps are skipped, its running instances adopted`, answer: 'resume' },
    {
      label: '$(history) Roll Back',
      description: live ? `every node back to ${live.colour} (release ${live.release}), the colour Redis records as live` : 'every node back to the colour Redis records as live',
      answer: 'rollback',
    },
    // A new run is refused while one is unfinished: the engine would not know which nodes serve what.
    { label: '$(close) Cancel', description: 'leave the run as it is; nothing starts (a new deploy waits until it is resumed or rolled back)', answer: 'cancel' },
  ];
}

/** A fact from the engine that is not a failure (a stale lock taken over, a stale pid file cleaned). */
export function noteLine(text: string): string {
  return `[magento-zdd] note: ${text}`;
}

export function nextStepLine(advice: FailureAdvice): string {
  return `[magento-zdd] next step: ${advice.nextStep}`;
}
