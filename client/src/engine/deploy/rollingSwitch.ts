// Engine room (pure Node, no vscode): the one per-node cycle of a blue-green rolling switch, for every
// driver that moves instances itself (local, docker, command). For each node: start one instance of
// the new colour (or adopt the one a killed run left running), wait until healthy, enlist it, drain the
// old one, wait, stop it. Capacity never drops: the old instance leaves the load balancer only after its
// replacement answers. A new instance that fails is stopped before it serves, and the nodes already
// switched are switched back (same cycle, colours swapped), so the old colour serves alone again. Every
// step is idempotent, so a killed run can be resumed (or reversed) by running the cycle again.
import type { CacheDatabasePair } from '../../../../server/src/analysis/config';
import type { AuditEntry, StepStatus } from './auditLog';
import { DeployError } from './deployError';
import type { Colour } from './deploySettings';
import type { RollResult } from './drivers/deployDriver';

export interface SideOfSwitch {
  colour: Colour;
  release: string;
  cacheDatabases: CacheDatabasePair;
}

/** What a driver does to one instance; the cycle decides the order. */
export interface InstanceOperations {
  readonly nodes: number;
  /** Names the instance in its journal lines: `{ colour, port }` or `{ node, colour }` (the Deploys view and the CLI show them). */
  journalDetail(index: number, side: SideOfSwitch): Record<string, string | number>;
  /** Names the instance in a failure: "instance 2 (release r, port 18003)", "instance on web1 (release r)". */
  describe(index: number, side: SideOfSwitch): string;
  /** True when a killed run left exactly this instance running and it is reused as it is (no start). */
  adopt?(index: number, side: SideOfSwitch): Promise<boolean>;
  start(index: number, side: SideOfSwitch): Promise<void>;
  /** `problem` undefined when healthy, else what was wrong (bounded by the health timeout). */
  waitHealthy(index: number, side: SideOfSwitch): Promise<{ problem: string | undefined; waitedMs: number }>;
  /** Puts the instance in the load balancer; `replacing` is the one it takes the place of, which a balancer may drop in the same change. */
  enlist(index: number, side: SideOfSwitch, replacing: SideOfSwitch | undefined): Promise<void>;
  /** Takes the instance out of the load balancer (nothing to do when it is not in it). */
  drain(index: number, side: SideOfSwitch): Promise<void>;
  stop(index: number, side: SideOfSwitch): Promise<void>;
}

export interface RollingContext {
  /** The live side; undefined on the first deploy (nothing to replace). */
  from: SideOfSwitch | undefined;
  to: SideOfSwitch;
  /** Honoured only between nodes, and not when switching back is off (the run must reach its end). */
  signal?: AbortSignal;
  /** Default true. False when `from` is not worth going back to (the restore of a killed run). */
  switchBackOnFailure?: boolean;
  record: (step: string, status: StepStatus, detail?: AuditEntry['detail'], since?: number) => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Switches node `index` from `from` to `to`, journaled as node-N when `record` is given. Returns the health wait. */
async function switchNode(operations: InstanceOperations, index: number, from: SideOfSwitch | undefined, to: SideOfSwitch, drainMs: number, record: RollingContext['record'] | undefined): Promise<number> {
  const step = `node-${index + 1}`;
  const detail = operations.journalDetail(index, to);
  const started = Date.now();
  let healthWaitMs: number | undefined;
  record?.(step, 'started', detail);
  try {
    const adopted = (await operations.adopt?.(index, to)) ?? false;
    if (!adopted) await operations.start(index, to);
    let health: { problem: string | undefined; waitedMs: number };
    try {
      health = await operations.waitHealthy(index, to);
      healthWaitMs = health.waitedMs;
      if (health.problem !== undefined) {
        const outcome = adopted ? 'It had been started by an earlier run; it was taken out of nginx and stopped.' : 'It was stopped; it never received traffic.';
        throw new DeployError('unhealthy', `the new ${to.colour} ${operations.describe(index, to)} was not healthy after ${health.waitedMs} ms: ${health.problem}. ${outcome}`);
      }
      await operations.enlist(index, to, from);
    } catch (error) {
      // Until it is enlisted the new instance serves nobody (an adopted one leaves the balancer first): it goes, the old one keeps serving.
      await operations.stop(index, to).catch(() => undefined);
      throw error;
    }
    if (from) {
      await operations.drain(index, from);
      // The balancer's requests in flight to the old instance finish; new ones no longer pick it.
      await sleep(drainMs);
      await operations.stop(index, from);
    }
    record?.(step, 'succeeded', { ...detail, healthWaitMs: health.waitedMs }, started);
    return health.waitedMs;
  } catch (error) {
    record?.(step, 'failed', { ...detail, ...(healthWaitMs !== undefined ? { healthWaitMs } : {}), error: (error as Error).message }, started);
    throw error;
  }
}

/**
 * Switches every node from `context.from` to `context.to`. On a failure or a cancel between nodes, the
 * switched nodes go back to `from` (journaled as node-N-back) and the error is rethrown.
 */
export async function rollingSwitch(operations: InstanceOperations, context: RollingContext, drainMs: number): Promise<RollResult> {
  const { from, to } = context;
  const nodes = operations.nodes;
  const reversible = context.switchBackOnFailure !== false;
  const switched: number[] = [];
  let healthWaitMs = 0;
  try {
    for (let index = 0; index < nodes; index += 1) {
      // A safe point: every node is wholly on one colour.
      if (reversible && context.signal?.aborted) throw new DeployError('cancelled', `the deploy was cancelled after ${switched.length} of ${nodes} node(s) were switched; they were switched back to ${from?.colour ?? 'nothing'}.`);
      healthWaitMs += await switchNode(operations, index, from, to, drainMs, context.record);
      switched.push(index);
    }
    return { healthWaitMs, drainMs: from ? drainMs * nodes : 0 };
  } catch (error) {
    if (from && reversible) {
      for (const index of switched.reverse()) {
        const step = `node-${index + 1}-back`;
        const detail = operations.journalDetail(index, from);
        const since = Date.now();
        context.record(step, 'started', detail);
        try {
          await switchNode(operations, index, to, from, drainMs, undefined);
          context.record(step, 'succeeded', detail, since);
        } catch (backError) {
          context.record(step, 'failed', { ...detail, error: (backError as Error).message }, since);
        }
      }
    }
    throw error;
  }
}
