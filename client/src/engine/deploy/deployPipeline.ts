// Engine room (pure Node, no vscode): the blue-green rolling deploy as a state machine:
//   lock -> gates -> build -> live-colour -> migrate -> node-1..n -> switch (record + flush) -> unlock
// Every step appends start/end lines to the audit journal. A run killed half-way is found in the
// journal by the next one, which refuses to start a new deploy until it is resumed (by its id: steps
// that succeeded in it are skipped, its release id reused; the node cycle is idempotent and adopts
// the instances still running) or rolled back (every node back to the colour Redis records as live).
// The node cycle (rollingSwitch.ts) is one for the drivers that move instances themselves (local,
// docker, command); an orchestrator or a CI pipeline (drivers/) replaces it (and, for a Kubernetes Job
// or a CI pipeline, the build or the migration); every other step stays here. Cancel is honoured only
// at safe points (before build, before migrate, between nodes), never during a migration. `planDeploy` lists the same steps with their concrete argv and URLs.
import type { ProjectModel } from '../../../../server/src/analysis/project';
import type { ConnectionOptions } from '../environments';
import { buildPhinxArgv, runPhinx } from '../phinxRunner';
import { AuditLog, type AuditEntry, type StepStatus, type UnfinishedRun } from './auditLog';
import { buildArgv, buildRelease, newReleaseId } from './buildRelease';
import { DeployError } from './deployError';
import { runDeployGates, describeGateFailure, type GateReport } from './deployGates';
import { DeployLock, parseHolder, staleReason, type LockHolder } from './deployLock';
import { createDeployDriver } from './drivers/createDriver';
import type { DriverRunContext, RollResult } from './drivers/deployDriver';
import { planDriverDeploy } from './drivers/planDriverDeploy';
import { otherColour, resolveDeploySettings, type Colour, type DeploySettings } from './deploySettings';
import { flushCacheDatabases, readLiveState, writeLiveState, type LiveState } from './liveState';
import { LocalDriver } from './localDriver';
import { RedisConnection } from './redisConnection';
import { rollingSwitch, type SideOfSwitch } from './rollingSwitch';

export type DeployMode = 'deploy' | 'rollback';

export interface DeployOptions extends ConnectionOptions {
  mode?: DeployMode;
  /** The driver of the instances (default: a LocalDriver; it finds instances of earlier runs by their pid files). */
  driver?: LocalDriver;
  /** Cancels at the next safe point (before build, before migrate, between nodes); never during a migration. */
  signal?: AbortSignal;
  /** Resume an unfinished run (its id, or 'last' for the environment's unfinished run): its succeeded steps are skipped. */
  resumeRunId?: string;
  /** Take a lock whose holder provably died (it ran on this machine and its process is gone). */
  breakLock?: boolean;
  onEntry?: (entry: AuditEntry) => void;
  onOutput?: (text: string) => void;
  /** Facts that are not failures: a stale lock taken over, a stale pid file cleaned. */
  onNote?: (text: string) => void;
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
  /** This run finished an unfinished one (same run id). */
  resumed?: boolean;
  /** A roll back that took an unfinished run's half-switched nodes back to the recorded live colour. */
  restored?: boolean;
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

/** "run 2026...-k3x9 (deploy of release R) stopped after node-2 started, 3 min ago" plus the two ways out. */
export function describeUnfinishedRun(run: UnfinishedRun, environment: string, now = Date.now()): string {
  const what = run.mode === 'rollback' ? 'roll back' : 'deploy';
  const release = run.release ? ` of release ${run.release}` : '';
  return `run ${run.runId} (${what}${release}) never finished: its last journal line is "${run.lastStep}${run.lastStatus ? ` ${run.lastStatus}` : ''}", ${describeAge(now - Date.parse(run.at))} ago (the process was killed or its machine died). Resume it with "magento-zdd deploy --env ${environment} --resume ${run.runId}", or go back to the recorded live release with "magento-zdd deploy:rollback --env ${environment}".`;
}

export function describeAge(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}

export async function runDeploy(project: ProjectModel, environment: string, options: DeployOptions = {}): Promise<DeployResult> {
  const settings = resolveDeploySettings(project, environment, options.env);
  const journal = new AuditLog(settings.auditLog);
  const journalled = journal.unfinishedRun();
  // A run still holding its live lock is running elsewhere, not killed: the lock step refuses it.
  const liveHolder = journalled ? await liveLockHolder(settings, journalled.runId) : undefined;
  const inProgress = liveHolder !== undefined;
  const unfinished = inProgress ? undefined : journalled;
  if (inProgress && options.resumeRunId !== undefined && (options.resumeRunId === 'last' || options.resumeRunId === journalled?.runId)) {
    // Not journaled: a second attempt under the same run id would tangle with the running one's lines.
    throw new DeployError('locked', `run ${journalled?.runId} is not unfinished: it is still running (${liveHolder.owner}, lock taken ${describeAge(Date.now() - liveHolder.since)} ago). Wait for it to finish.`);
  }
  const unfinishedBefore = unfinished ? { runId: unfinished.runId, lastStep: unfinished.lastStep, at: unfinished.at } : undefined;
  const resumeRunId = options.resumeRunId === 'last' ? (unfinished ?? journalled)?.runId : options.resumeRunId;
  if (options.resumeRunId !== undefined && !inProgress && (!unfinished || resumeRunId !== unfinished.runId)) {
    throw new DeployError('not-resumable', unfinished ? `run ${options.resumeRunId} is not the unfinished run of "${environment}"; that is ${unfinished.runId}.` : `"${environment}" has no unfinished run to resume (${settings.auditLog}).`);
  }
  const mode: DeployMode = resumeRunId ? (unfinished?.mode ?? options.mode ?? 'deploy') : (options.mode ?? 'deploy');
  // Rolling back while a run is unfinished means: back to what Redis records as live, from whatever
  // half-switched state that run left.
  const restoring = mode === 'rollback' && unfinished !== undefined && (resumeRunId === undefined || unfinished.restore === true);
  if (mode === 'deploy' && !resumeRunId && unfinished) throw new DeployError('unfinished-run', `"${environment}": ${describeUnfinishedRun(unfinished, environment)}`);
  const resumed = resumeRunId ? journal.read().filter((entry) => entry.runId === resumeRunId) : [];
  const runId = resumeRunId ?? newReleaseId();
  const succeeded = (step: string) => resumed.find((entry) => entry.step === step && entry.status === 'succeeded');
  // docker, kubernetes, command, webhook...: the local driver and its settings do not exist there.
  const external = createDeployDriver(settings);
  const driver = external ? undefined : (options.driver ?? new LocalDriver(settings.local, settings.nodes, options.env));
  if (driver && options.onNote && !driver.onNote) driver.onNote = options.onNote;
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
  let lock: DeployLock | undefined;
  const driverContext = (to: SideOfSwitch, from: SideOfSwitch | undefined, switchBackOnFailure = true): DriverRunContext => ({ mode, release: to.release, from, to, env: options.env ?? process.env, signal: options.signal, switchBackOnFailure, onOutput: options.onOutput, record: (name, status, detail, since) => record(name, status, since, detail) });
  /** Moves every instance to `to`: the local instances through the rolling switch, the others through their driver. */
  const roll = (context: DriverRunContext): Promise<RollResult> => (external ? external.roll(context) : rollingSwitch(driver!.instanceOperations(settings.health, settings.drainMs), context, settings.drainMs));
  const safePoint = (before: string) => {
    if (lock?.lost) throw new DeployError('locked', `the deploy lost its lock before ${before} (its lease was not renewed in time, or someone deleted it); stopped, the live colour keeps serving unchanged.`);
    if (options.signal?.aborted) throw new DeployError('cancelled', `the deploy was cancelled before ${before}; the live colour keeps serving unchanged.`);
  };

  record('deploy', 'started', undefined, { mode, ...(resumeRunId ? { resumed: true } : {}), ...(restoring ? { restore: true, unfinished: unfinished.runId } : {}) });
  let lockConnection: RedisConnection | undefined;
  let redis: RedisConnection | undefined;
  try {
    // The lock has a connection of its own: its lease is renewed in the background, while the other
    // connection switches databases to flush caches.
    lockConnection = await step('lock', async () => {
      const connection = await RedisConnection.open(settings.redis);
      try {
        await connection.command('SELECT', settings.stateDatabase);
        lock = await DeployLock.acquire(connection, lockKey(settings), runId, settings.lockTtlMs, { breakStale: options.breakLock === true, takeOverRunId: resumeRunId ?? (restoring ? unfinished.runId : undefined), onNote: options.onNote });
        lock.keepAlive();
      } catch (error) {
        connection.close();
        throw error;
      }
      return connection;
    });
    redis = await RedisConnection.open(settings.redis);
    const connection = redis;
    await connection.command('SELECT', settings.stateDatabase);
    const live = await step(
      'live-colour',
      async () => {
        const state = await readLiveState(connection, stateKey(settings));
        if (driver) checkBackendsAgainstState(driver, settings, state);
        return state;
      },
      (state) => ({ colour: state?.colour ?? 'none', release: state?.release ?? 'none', ...(mode === 'rollback' && !restoring && state?.previousRelease ? { target: state.previousRelease } : {}) }),
    );

    if (restoring) return await restoreLiveColour(live);
    if (succeeded('switch') && live) {
      // Killed after recording the switch: the deploy is done; only its end line is missing.
      const result: DeployResult = { runId, environment, release: live.release, from: otherColour(live.colour), to: live.colour, gates: undefined, totalMs: Date.now() - started, healthWaitMs: 0, drainMs: 0, unfinishedBefore, resumed: true };
      record('deploy', 'succeeded', started, { release: live.release, colour: live.colour, resumed: true });
      return result;
    }
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
      safePoint('the first node');
    }

    const target: SideOfSwitch = { colour: to, release, cacheDatabases: settings.cacheDatabases[to] };
    // The target pair may hold entries of the release that used it last: start clean. A resumed run
    // that flushed it already has new instances using it.
    if (!succeeded('flush-new-cache')) await step('flush-new-cache', () => flushCacheDatabases(connection, target.cacheDatabases, settings.stateDatabase), () => ({ databases: target.cacheDatabases.map(String) }));
    const rolled = await roll(driverContext(target, from));
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
    const result: DeployResult = { runId, environment, release, from: live?.colour, to, gates, totalMs: Date.now() - started, healthWaitMs: rolled.healthWaitMs, drainMs: rolled.drainMs, unfinishedBefore, ...(resumeRunId ? { resumed: true } : {}) };
    record('deploy', 'succeeded', started, { release, colour: to });
    return result;
  } catch (error) {
    const status = error instanceof DeployError && error.problem === 'cancelled' ? 'cancelled' : 'failed';
    record('deploy', status, started, { error: (error as Error).message });
    throw error;
  } finally {
    await lock?.release().catch(() => undefined);
    lockConnection?.close();
    redis?.close();
  }

  /** Every node back on the colour Redis records as live (reusing its instances that still run); the other colour stopped. */
  async function restoreLiveColour(live: LiveState | undefined): Promise<DeployResult> {
    if (!live || !redis || !unfinished) throw new DeployError('no-previous-release', `environment "${environment}" has no live colour recorded to go back to; the unfinished run ${unfinished?.runId ?? ''} was its first deploy. Resume it instead.`);
    const connection = redis;
    const back: SideOfSwitch = { colour: live.colour, release: live.release, cacheDatabases: settings.cacheDatabases[live.colour] };
    const away: SideOfSwitch = { colour: otherColour(live.colour), release: unfinished.release ?? 'unknown', cacheDatabases: settings.cacheDatabases[otherColour(live.colour)] };
    // No switching "back" to the abandoned side, so no cancel either: the restore runs to its end.
    const rolled = await roll(driverContext(back, away, false));
    await step('switch', () => flushCacheDatabases(connection, away.cacheDatabases, settings.stateDatabase), () => ({ colour: back.colour, release: back.release, restored: true, abandoned: unfinished.runId, flushed: away.cacheDatabases.map(String) }));
    record('deploy', 'succeeded', started, { release: back.release, colour: back.colour, restored: true });
    return { runId, environment, release: back.release, from: away.colour, to: back.colour, gates: undefined, totalMs: Date.now() - started, healthWaitMs: rolled.healthWaitMs, drainMs: rolled.drainMs, unfinishedBefore, restored: true };
  }
}

/** The environment's run that never finished, unless it is still running (its owner holds the lock and is alive). */
export async function findUnfinishedRun(project: ProjectModel, environment: string, options: ConnectionOptions = {}): Promise<UnfinishedRun | undefined> {
  const settings = resolveDeploySettings(project, environment, options.env);
  const run = new AuditLog(settings.auditLog).unfinishedRun();
  return run && !(await liveLockHolder(settings, run.runId)) ? run : undefined;
}

/** What Redis records as live for the environment; undefined when nothing is recorded or Redis does not answer. */
export async function readRecordedLive(project: ProjectModel, environment: string, options: ConnectionOptions = {}): Promise<LiveState | undefined> {
  const settings = resolveDeploySettings(project, environment, options.env);
  let connection: RedisConnection | undefined;
  try {
    connection = await RedisConnection.open(settings.redis, 2_000);
    await connection.command('SELECT', settings.stateDatabase);
    return await readLiveState(connection, stateKey(settings));
  } catch {
    return undefined;
  } finally {
    connection?.close();
  }
}

/** The environment's run that the journal shows unfinished while its owner still holds the lock: it is running elsewhere (another window, a terminal, CI). */
export async function findRunInProgress(project: ProjectModel, environment: string, options: ConnectionOptions = {}): Promise<{ run: UnfinishedRun; holder: LockHolder } | undefined> {
  const settings = resolveDeploySettings(project, environment, options.env);
  const run = new AuditLog(settings.auditLog).unfinishedRun();
  const holder = run ? await liveLockHolder(settings, run.runId) : undefined;
  return run && holder ? { run, holder } : undefined;
}

/** The lock's holder when it is `runId` and not provably gone (the run is still going). Unreachable Redis: undefined (the lock step will say so). */
async function liveLockHolder(settings: DeploySettings, runId: string): Promise<LockHolder | undefined> {
  let connection: RedisConnection | undefined;
  try {
    connection = await RedisConnection.open(settings.redis, 2_000);
    await connection.command('SELECT', settings.stateDatabase);
    const holder = parseHolder(await connection.command('GET', lockKey(settings)));
    return holder !== undefined && holder.runId === runId && staleReason(holder) === undefined ? holder : undefined;
  } catch {
    return undefined;
  } finally {
    connection?.close();
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
export async function planDeploy(project: ProjectModel, environment: string, options: ConnectionOptions & { mode?: DeployMode; restore?: boolean } = {}): Promise<PlannedStep[]> {
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
  // A roll back while a run is unfinished restores the recorded live colour and its release.
  const restore = options.mode === 'rollback' && options.restore === true;
  const to: Colour = restore ? (live?.colour ?? 'blue') : live ? otherColour(live.colour) : 'blue';
  const release = restore ? (live?.release ?? '<live release>') : options.mode === 'rollback' ? (live?.previousRelease ?? '<previous release>') : '<new release id>';
  const steps: PlannedStep[] = [{ step: 'lock', description: `SET ${lockKey(settings)} <owner> NX PX ${settings.lockTtlMs} (Redis DB ${settings.stateDatabase}), renewed every ${Math.floor(settings.lockTtlMs / 3)} ms while the deploy runs` }];
  steps.push({ step: 'live-colour', description: `GET ${stateKey(settings)}: ${live ? `${live.colour} serves release ${live.release}` : 'no live colour recorded (first deploy)'}${liveNote}; compared with ${settings.local.nginx.upstreamFile}` });
  if (options.mode !== 'rollback') {
    steps.push({ step: 'gates', description: 'project check clean; bespoke setup_version equals setup_module; composer.lock compared with the live release; pending migrations listed' });
    if (settings.buildCommand) steps.push({ step: 'build', description: `builds ${driver.releaseDir(release)}`, argv: buildArgv(settings.buildCommand, release) });
    steps.push({ step: 'migrate', description: 'applies the pending migrations once, before any new instance serves', argv: buildPhinxArgv(project, settings.environment, { command: 'migrate' }) });
  }
  const target = settings.cacheDatabases[to];
  if (!restore) steps.push({ step: 'flush-new-cache', description: `FLUSHDB on Redis DBs ${target.join(' and ')} (${to})` });
  for (let index = 0; index < settings.nodes; index += 1) {
    const spec = driver.instanceSpec(to, index, release, target);
    const oldPort = restore ? driver.port(otherColour(to), index) : live ? driver.port(live.colour, index) : undefined;
    steps.push({
      step: `node-${index + 1}`,
      description: `start ${to} instance on port ${spec.port} (cache DBs ${target.join('/')}), wait until healthy (timeout ${settings.health.timeoutMs} ms), put it in nginx${oldPort ? `, take out port ${oldPort}, wait ${settings.drainMs} ms, stop it` : ''}`,
      argv: spec.argv,
      urls: [`${spec.baseUrl}${settings.health.path}`, `${spec.baseUrl}${settings.health.page}`],
    });
  }
  steps.push({ step: 'reload', description: 'after each upstream rewrite', argv: driver.reloadArgv() });
  if (restore) steps.push({ step: 'switch', description: `${to} stays recorded as live; FLUSHDB on the abandoned ${otherColour(to)} DBs ${settings.cacheDatabases[otherColour(to)].join(' and ')}` });
  else steps.push({ step: 'switch', description: `SET ${stateKey(settings)} ${to}${live ? `; FLUSHDB on the old ${live.colour} DBs ${settings.cacheDatabases[live.colour].join(' and ')}` : ''}` });
  return steps;
}
