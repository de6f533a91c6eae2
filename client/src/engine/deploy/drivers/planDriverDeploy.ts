// Engine room (pure Node, no vscode): `planDeploy` for every driver but local: the same pipeline steps
// (lock, live colour, gates, build, migrate, cache flush, switch) around the driver's own commands,
// each with its exact argv (tokens masked). Runs nothing; reads the live colour when Redis answers.
import type { ProjectModel } from '../../../../../server/src/analysis/project';
import type { ConnectionOptions } from '../../environments';
import { buildPhinxArgv } from '../../phinxRunner';
import { buildArgv } from '../buildRelease';
import { lockKey, stateKey, type DeployMode, type PlannedStep } from '../deployPipeline';
import { otherColour, type Colour, type DeploySettings } from '../deploySettings';
import { readLiveState, type LiveState } from '../liveState';
import { RedisConnection } from '../redisConnection';
import type { SideOfSwitch } from '../rollingSwitch';
import type { DeployDriver } from './deployDriver';

/** The live state, or why it could not be read (the plan still lists every step). */
export async function readLiveStateForPlan(settings: DeploySettings): Promise<{ live: LiveState | undefined; note: string }> {
  try {
    const redis = await RedisConnection.open(settings.redis, 2_000);
    try {
      await redis.command('SELECT', settings.stateDatabase);
      return { live: await readLiveState(redis, stateKey(settings)), note: '' };
    } finally {
      redis.close();
    }
  } catch (error) {
    return { live: undefined, note: ` (Redis not reachable now: ${(error as Error).message})` };
  }
}

export async function planDriverDeploy(project: ProjectModel, settings: DeploySettings, driver: DeployDriver, options: ConnectionOptions & { mode?: DeployMode; restore?: boolean }): Promise<PlannedStep[]> {
  const mode = options.mode ?? 'deploy';
  const { live, note } = await readLiveStateForPlan(settings);
  // A roll back while a run is unfinished: every node back to the recorded live colour and release.
  const restore = mode === 'rollback' && options.restore === true && live !== undefined;
  const to: Colour = restore ? live.colour : live ? otherColour(live.colour) : 'blue';
  const release = restore ? live.release : mode === 'rollback' ? (live?.previousRelease ?? '<previous release>') : '<new release id>';
  const from: SideOfSwitch | undefined = restore
    ? { colour: otherColour(live.colour), release: '<the unfinished run’s release>', cacheDatabases: settings.cacheDatabases[otherColour(live.colour)] }
    : live
      ? { colour: live.colour, release: live.release, cacheDatabases: settings.cacheDatabases[live.colour] }
      : undefined;
  const target: SideOfSwitch = { colour: to, release, cacheDatabases: settings.cacheDatabases[to] };
  const context = { mode, release, from, to: target, env: options.env ?? process.env };
  const steps: PlannedStep[] = [
    { step: 'lock', description: `SET ${lockKey(settings)} <owner> NX PX ${settings.lockTtlMs} (Redis DB ${settings.stateDatabase})` },
    { step: 'live-colour', description: `GET ${stateKey(settings)}: ${live ? `${live.colour} serves release ${live.release}` : 'no live colour recorded (first deploy)'}${note}` },
  ];
  if (mode !== 'rollback') {
    steps.push({ step: 'gates', description: `project check clean; bespoke setup_version equals setup_module; pending migrations listed${driver.kind === 'trigger' ? ' (here, before the CI pipeline is started: a release that fails them is never deployed)' : ''}` });
    if (driver.kind === 'trigger') steps.push({ step: 'build', description: 'done by the CI pipeline, which receives the release id' });
    else if (settings.buildCommand) steps.push({ step: 'build', description: `builds and publishes release ${release} (its image for the ${driver.name} driver)`, argv: buildArgv(settings.buildCommand, release) });
    if (driver.kind === 'trigger') steps.push({ step: 'migrate', description: 'done by the CI pipeline' });
    else if (driver.ownsMigrations && driver.planMigrate) steps.push(...driver.planMigrate(context));
    else steps.push({ step: 'migrate', description: 'applies the pending migrations once, before any new instance serves', argv: buildPhinxArgv(project, settings.environment, { command: 'migrate' }) });
  }
  if (restore) {
    steps.push(...driver.planRoll(context));
    steps.push({ step: 'switch', description: `${to} stays recorded as live; FLUSHDB on the abandoned ${otherColour(to)} DBs ${settings.cacheDatabases[otherColour(to)].join(' and ')}` });
    return steps;
  }
  steps.push({ step: 'flush-new-cache', description: `FLUSHDB on Redis DBs ${target.cacheDatabases.join(' and ')} (${to})` });
  steps.push(...driver.planRoll(context));
  steps.push({ step: 'switch', description: `SET ${stateKey(settings)} ${to}${live ? `; FLUSHDB on the old ${live.colour} DBs ${settings.cacheDatabases[live.colour].join(' and ')}` : ''}` });
  return steps;
}
