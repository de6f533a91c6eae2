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

  /** The last run's id when it has no final 'deploy' end event: it was killed or lost its machine. */
  unfinishedRun(): { runId: string; lastStep: string; at: string } | undefined {
    const entries = this.read();
    const last = entries.at(-1);
    if (!last) return undefined;
    const run = entries.filter((entry) => entry.runId === last.runId);
    const ended = run.some((entry) => entry.step === 'deploy' && entry.status !== 'started');
    return ended ? undefined : { runId: last.runId, lastStep: last.step, at: last.at };
  }
}
