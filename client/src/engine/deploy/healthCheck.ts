// Engine room (pure Node, no vscode): waits until a new instance is healthy. Magento's
// pub/health_check.php only checks the DB and cache connections, so a real page must answer 200 as
// well (a setup_version mismatch, for one, only shows on real pages). Bounded: a deadline, a fixed
// poll interval, a per-request timeout, and an early stop when the instance's process has exited.
export interface HealthTarget {
  healthUrl: string;
  pageUrl: string;
  timeoutMs: number;
  intervalMs: number;
  /** True once the instance's process is gone: no point waiting for the deadline. */
  exited?: () => boolean;
}

export interface HealthResult {
  healthy: boolean;
  waitedMs: number;
  attempts: number;
  /** The last failure, for the user: "GET http://127.0.0.1:18002/ answered 500". */
  lastProblem: string | undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function waitUntilHealthy(target: HealthTarget): Promise<HealthResult> {
  const started = Date.now();
  const deadline = started + target.timeoutMs;
  let attempts = 0;
  let lastProblem: string | undefined;
  const maxAttempts = Math.ceil(target.timeoutMs / Math.max(target.intervalMs, 1)) + 1;
  while (attempts < maxAttempts) {
    attempts += 1;
    lastProblem = (await probe(target.healthUrl, deadline)) ?? (await probe(target.pageUrl, deadline));
    if (lastProblem === undefined) return { healthy: true, waitedMs: Date.now() - started, attempts, lastProblem };
    if (target.exited?.()) return { healthy: false, waitedMs: Date.now() - started, attempts, lastProblem: `${lastProblem}; the instance's process has exited` };
    if (Date.now() + target.intervalMs > deadline) break;
    await sleep(target.intervalMs);
  }
  return { healthy: false, waitedMs: Date.now() - started, attempts, lastProblem };
}

/** undefined when the URL answers 200, else what went wrong. */
async function probe(url: string, deadline: number): Promise<string | undefined> {
  const timeout = Math.max(100, Math.min(5_000, deadline - Date.now()));
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeout), redirect: 'manual' });
    const body = await response.text();
    if (response.status === 200) return undefined;
    // The start of the error page says why (Magento: "Please upgrade your database...").
    const excerpt = body.replace(/\s+/g, ' ').trim().slice(0, 240);
    return `GET ${url} answered ${response.status}${excerpt ? `: ${excerpt}` : ''}`;
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return `GET ${url} failed (${cause ?? (error as Error).name})`;
  }
}
