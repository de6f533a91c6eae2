// Analysis room: reads many migrations on worker threads for a whole-project check. Parsing PHP is
// most of a check's time and each file parses on its own, so N threads read ahead in batches while
// the main thread replays the schema and runs the schema rules in migration order.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ProjectModel } from '../project';
import { readMigrationFacts, type MigrationFacts } from './analyzeMigration';
import type { MigrationFile } from './migrationFiles';

export interface FactsWorkerData {
  project: ProjectModel;
}

export interface FactsJob {
  file: MigrationFile;
  duplicates: { sameVersion: string[]; sameClassName: string[] };
}

export interface FactsBatchRequest {
  batch: number;
  jobs: FactsJob[];
}

export type FactsResult =
  /** Without the text: a one-shot check needs only the facts, and leaving it out saves copying every file back. */
  | { kind: 'read'; facts: MigrationFacts }
  | { kind: 'missing' }
  /** Reading it threw; the check analyses it the single-thread way, which reports what went wrong. */
  | { kind: 'failed'; text: string; message: string };

export interface FactsBatchReply {
  batch: number;
  /** FactsResult[] as JSON (see the worker). */
  json: string;
}

/** Big enough that messaging is a small share of the work, small enough that the first results come quickly. */
const BATCH_SIZE = 32;
/** Batches queued per worker beyond the one it works on: keeps it busy without holding every result in memory. */
const BATCHES_AHEAD_PER_WORKER = 2;

/** Worker threads pay off only when there is parsing to share: below this the check stays on one thread. */
export const PARALLEL_MIN_MIGRATIONS = 200;

/**
 * The worker script next to this module: the bundled dist/migrationFactsWorker.js beside dist/cli.js,
 * or the TypeScript source when running from source (tests under tsx, whose loader workers inherit).
 */
export function factsWorkerScript(): string | undefined {
  const script = join(__dirname, __filename.endsWith('.ts') ? 'migrationFactsWorker.ts' : 'migrationFactsWorker.js');
  return existsSync(script) ? script : undefined;
}

/** What a worker does with one job, and what this thread does with the batches it takes on itself. */
export function readFactsJob(project: ProjectModel, job: FactsJob): FactsResult {
  let text: string;
  try {
    text = readFileSync(join(project.root, job.file.path), 'utf8');
  } catch {
    return { kind: 'missing' };
  }
  try {
    return { kind: 'read', facts: readMigrationFacts(project, job.file, text, job.duplicates, { withoutCallSyntax: true }).facts };
  } catch (error) {
    return { kind: 'failed', text, message: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Hands out the facts of the jobs in order. Worker threads read batches ahead; while the batch this
 * thread needs next is still with a worker, this thread reads the next batch nobody has taken, so no
 * CPU waits (`jobs` threads in all = jobs - 1 workers + this one). A batch whose worker dies goes back
 * to the queue; with no worker left, this thread reads the rest.
 */
export class MigrationFactsPool {
  private readonly workers = new Set<Worker>();
  /** Batches nobody has taken, smallest first. */
  private readonly unsent: number[] = [];
  private readonly assigned = new Map<number, Worker>();
  private readonly done = new Map<number, FactsResult[]>();
  private wake: (() => void) | undefined;
  private closed = false;

  constructor(
    script: string,
    private readonly project: ProjectModel,
    private readonly jobs: readonly FactsJob[],
    workerCount: number,
  ) {
    const batchCount = Math.ceil(jobs.length / BATCH_SIZE);
    for (let batch = 0; batch < batchCount; batch++) this.unsent.push(batch);
    for (let index = 0; index < workerCount; index++) {
      const worker = new Worker(script, { workerData: { project } satisfies FactsWorkerData });
      worker.on('message', (reply: FactsBatchReply) => this.settle(worker, reply.batch, reply.json));
      worker.on('error', () => this.lose(worker));
      worker.on('exit', () => this.lose(worker));
      this.workers.add(worker);
    }
    for (let round = 0; round <= BATCHES_AHEAD_PER_WORKER; round++) for (const worker of this.workers) this.send(worker);
  }

  async factsAt(index: number): Promise<FactsResult> {
    const batch = Math.floor(index / BATCH_SIZE);
    for (let guard = 0; guard <= this.jobs.length + this.unsent.length + 1; guard++) {
      const results = this.done.get(batch);
      if (results) {
        // Each job is asked for once, in order: the batch's last job lets its results go.
        if (index % BATCH_SIZE === BATCH_SIZE - 1 || index === this.jobs.length - 1) this.done.delete(batch);
        return results[index % BATCH_SIZE];
      }
      const spare = this.assigned.has(batch) ? this.unsent.shift() : this.take(batch);
      if (spare !== undefined) {
        this.done.set(spare, this.batchJobs(spare).map((job) => readFactsJob(this.project, job)));
        // Lets the workers' replies in (and more work out to them) before the next batch.
        await new Promise<void>((resolve) => setImmediate(resolve));
      } else {
        await new Promise<void>((resolve) => (this.wake = resolve));
      }
    }
    throw new Error(`migration ${index} was never read`);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.workers].map((worker) => worker.terminate()));
  }

  private take(batch: number): number | undefined {
    const at = this.unsent.indexOf(batch);
    return at < 0 ? undefined : this.unsent.splice(at, 1)[0];
  }

  private batchJobs(batch: number): readonly FactsJob[] {
    return this.jobs.slice(batch * BATCH_SIZE, (batch + 1) * BATCH_SIZE);
  }

  private send(worker: Worker): void {
    const batch = this.unsent.shift();
    if (batch === undefined) return;
    this.assigned.set(batch, worker);
    worker.postMessage({ batch, jobs: [...this.batchJobs(batch)] } satisfies FactsBatchRequest);
  }

  private settle(worker: Worker, batch: number, json: string): void {
    this.assigned.delete(batch);
    this.done.set(batch, JSON.parse(json) as FactsResult[]);
    this.send(worker);
    this.wakeUp();
  }

  private lose(worker: Worker): void {
    if (!this.workers.delete(worker) || this.closed) return;
    for (const [batch, holder] of this.assigned) {
      if (holder !== worker) continue;
      this.assigned.delete(batch);
      this.unsent.push(batch);
    }
    this.unsent.sort((a, b) => a - b);
    this.wakeUp();
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
