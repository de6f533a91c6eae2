// Engine room (pure Node, no vscode): the per-node cycle of a blue-green rolling switch. For each node:
// start one instance of the new colour, wait until healthy, swap it for one old instance in the load
// balancer (one nginx reload), let the old one drain, stop it. Capacity never drops: the old instance
// leaves the balancer only after its replacement answers. When a new instance fails, it is stopped
// and the nodes already switched are switched back, so the old colour serves alone again. Every step
// is idempotent, so a killed run can be resumed (or reversed) by running the cycle again.
import type { CacheDatabasePair } from '../../../../server/src/analysis/config';
import { DeployError } from './deployError';
import type { Colour } from './deploySettings';
import { waitUntilHealthy } from './healthCheck';
import type { LocalDriver } from './localDriver';

export interface SideOfSwitch {
  colour: Colour;
  release: string;
  cacheDatabases: CacheDatabasePair;
}

export interface RollingOptions {
  health: { path: string; page: string; timeoutMs: number; intervalMs: number };
  drainMs: number;
  signal?: AbortSignal;
  /** Default true. False when `from` is not worth going back to (a roll back of a killed run). */
  switchBackOnFailure?: boolean;
  /** Called around each node; the pipeline journals these. */
  onNode?: (event: { index: number; status: 'started' | 'succeeded' | 'failed'; port: number; durationMs?: number; healthWaitMs?: number; problem?: string }) => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Switches node `index` from `from` to `to`. `from` undefined: nothing to replace (first deploy). Returns the health wait. */
export async function switchNode(driver: LocalDriver, index: number, from: SideOfSwitch | undefined, to: SideOfSwitch, options: RollingOptions): Promise<number> {
  const spec = driver.instanceSpec(to.colour, index, to.release, to.cacheDatabases);
  const started = Date.now();
  options.onNode?.({ index, status: 'started', port: spec.port });
  // A killed run may have left this very instance running (same release and port): it is reused.
  // Anything else on that colour and node is stopped first, after leaving nginx if it was serving.
  if (!(await driver.adopt(spec)) && driver.backends().includes(spec.port)) {
    const others = driver.backends().filter((port) => port !== spec.port);
    if (others.length > 0) {
      await driver.setBackends(others);
      await sleep(options.drainMs);
    }
  }
  const instance = await driver.adoptOrStart(spec);
  const health = await waitUntilHealthy({ healthUrl: `${spec.baseUrl}${options.health.path}`, pageUrl: `${spec.baseUrl}${options.health.page}`, timeoutMs: options.health.timeoutMs, intervalMs: options.health.intervalMs, exited: instance.exited });
  if (!health.healthy) {
    // An adopted instance (a resumed run) may already be in nginx: out first, while others serve.
    const others = driver.backends().filter((port) => port !== spec.port);
    if (others.length > 0 && others.length < driver.backends().length) await driver.setBackends(others);
    await driver.stop(to.colour, index);
    const problem = `the new ${to.colour} instance ${index + 1} (release ${to.release}, port ${spec.port}) was not healthy after ${health.waitedMs} ms: ${health.lastProblem ?? 'no answer'}. ${instance.adopted ? 'It had been started by an earlier run; it was taken out of nginx and stopped.' : 'It was stopped; it never received traffic.'}`;
    options.onNode?.({ index, status: 'failed', port: spec.port, durationMs: Date.now() - started, healthWaitMs: health.waitedMs, problem });
    throw new DeployError('unhealthy', problem);
  }
  const oldPort = from ? driver.port(from.colour, index) : undefined;
  // The environment owns its upstream file: on a first deploy, whatever else it listed goes.
  const own = new Set(Array.from({ length: driver.nodes }, (_, node) => [driver.port('blue', node), driver.port('green', node)]).flat());
  const backends = driver.backends().filter((port) => port !== oldPort && port !== spec.port && (from !== undefined || own.has(port)));
  await driver.setBackends([...backends, spec.port]);
  if (from) {
    // nginx's old workers finish their requests to the old instance; new ones no longer pick it.
    await sleep(options.drainMs);
    await driver.stop(from.colour, index);
  }
  options.onNode?.({ index, status: 'succeeded', port: spec.port, durationMs: Date.now() - started, healthWaitMs: health.waitedMs });
  return health.waitedMs;
}

export interface RollingResult {
  healthWaitMs: number;
}

/**
 * Switches every node from `from` to `to`. On a failure or a cancel between nodes, the switched nodes
 * go back to `from` (same cycle) and the error is rethrown.
 */
export async function rollingSwitch(driver: LocalDriver, nodes: number, from: SideOfSwitch | undefined, to: SideOfSwitch, options: RollingOptions): Promise<RollingResult> {
  let healthWaitMs = 0;
  const switched: number[] = [];
  try {
    for (let index = 0; index < nodes; index += 1) {
      // A safe point: every node is wholly on one colour.
      if (options.signal?.aborted) throw new DeployError('cancelled', `the deploy was cancelled after ${switched.length} of ${nodes} node(s) were switched; they were switched back to ${from?.colour ?? 'nothing'}.`);
      healthWaitMs += await switchNode(driver, index, from, to, options);
      switched.push(index);
    }
    return { healthWaitMs };
  } catch (error) {
    if (from && options.switchBackOnFailure !== false) {
      for (const index of switched.reverse()) await switchNode(driver, index, to, from, { ...options, signal: undefined, onNode: undefined });
    }
    throw error;
  }
}
