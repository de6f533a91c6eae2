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
