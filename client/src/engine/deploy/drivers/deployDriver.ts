// Engine room (pure Node, no vscode): what the deploy pipeline asks of a driver other than `local`.
// The pipeline keeps the lock, the gates, the build, the migration step, the cache DB alternation, the
// live-colour state and the audit log; a driver only moves the instances from one colour to the other.
// Three kinds:
//   'instances' (docker, command): the per-node cycle of the local driver (rollingSwitch.ts: start new
//     -> health -> enlist -> drain -> stop old) over the driver's InstanceOperations;
//   'rollout' (kubernetes, docker-swarm): one update hands the rolling to the orchestrator, which is
//     followed here, each observed step journaled;
//   'trigger' (webhook): the environment's CI pipeline does build, migrate and rollout; it is started
//     after the gates passed here and followed.
import type { DeployDriverName } from '../../../../../server/src/analysis/config';
import type { DeployMode, PlannedStep } from '../deployPipeline';
import type { RollingContext, SideOfSwitch } from '../rollingSwitch';

export type DriverKind = 'instances' | 'rollout' | 'trigger';

/** `record` appends a journal line (node-style entries: one per node or per observed rollout step). */
export interface DriverRunContext extends RollingContext {
  mode: DeployMode;
  release: string;
  env: NodeJS.ProcessEnv;
  onOutput?: (text: string) => void;
}

export interface DriverPlanContext {
  mode: DeployMode;
  release: string;
  from: SideOfSwitch | undefined;
  to: SideOfSwitch;
  env: NodeJS.ProcessEnv;
}

export interface RollResult {
  healthWaitMs: number;
  drainMs: number;
}

export interface DeployDriver {
  readonly name: Exclude<DeployDriverName, 'local'>;
  readonly kind: DriverKind;
  /** True when the driver runs the migrations itself (a Kubernetes Job); otherwise the environment's phinx runs from here. */
  readonly ownsMigrations: boolean;
  migrate?(context: DriverRunContext): Promise<{ summary: string }>;
  planMigrate?(context: DriverPlanContext): PlannedStep[];
  /** Moves every instance to `context.to`; on failure leaves (or puts back) the live side serving and throws a DeployError. */
  roll(context: DriverRunContext): Promise<RollResult>;
  planRoll(context: DriverPlanContext): PlannedStep[];
}

/** The variables that tell an instance its colour, release and cache DB pair. */
export function colourVariables(names: { cacheDb: string; pageCacheDb: string; colour: string; release: string }, side: SideOfSwitch): Array<[string, string]> {
  return [
    [names.cacheDb, String(side.cacheDatabases[0])],
    [names.pageCacheDb, String(side.cacheDatabases[1])],
    [names.colour, side.colour],
    [names.release, side.release],
  ];
}
