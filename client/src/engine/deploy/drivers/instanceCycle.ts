// Engine room (pure Node, no vscode): the per-node cycle of the instance drivers (docker, command),
// the same order as the local driver's rolling switch: start one instance of the new colour, wait until
// it is healthy, enlist it, drain the old one, wait, stop it. Capacity never drops. A failure stops the
// new instance before it got traffic and puts the switched nodes back (same cycle, colours swapped).
import { DeployError } from '../deployError';
import type { SideOfSwitch } from '../rollingSwitch';
import type { DriverRunContext, RollResult } from './deployDriver';

export interface InstanceOperations {
  readonly nodeNames: readonly string[];
  start(index: number, side: SideOfSwitch): Promise<void>;
  /** Undefined when healthy, else what was wrong (bounded by the driver's health timeout). */
  waitHealthy(index: number, side: SideOfSwitch): Promise<{ problem: string | undefined; waitedMs: number }>;
  enlist(index: number, side: SideOfSwitch): Promise<void>;
  drain(index: number, side: SideOfSwitch): Promise<void>;
  stop(index: number, side: SideOfSwitch): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function switchOne(operations: InstanceOperations, index: number, from: SideOfSwitch | undefined, to: SideOfSwitch, drainMs: number, context: Pick<DriverRunContext, 'record'> | undefined): Promise<number> {
  const step = `node-${index + 1}`;
  const node = operations.nodeNames[index];
  const started = Date.now();
  context?.record(step, 'started', { node, colour: to.colour });
  try {
    await operations.start(index, to);
    let health: { problem: string | undefined; waitedMs: number };
    try {
      health = await operations.waitHealthy(index, to);
      if (health.problem !== undefined) throw new DeployError('unhealthy', `the new ${to.colour} instance on ${node} (release ${to.release}) was not healthy after ${health.waitedMs} ms: ${health.problem}. It was stopped; it never received traffic.`);
      await operations.enlist(index, to);
    } catch (error) {
      // Until it is enlisted the new instance serves nobody: it goes, the old one keeps serving.
      await operations.stop(index, to).catch(() => undefined);
      throw error;
    }
    if (from) {
      await operations.drain(index, from);
      await sleep(drainMs);
      await operations.stop(index, from);
    }
    context?.record(step, 'succeeded', { node, colour: to.colour, healthWaitMs: health.waitedMs }, started);
    return health.waitedMs;
  } catch (error) {
    context?.record(step, 'failed', { node, colour: to.colour, error: (error as Error).message }, started);
    throw error;
  }
}

export async function runInstanceCycle(operations: InstanceOperations, context: DriverRunContext, drainMs: number): Promise<RollResult> {
  const { from, to } = context;
  const nodes = operations.nodeNames.length;
  const switched: number[] = [];
  let healthWaitMs = 0;
  try {
    for (let index = 0; index < nodes; index += 1) {
      if (context.signal?.aborted) throw new DeployError('cancelled', `the deploy was cancelled after ${switched.length} of ${nodes} node(s) were switched; they were switched back to ${from?.colour ?? 'nothing'}.`);
      healthWaitMs += await switchOne(operations, index, from, to, drainMs, context);
      switched.push(index);
    }
    return { healthWaitMs, drainMs: from ? drainMs * nodes : 0 };
  } catch (error) {
    if (from) {
      for (const index of switched.reverse()) {
        context.record(`node-${index + 1}-back`, 'started', { node: operations.nodeNames[index], colour: from.colour });
        const since = Date.now();
        try {
          await switchOne(operations, index, to, from, drainMs, undefined);
          context.record(`node-${index + 1}-back`, 'succeeded', { node: operations.nodeNames[index], colour: from.colour }, since);
        } catch (backError) {
          context.record(`node-${index + 1}-back`, 'failed', { node: operations.nodeNames[index], error: (backError as Error).message }, since);
        }
      }
    }
    throw error;
  }
}
