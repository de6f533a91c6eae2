// Test helper: a bounded load generator. A few workers send GETs one after another to a loopback URL
// until stop() is called, the duration runs out or the request budget is spent, whichever is first.
// A failed request is any answer but 200, or no answer. Latencies give p50/p99.
import { request } from 'node:http';

export interface LoadReport {
  total: number;
  failed: number;
  /** Status (or error code) -> count, for the failures. */
  failures: Record<string, number>;
  p50Ms: number;
  p99Ms: number;
  durationMs: number;
}

export interface LoadOptions {
  url: string;
  concurrency: number;
  maxDurationMs: number;
  maxRequests: number;
  /** Per request. */
  timeoutMs?: number;
}

function get(url: string, timeoutMs: number): Promise<string | number> {
  return new Promise((resolve) => {
    const req = request(url, { agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    req.end();
  });
}

export class LoadGenerator {
  private stopped = false;
  private readonly latencies: number[] = [];
  private readonly failures: Record<string, number> = {};
  private sent = 0;
  private readonly started = Date.now();
  readonly done: Promise<LoadReport>;

  constructor(private readonly options: LoadOptions) {
    const loopback = new URL(options.url).hostname;
    if (loopback !== '127.0.0.1' && loopback !== 'localhost') throw new Error('the load generator only sends to loopback');
    this.done = Promise.all(Array.from({ length: options.concurrency }, () => this.worker())).then(() => this.report());
  }

  /** Requests answered so far. */
  get count(): number {
    return this.latencies.length;
  }

  stop(): Promise<LoadReport> {
    this.stopped = true;
    return this.done;
  }

  private async worker(): Promise<void> {
    const deadline = this.started + this.options.maxDurationMs;
    while (!this.stopped && Date.now() < deadline && this.sent < this.options.maxRequests) {
      this.sent += 1;
      const begin = performance.now();
      const status = await get(this.options.url, this.options.timeoutMs ?? 10_000);
      this.latencies.push(performance.now() - begin);
      if (status !== 200) this.failures[String(status)] = (this.failures[String(status)] ?? 0) + 1;
    }
  }

  private report(): LoadReport {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    const at = (q: number) => (sorted.length === 0 ? 0 : Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] * 10) / 10);
    const failed = Object.values(this.failures).reduce((sum, count) => sum + count, 0);
    return { total: sorted.length, failed, failures: { ...this.failures }, p50Ms: at(0.5), p99Ms: at(0.99), durationMs: Date.now() - this.started };
  }
}

/** One line for the test log and the bench: "label: N requests in T ms, F failed {...}, p50, p99". */
export function describeLoad(label: string, report: LoadReport): string {
  return `${label}: ${report.total} requests in ${report.durationMs} ms, ${report.failed} failed ${JSON.stringify(report.failures)}, p50 ${report.p50Ms} ms, p99 ${report.p99Ms} ms`;
}
