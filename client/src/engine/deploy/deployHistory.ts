// Engine room (pure Node, no vscode): the deploy journal (auditLog.ts) read back as runs, for the
// history the extension shows and the "resume or roll back?" question. One run = the entries of one
// runId (a resumed run appends to its own id); its steps in the order they first started, each with
// its last event. A run whose last 'deploy' event is 'started' never finished: it is running now or
// was killed.
import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { AuditLog, type AuditEntry, type StepStatus } from './auditLog';

/** 'abandoned': it never finished, and a later run took the lock after it (a roll back to the live colour, say): nothing to resume. */
export type RunStatus = 'succeeded' | 'failed' | 'cancelled' | 'unfinished' | 'abandoned';

export interface DeployStepRecord {
  step: string;
  status: StepStatus;
  startedAt: string | undefined;
  durationMs: number | undefined;
  error: string | undefined;
  detail: AuditEntry['detail'];
}

export interface DeployRun {
  runId: string;
  environment: string;
  mode: 'deploy' | 'rollback';
  status: RunStatus;
  /** The release the run deployed, or built before it stopped. */
  release: string | undefined;
  /** The colour it switched to, or was starting when it stopped. */
  colour: string | undefined;
  startedAt: string;
  /** Whole-run duration, known once it ended. */
  durationMs: number | undefined;
  error: string | undefined;
  /** It was resumed at least once. */
  resumed: boolean;
  steps: DeployStepRecord[];
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** Groups journal entries into runs, newest first (by start time; the journal is append-only). */
export function deployRunsOf(entries: readonly AuditEntry[]): DeployRun[] {
  const byRun = new Map<string, AuditEntry[]>();
  for (const entry of entries) {
    if (typeof entry?.runId !== 'string' || typeof entry.step !== 'string') continue;
    byRun.set(entry.runId, [...(byRun.get(entry.runId) ?? []), entry]);
  }
  // As the engine's AuditLog.unfinishedRun: a later run holding the lock supersedes an unfinished one.
  const lastLockAt = new Map<string, number>();
  entries.forEach((entry, index) => {
    if (entry?.step === 'lock' && entry.status === 'succeeded' && typeof entry.runId === 'string') lastLockAt.set(entry.runId, index);
  });
  const lastEntryAt = new Map<string, number>();
  entries.forEach((entry, index) => typeof entry?.runId === 'string' && lastEntryAt.set(entry.runId, index));
  const supersededAfter = (runId: string) => [...lastLockAt].some(([other, at]) => other !== runId && at > (lastEntryAt.get(runId) ?? Infinity));
  const runs = [...byRun.values()].map(runOf).map((run) => (run.status === 'unfinished' && supersededAfter(run.runId) ? { ...run, status: 'abandoned' as const } : run));
  // Stable for equal times: later in the journal = newer.
  return runs.map((run, index) => ({ run, index })).sort((a, b) => b.run.startedAt.localeCompare(a.run.startedAt) || b.index - a.index).map(({ run }) => run);
}

function runOf(entries: AuditEntry[]): DeployRun {
  const first = entries[0];
  const deployEvents = entries.filter((entry) => entry.step === 'deploy');
  const lastDeploy = deployEvents.at(-1);
  const status: RunStatus = !lastDeploy || lastDeploy.status === 'started' || lastDeploy.status === 'skipped' ? 'unfinished' : lastDeploy.status;
  const steps = new Map<string, DeployStepRecord>();
  for (const entry of entries) {
    if (entry.step === 'deploy') continue;
    const known = steps.get(entry.step);
    const record: DeployStepRecord = known ?? { step: entry.step, status: entry.status, startedAt: undefined, durationMs: undefined, error: undefined, detail: undefined };
    record.status = entry.status;
    if (entry.status === 'started') {
      record.startedAt = entry.at;
      record.durationMs = undefined;
      record.error = undefined;
    } else {
      record.durationMs = entry.durationMs;
      record.error = text(entry.detail?.error);
    }
    record.detail = { ...record.detail, ...entry.detail };
    steps.set(entry.step, record);
  }
  const ended = status === 'unfinished' ? undefined : lastDeploy;
  const started = deployEvents.find((entry) => entry.status === 'started');
  const stepList = [...steps.values()];
  const release = text(ended?.detail?.release) ?? text(steps.get('build')?.detail?.release) ?? text(steps.get('switch')?.detail?.release);
  const colour = text(ended?.detail?.colour) ?? text(stepList.find((step) => step.step.startsWith('node-'))?.detail?.colour);
  return {
    runId: first.runId,
    environment: first.environment,
    mode: started?.detail?.mode === 'rollback' ? 'rollback' : 'deploy',
    status,
    release,
    colour,
    startedAt: started?.at ?? first.at,
    durationMs: ended?.durationMs,
    error: text(ended?.detail?.error),
    resumed: deployEvents.some((entry) => entry.status === 'started' && entry.detail?.resumed === true),
    steps: stepList,
  };
}

/** The runs of one environment's journal, newest first; [] without a journal. */
export function readDeployHistory(journalFile: string): DeployRun[] {
  return deployRunsOf(new AuditLog(journalFile).read());
}

/** .magento-zdd/deploys under the project root (deploySettings.ts writes each environment's journal there). */
export function deployJournalFolder(root: string): string {
  return join(root, '.magento-zdd', 'deploys');
}

/** Every environment with a journal, by name, and its file. */
export function listDeployJournals(root: string): { environment: string; file: string }[] {
  const folder = deployJournalFolder(root);
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.jsonl'))
    .map((entry) => ({ environment: basename(entry.name, '.jsonl'), file: join(folder, entry.name) }))
    .sort((a, b) => a.environment.localeCompare(b.environment));
}
