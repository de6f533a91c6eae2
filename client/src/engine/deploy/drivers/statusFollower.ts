// Engine room (pure Node, no vscode): follows something that progresses elsewhere (a Kubernetes
// rollout, a Swarm update, a CI pipeline) by polling it. Bounded: a deadline and a maximum number of
// polls; each change of what is observed is reported once, so the journal holds the steps, not the polls.
export interface Observation {
  outcome: 'progressing' | 'done' | 'failed';
  /** What a person reads: "2/3 updated, 1 available", "running". */
  text: string;
  detail?: Record<string, string | number | boolean>;
}

export interface FollowOptions {
  poll: () => Promise<Observation>;
  intervalMs: number;
  timeoutMs: number;
  signal?: AbortSignal;
  onChange?: (observation: Observation, index: number) => void;
  /** A poll that throws is retried this many times in a row before the follow gives up (a flaky API). */
  toleratedErrors?: number;
}

export interface FollowResult {
  outcome: 'done' | 'failed' | 'timeout' | 'cancelled' | 'unreachable';
  last: Observation | undefined;
  waitedMs: number;
  /** The message of the last failed poll, for 'unreachable'. */
  error?: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function followStatus(options: FollowOptions): Promise<FollowResult> {
  const started = Date.now();
  const deadline = started + options.timeoutMs;
  const maxPolls = Math.ceil(options.timeoutMs / Math.max(options.intervalMs, 1)) + 1;
  const tolerated = options.toleratedErrors ?? 3;
  let last: Observation | undefined;
  let changes = 0;
  let errorsInRow = 0;
  for (let poll = 0; poll < maxPolls; poll += 1) {
    if (options.signal?.aborted) return { outcome: 'cancelled', last, waitedMs: Date.now() - started };
    let observation: Observation;
    try {
      observation = await options.poll();
      errorsInRow = 0;
    } catch (error) {
      errorsInRow += 1;
      if (errorsInRow > tolerated) return { outcome: 'unreachable', last, waitedMs: Date.now() - started, error: (error as Error).message };
      if (Date.now() + options.intervalMs > deadline) break;
      await sleep(options.intervalMs);
      continue;
    }
    if (!last || last.text !== observation.text || last.outcome !== observation.outcome) {
      changes += 1;
      options.onChange?.(observation, changes);
    }
    last = observation;
    if (observation.outcome !== 'progressing') return { outcome: observation.outcome, last, waitedMs: Date.now() - started };
    if (Date.now() + options.intervalMs > deadline) break;
    await sleep(options.intervalMs);
  }
  return { outcome: 'timeout', last, waitedMs: Date.now() - started };
}
