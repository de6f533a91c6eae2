// Engine room (pure Node, no vscode): the blue-green rolling deploy as a state machine:
//   lock -> gates -> build -> live-colour -> migrate -> node-1..n -> switch (record + flush) -> unlock
// Drivers other than local (drivers/) replace the node cycle (and, for a Kubernetes Job or a CI
// pipeline, the build or the migration); every other step stays here.
// Every step appends start/end lines to the audit journal. A run can be resumed by its id: steps that
// succeeded in it (gates, build, migrate) are skipped and its release id reused; the node cycle is
// idempotent. Cancel is honoured only at safe points (before build, before migrate, between nodes),
// never during a migration. `planDeploy` lists the same steps with their concrete argv and URLs.
import type { ProjectModel } from '../../../../server/src/analysis/project';
import type { ConnectionOptions } from '../environments';
import { buildPhinxArgv, runPhinx } from '../phinxRunner';
import { AuditLog, type AuditEntry, type StepStatus } from './auditLog';
import { buildArgv, buildRelease, newReleaseId } from './buildRelease';
import { DeployError } from './deployError';
import { runDeployGates, describeGateFailure, type GateReport } from './deployGates';
import { DeployLock } from './deployLock';
import { createDeployDriver } from './drivers/createDriver';
import type { DriverRunContext } from './drivers/deployDriver';
import { planDriverDeploy } from './drivers/planDriverDeploy';
import { otherColour, resolveDeploySettings, type Colour, type DeploySettings } from './deploySettings';
import { flushCacheDatabases, readLiveState, writeLiveState, type LiveState } from './liveState';
import { LocalDriver } from './localDriver';
import { RedisConnection } from './redisConnection';
import { rollingSwitch, type SideOfSwitch } from './rollingSwitch';

export type DeployMode = 'deploy' | 'rollback';

export interface DeployOptions extends ConnectionOptions {
  mode?: DeployMode;
  /** The driver holding the running instances (the local driver keeps them in this process). */
  driver?: LocalDriver;
  signal?: AbortSignal;
  /** Resume an unfinished run: its succeeded steps are skipped. */
  resumeRunId?: string;
  onEntry?: (entry: AuditEntry) => void;
  onOutput?: (text: string) => void;
}

export interface DeployResult {
  runId: string;
  environment: string;
  release: string;
  from: Colour | undefined;
  to: Colour;
  gates: GateReport | undefined;
  totalMs: number;
  /** Time spent waiting for new instances to become healthy (the rest is the pipeline's own overhead). */
  healthWaitMs: number;
  drainMs: number;
  /** A run of this environment that never finished, found in the journal before this one started. */
  unfinishedBefore: { runId: string; lastStep: string; at: string } | undefined;
}

export interface PlannedStep {
  step: string;
  description: string;
  argv?: string[];
  urls?: string[];
}

export function stateKey(settings: DeploySettings): string {
  return `${settings.keyPrefix}${settings.environment.name}:live`;
}

export function lockKey(settings: DeploySettings): string {
  return `${settings.keyPrefix}${settings.environment.name}:lock`;
}

export async function runDeploy(project: ProjectModel, environment: string, options: DeployOptions = {}): Promise<DeployResult> {
  const settings = resolveDeploySettings(project, environment, options.env);
  const mode = options.mode ?? 'deploy';
  const journal = new AuditLog(settings.auditLog);
  const unfinishedBefore = journal.unfinishedRun();
  const resumed = options.resumeRunId ? journal.read().filter((entry) => entry.runId === options.resumeRunId) : [];
  const runId = options.resumeRunId ?? newReleaseId();
  const succeeded = (step: string) => resumed.find((entry) => entry.step === step && entry.status === 'succeeded');
  // docker, kubernetes, command, webhook...: the local driver and its settings do not exist there.
  const external = createDeployDriver(settings);
  const driver = external ? undefined : (options.driver ?? new LocalDriver(settings.local, settings.nodes, options.env));
  const started = Date.now();

  const record = (step: string, status: StepStatus, since?: number, detail?: AuditEntry['detail']) => {
    const entry: AuditEntry = { runId, environment, step, status, at: new Date().toISOString(), ...(since !== undefined ? { durationMs: Date.now() - since } : {}), ...(detail ? { detail } : {}) };
    journal.append(entry);
    options.onEntry?.(entry);
  };
  /** Runs one step with its journal lines; a DeployError or any failure ends it as failed/cancelled. */
  const step = async <T>(name: string, work: () => Promise<T>, detail?: (value: T) => AuditEntry['detail']): Promise<T> => {
    const since = Date.now();
    record(name, 'started');
    try {
      const value = await work();
      record(name, 'succeeded', since, detail?.(value));
      return value;
    } catch (error) {
      const status = error instanceof DeployError && error.problem === 'cancelled' ? 'cancelled' : 'failed';
      record(name, status, since, { error: (error as Error).message });
      throw error;
    }
  };
  const driverContext = (to: SideOfSwitch, from: SideOfSwitch | undefined): DriverRunContext => ({ mode, release: to.release, from, to, env: options.env ?? process.env, signal: options.signal, onOutput: options.onOutput, record: (name, status, detail, since) => record(name, status, since, detail) });
  const safePoint = (before: string) => {
    if (options.signal?.aborted) throw new DeployError('cancelled', `the deploy was cancelled before ${before}; the live colour keeps serving unchanged.`);
  };

  record('deploy', 'started', undefined, { mode, ...(options.resumeRunId ? { resumed: true } : {}) });
  let redis: RedisConnection | undefined;
  let lock: DeployLock | undefined;
  try {
    redis = await step('lock', async () => {
      const connection = await RedisConnection.open(settings.redis);
      try {
        await connection.command('SELECT', settings.stateDatabase);
        lock = await DeployLock.acquire(connection, lockKey(settings), runId, settings.lockTtlMs);
      } catch (error) {
        connection.close();
        throw error;
      }
      return connection;
    });
    const connection = redis;
    const live = await step(
      'live-colour',
      async () => {
        const state = await readLiveState(connection, stateKey(settings));
        if (driver) checkBackendsAgainstState(driver, settings, state);
        return state;
      },
      (state) => ({ colour: state?.colour ?? 'none', release: state?.release ?? 'none' }),
    );
    const to: Colour = live ? otherColour(live.colour) : 'blue';
    const from: SideOfSwitch | undefined = live ? { colour: live.colour, release: live.release, cacheDatabases: settings.cacheDatabases[live.colour] } : undefined;

    let release: string;
    let gates: GateReport | undefined;
    if (mode === 'rollback') {
      if (!live?.previousRelease) throw new DeployError('no-previous-release', `environment "${environment}" has no previous release recorded to roll back to.`);
      release = live.previousRelease;
    } else {
      gates = succeeded('gates')
        ? undefined
        : await step(
            'gates',
            async () => {
              const report = await runDeployGates(project, environment, { ...options, liveReleaseDir: live && driver ? driver.releaseDir(live.release) : undefined, blueGreenSwitch: settings.environment.requestCheckDisabled });
              if (!report.passed) throw new DeployError('gates-failed', describeGateFailure(report));
              return report;
            },
            (report) => ({ pending: report.pendingMigrations.map((entry) => `${entry.version} ${entry.name}`), ...(report.packageWarning ? { warning: report.packageWarning } : {}) }),
          );
      safePoint('the build');
      const built = succeeded('build')?.detail?.release;
      if (typeof built === 'string') release = built;
      // The CI pipeline builds the release it is given.
      else if (external?.kind === 'trigger') release = newReleaseId();
      else {
        const buildCommand = settings.buildCommand;
        if (!buildCommand) throw new DeployError('not-configured', `environments.${environment}.deploy.build.command is not set: the deploy needs a command that builds the release.`);
        const id = newReleaseId();
        await step('build', () => buildRelease(buildCommand, id, { root: settings.root, releaseDir: driver?.releaseDir(id), env: options.env, signal: options.signal, onOutput: options.onOutput }), (argv) => ({ release: id, argv }));
        release = id;
      }
      safePoint('the migrations');
      // A Kubernetes Job migrates with the new image; the other drivers run the environment's phinx from here.
      const driverMigrate = external?.ownsMigrations ? external.migrate?.bind(external) : undefined;
      if (external?.kind === 'trigger') {
        // The CI pipeline migrates, after the gates passed here.
      } else if (!succeeded('migrate') && driverMigrate) {
        await step('migrate', () => driverMigrate(driverContext({ colour: to, release, cacheDatabases: settings.cacheDatabases[to] }, from)), (result) => ({ summary: result.summary }));
      } else if (!succeeded('migrate')) {
        await step('migrate', async () => {
          // No signal: a migration is never interrupted half-way.
          const result = await runPhinx(project, settings.environment, { command: 'migrate' }, { env: options.env, onOutput: options.onOutput });
          if (result.outcome !== 'succeeded') throw new DeployError('migration-failed', `${result.summary} No instance was touched: the ${live?.colour ?? 'current'} colour keeps serving.`);
          return result;
        }, (result) => ({ migrated: result.completed.map((migration) => `${migration.version} ${migration.name}`) }));
      }
    }

    const target: SideOfSwitch = { colour: to, release, cacheDatabases: settings.cacheDatabases[to] };
    // The target pair may hold entries of the release that used it last: start clean.
    await step('flush-new-cache', () => flushCacheDatabases(connection, target.cacheDatabases, settings.stateDatabase), () => ({ databases: target.cacheDatabases.map(String) }));
    const nodeStarts = new Map<number, number>();
    const rolled: { healthWaitMs: number; drainMs?: number } = external ? await external.roll(driverContext(target, from)) : await rollingSwitch(driver!, settings.nodes, from, target, {
      health: settings.health,
      drainMs: settings.drainMs,
      signal: options.signal,
      onNode: (event) => {
        const name = `node-${event.index + 1}`;
        if (event.status === 'started') {
          nodeStarts.set(event.index, Date.now());
          record(name, 'started', undefined, { colour: to, port: event.port });
        } else record(name, event.status, nodeStarts.get(event.index), { colour: to, port: event.port, ...(event.healthWaitMs !== undefined ? { healthWaitMs: event.healthWaitMs } : {}), ...(event.problem ? { error: event.problem } : {}) });
      },
    });
    await step(
      'switch',
      async () => {
        const state: LiveState = { colour: to, release, cacheDatabases: target.cacheDatabases, previousRelease: live?.release, runId, at: new Date().toISOString() };
        await writeLiveState(connection, stateKey(settings), state);
        // Nothing uses the old pair now: every old instance has stopped.
        if (from) await flushCacheDatabases(connection, from.cacheDatabases, settings.stateDatabase);
      },
      () => ({ colour: to, release, flushed: from ? from.cacheDatabases.map(String) : [] }),
    );
    const result: DeployResult = { runId, environment, release, from: live?.colour, to, gates, totalMs: Date.now() - started, healthWaitMs: rolled.healthWaitMs, drainMs: rolled.drainMs ?? (from ? settings.drainMs * settings.nodes : 0), unfinishedBefore };
    record('deploy', 'succeeded', started, { release, colour: to });
    return result;
  } catch (error) {
    const status = error instanceof DeployError && error.problem === 'cancelled' ? 'cancelled' : 'failed';
    record('deploy', status, started, { error: (error as Error).message });
    throw error;
  } finally {
    await lock?.release().catch(() => undefined);
    redis?.close();
  }
}

/** The live colour in Redis must match what nginx balances; a mixed set is a killed run to resume. */
function checkBackendsAgainstState(driver: LocalDriver, settings: DeploySettings, state: LiveState | undefined): void {
  const backends = driver.backends();
  if (!state) return;
  const livePorts = Array.from({ length: settings.nodes }, (_, index) => driver.port(state.colour, index));
  const otherPorts = Array.from({ length: settings.nodes }, (_, index) => driver.port(otherColour(state.colour), index));
  const unknown = backends.filter((port) => !livePorts.includes(port) && !otherPorts.includes(port));
  if (unknown.length > 0 || backends.length === 0) {
    throw new DeployError('state-mismatch', `Redis says ${state.colour} (release ${state.release}) is live, but nginx balances ${backends.length === 0 ? 'no instance' : `ports ${backends.join(', ')}`} (${settings.local.nginx.upstreamFile}). Check the upstream file before deploying.`);
  }
}

/** Every step with its concrete commands and URLs; runs nothing and changes nothing (reads the live colour when Redis answers). */
export async function planDeploy(project: ProjectModel, environment: string, options: ConnectionOptions & { mode?: DeployMode } = {}): Promise<PlannedStep[]> {
  const settings = resolveDeploySettings(project, environment, options.env);
  const external = createDeployDriver(settings);
  if (external) return planDriverDeploy(project, settings, external, options);
  const driver = new LocalDriver(settings.local, settings.nodes, options.env);
  let live: LiveState | undefined;
  let liveNote = '';
  try {
    const redis = await RedisConnection.open(settings.redis, 2_000);
    try {
      await redis.command('SELECT', settings.stateDatabase);
      live = await readLiveState(redis, stateKey(settings));
    } finally {
      redis.close();
    }
  } catch (error) {
    liveNote = ` (Redis not reachable now: ${(error as Error).message})`;
  }
  const to: Colour = live ? otherColour(live.colour) : 'blue';
  const release = options.mode === 'rollback' ? (live?.previousRelease ?? '<previous release>') : '<new release id>';
  const steps: PlannedStep[] = [{ step: 'lock', description: `SET ${lockKey(settings)} <owner> NX PX ${settings.lockTtlMs} (Redis DB ${settings.stateDatabase})` }];
  steps.push({ step: 'live-colour', description: `GET ${stateKey(settings)}: ${live ? `${live.colour} serves release ${live.release}` : 'no live colour recorded (first deploy)'}${liveNote}; compared with ${settings.local.nginx.upstreamFile}` });
  if (options.mode !== 'rollback') {
    steps.push({ step: 'gates', description: 'project check clean; bespoke setup_version equals setup_module; composer.lock compared with the live release; pending migrations listed' });
    if (settings.buildCommand) steps.push({ step: 'build', description: `builds ${driver.releaseDir(release)}`, argv: buildArgv(settings.buildCommand, release) });
    steps.push({ step: 'migrate', description: 'applies the pending migrations once, before any new instance serves', argv: buildPhinxArgv(project, settings.environment, { command: 'migrate' }) });
  }
  const target = settings.cacheDatabases[to];
  steps.push({ step: 'flush-new-cache', description: `FLUSHDB on Redis DBs ${target.join(' and ')} (${to})` });
  for (let index = 0; index < settings.nodes; index += 1) {
    const spec = driver.instanceSpec(to, index, release, target);
    const oldPort = live ? driver.port(live.colour, index) : undefined;
    steps.push({
      step: `node-${index + 1}`,
      description: `start ${to} instance on port ${spec.port} (cache DBs ${target.join('/')}), wait until healthy (timeout ${settings.health.timeoutMs} ms), put it in nginx${oldPort ? `, take out port ${oldPort}, wait ${settings.drainMs} ms, stop it` : ''}`,
      argv: spec.argv,
      urls: [`${spec.baseUrl}${settings.health.path}`, `${spec.baseUrl}${settings.health.page}`],
    });
  }
  steps.push({ step: 'reload', description: 'after each upstream rewrite', argv: driver.reloadArgv() });
  steps.push({ step: 'switch', description: `SET ${stateKey(settings)} ${to}${live ? `; FLUSHDB on the old ${live.colour} DBs ${settings.cacheDatabases[live.colour].join(' and ')}` : ''}` });
  return steps;
}
