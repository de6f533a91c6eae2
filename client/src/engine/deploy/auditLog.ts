// Engine room (pure Node, no vscode): the deploy journal, one JSON line per step event in
// .magento-zdd/deploys/<env>.jsonl (gitignored). Appended synchronously so a killed deploy leaves
// every line it reached; the next run reads it to report an unfinished run.
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';

export type StepStatus = 'started' | 'succeeded' | 'failed' | 'skipped' | 'cancelled';

export interface AuditEntry {
  runId: string;
  environment: string;
  step: string;
  status: StepStatus;
  /** ISO time the event was written. */
  at: string;
  /** Milliseconds since the step started (on its end events). */
  durationMs?: number;
  /** Plain facts for the history view: release, colour, port, error message. Never secrets. */
  detail?: Record<string, string | number | boolean | string[]>;
}

export class AuditLog {
  constructor(readonly file: string) {}

  append(entry: AuditEntry): void {
    mkdirSync(dirname(this.file), { recursive: true });
    appendFileSync(this.file, `${JSON.stringify(entry)}\n`);
  }

  /** Every entry; a torn last line (the process died while writing) is skipped. */
  read(): AuditEntry[] {
    if (!existsSync(this.file)) return [];
    return readFileSync(this.file, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .flatMap((line) => {
        try {
          return [JSON.parse(line) as AuditEntry];
        } catch {
          return [];
        }
      });
  }

  /**
   * The latest run that held the lock and never wrote its final 'deploy' event: it was killed or lost
   * its machine. Attempts that never got the lock (refused, resumed too early) do not count, and a
   * later run that held the lock and ended supersedes it (a finished roll back, for one).
   */
  unfinishedRun(): UnfinishedRun | undefined {
    const entries = this.read();
    let latest: { runId: string; attempt: AuditEntry[] } | undefined;
    const attempts = new Map<string, AuditEntry[]>();
    for (const entry of entries) {
      if (entry.step === 'deploy' && entry.status === 'started') attempts.set(entry.runId, []);
      const attempt = attempts.get(entry.runId);
      if (!attempt) continue;
      attempt.push(entry);
      if (entry.step === 'lock' && entry.status === 'succeeded') latest = { runId: entry.runId, attempt };
    }
    if (!latest) return undefined;
    const { runId, attempt } = latest;
    if (attempt.some((entry) => entry.step === 'deploy' && entry.status !== 'started')) return undefined;
    const run = entries.filter((entry) => entry.runId === runId);
    const last = attempt.at(-1) ?? run[run.length - 1];
    const start = run.find((entry) => entry.step === 'deploy' && entry.status === 'started');
    const mode = start?.detail?.mode;
    const release = run.find((entry) => entry.step === 'build' && entry.status === 'succeeded')?.detail?.release ?? run.find((entry) => entry.step === 'live-colour' && entry.status === 'succeeded' && typeof entry.detail?.target === 'string')?.detail?.target;
    return {
      runId,
      lastStep: last.step,
      lastStatus: last.status,
      at: last.at,
      ...(mode === 'deploy' || mode === 'rollback' ? { mode } : {}),
      ...(start?.detail?.restore === true ? { restore: true } : {}),
      ...(typeof release === 'string' ? { release } : {}),
    };
  }
}

export interface UnfinishedRun {
  runId: string;
  /** The step of the run's last journal line ("node-2"), and its status. */
  lastStep: string;
  lastStatus?: StepStatus;
  /** ISO time of that line: the age of the run. */
  at: string;
  mode?: 'deploy' | 'rollback';
  /** A roll back that was taking an earlier unfinished run back to the recorded live colour. */
  restore?: boolean;
  /** The release it was deploying, once known. */
  release?: string;
}
