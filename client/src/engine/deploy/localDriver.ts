// Engine room (pure Node, no vscode): the `local` deploy driver. Instances are `php -S 127.0.0.1:<port>`
// processes of a release folder, started detached (own session and process group, stdout/stderr to a
// log file) so they outlive the CLI that started them. Each one has a pid file in the environment's
// instances folder (.magento-zdd/instances/<env>/<colour>-<index>.json); a later run adopts an instance
// only when its pid is alive, /proc/<pid>/cmdline is the argv we started and its port answers, and
// cleans a stale pid file with a note. An instance running without a pid file (its run was killed
// between starting it and recording it) is recognised by its exact argv and recorded. nginx balances
// them through an upstream include file that is rewritten, then `nginx -s reload` (graceful: old
// workers finish their requests). Loopback only.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join, relative, sep } from 'node:path';
import type { CacheDatabasePair } from '../../../../server/src/analysis/config';
import { findProcesses, processCommandLine, processIsAlive, processStartTicks, ProcessStartError, runProcess, signalProcessGroup, startDetached, type ProcessResult } from '../../../../server/src/analysis/processes';
import { DeployError } from './deployError';
import type { Colour, DeploySettings, LocalDriverSettings } from './deploySettings';
import { waitUntilHealthy } from './healthCheck';
import type { InstanceOperations, SideOfSwitch } from './rollingSwitch';

export interface InstanceSpec {
  colour: Colour;
  index: number;
  port: number;
  release: string;
  releaseDir: string;
  argv: string[];
  /** Variables the release's env.php reads with getenv() (no secrets here: those come from the process environment). */
  env: Record<string, string>;
  baseUrl: string;
}

/** What a pid file holds: enough to recognise the process again from another run. */
export interface InstanceRecord {
  colour: Colour;
  index: number;
  port: number;
  release: string;
  pid: number;
  /** With the pid, names one process even if the pid is reused later. */
  startTicks: number | undefined;
  argv: string[];
  logFile: string;
  startedAt: string;
}

const LOOPBACK = '127.0.0.1';
// A php -S answers SIGTERM at once; the bound only guards against a wedged process.
const STOP_TIMEOUT_MS = 10_000;
const KILL_TIMEOUT_MS = 3_000;
const POLL_MS = 25;
const PORT_PROBE_TIMEOUT_MS = 1_000;
// nginx refuses an empty upstream block: a placeholder that is never chosen.
const EMPTY_UPSTREAM = `server ${LOOPBACK}:9 down;\n`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class LocalDriver {
  /** Things the user should know that are not failures (a stale pid file cleaned up). */
  onNote: ((text: string) => void) | undefined;
  private readonly instancesDir: string;

  constructor(
    readonly settings: LocalDriverSettings,
    readonly nodes: number,
    private readonly processEnv: NodeJS.ProcessEnv = process.env,
  ) {
    this.instancesDir = settings.instancesDir ?? join(dirname(settings.releasesDir), '.magento-zdd-instances');
  }

  port(colour: Colour, index: number): number {
    return this.settings.basePort + (colour === 'blue' ? 0 : this.nodes) + index;
  }

  releaseDir(release: string): string {
    return join(this.settings.releasesDir, release);
  }

  instanceSpec(colour: Colour, index: number, release: string, cacheDatabases: CacheDatabasePair): InstanceSpec {
    const port = this.port(colour, index);
    const releaseDir = this.releaseDir(release);
    return {
      colour,
      index,
      port,
      release,
      releaseDir,
      argv: this.instanceArgv(colour, index, release),
      env: {
        MAGENTO_ZDD_COLOUR: colour,
        MAGENTO_ZDD_RELEASE: release,
        MAGENTO_ZDD_CACHE_DB: String(cacheDatabases[0]),
        MAGENTO_ZDD_PAGE_CACHE_DB: String(cacheDatabases[1]),
        // One process per instance: the stop signal goes to the process group anyway, but a single
        // process keeps the pid file's pid the one that holds the port.
        PHP_CLI_SERVER_WORKERS: '1',
      },
      baseUrl: `http://${LOOPBACK}:${port}`,
    };
  }

  private instanceArgv(colour: Colour, index: number, release: string): string[] {
    const releaseDir = this.releaseDir(release);
    return [...this.settings.php, '-S', `${LOOPBACK}:${this.port(colour, index)}`, '-t', join(releaseDir, this.settings.docroot), join(releaseDir, this.settings.router)];
  }

  /** The colour, node and release whose instance argv this is, exactly; undefined for any other process. */
  private instanceOfArgv(argv: readonly string[]): { colour: Colour; index: number; release: string } | undefined {
    const { php, releasesDir, router } = this.settings;
    if (argv.length !== php.length + 5 || argv[php.length] !== '-S') return undefined;
    const address = /^127\.0\.0\.1:(\d+)$/.exec(argv[php.length + 1] ?? '');
    if (!address) return undefined;
    const offset = Number(address[1]) - this.settings.basePort;
    if (!(offset >= 0 && offset < 2 * this.nodes)) return undefined;
    const colour: Colour = offset < this.nodes ? 'blue' : 'green';
    const index = offset % this.nodes;
    const routerPath = relative(releasesDir, argv[argv.length - 1] ?? '');
    const release = routerPath.split(sep)[0] ?? '';
    if (release === '' || release === '..' || routerPath !== join(release, router)) return undefined;
    return sameArgv(argv, this.instanceArgv(colour, index, release)) ? { colour, index, release } : undefined;
  }

  reloadArgv(): string[] {
    const { command, prefix, config } = this.settings.nginx;
    return [...command, ...(prefix ? ['-p', prefix] : []), '-c', config, '-s', 'reload'];
  }

  /** The folder of pid and log files; one per environment. */
  get stateDir(): string {
    return this.instancesDir;
  }

  logFile(colour: Colour, index: number): string {
    return join(this.instancesDir, `${instanceKey(colour, index)}.log`);
  }

  /** Starts the instance detached and writes its pid file. Refuses when its pid file names a live instance. */
  start(spec: InstanceSpec): { exited: () => boolean } {
    const key = instanceKey(spec.colour, spec.index);
    if (this.isRunning(spec.colour, spec.index)) throw new DeployError('driver-failed', `instance ${key} on port ${spec.port} is already running (${this.pidFile(spec.colour, spec.index)})`);
    if (!existsSync(spec.releaseDir)) throw new DeployError('driver-failed', `release folder ${spec.releaseDir} does not exist: did the build create it?`);
    mkdirSync(this.instancesDir, { recursive: true });
    const logFile = this.logFile(spec.colour, spec.index);
    writeFileSync(logFile, `--- ${new Date().toISOString()} start ${spec.argv.join(' ')} (release ${spec.release})\n`, { flag: 'a' });
    let started;
    try {
      started = startDetached(spec.argv, { cwd: spec.releaseDir, env: { ...this.processEnv, ...spec.env }, logFile });
    } catch (error) {
      if (error instanceof ProcessStartError) throw new DeployError('driver-failed', `could not start instance ${key}: ${error.reason.message}. Check environments.<env>.deploy.local.php.`);
      throw error;
    }
    const record: InstanceRecord = { colour: spec.colour, index: spec.index, port: spec.port, release: spec.release, pid: started.pid, startTicks: processStartTicks(started.pid), argv: spec.argv, logFile, startedAt: new Date().toISOString() };
    writeAtomically(this.pidFile(spec.colour, spec.index), `${JSON.stringify(record, null, 2)}\n`);
    return { exited: started.exited };
  }

  /**
   * Reuses the instance of `spec` when a previous run left it running on the same argv and its port
   * answers; otherwise stops whatever its pid file names and starts it. A port held by a process
   * without a pid file is refused rather than fought over.
   */
  async adoptOrStart(spec: InstanceSpec): Promise<{ adopted: boolean; exited: () => boolean }> {
    const adopted = await this.adopt(spec);
    if (adopted) return { adopted: true, exited: () => !this.isRunning(spec.colour, spec.index) };
    await this.stop(spec.colour, spec.index);
    if (await portAnswers(spec.port)) {
      throw new DeployError('driver-failed', `port ${spec.port} (instance ${instanceKey(spec.colour, spec.index)}) is in use by a process magento-zdd did not start (no pid file in ${this.instancesDir}). Stop it, or change deploy.local.basePort.`);
    }
    return { adopted: false, ...this.start(spec) };
  }

  /** The running instance of `spec`'s colour and node when it is exactly `spec` (same argv) and its port answers. */
  async adopt(spec: InstanceSpec): Promise<InstanceRecord | undefined> {
    const record = this.liveRecord(spec.colour, spec.index);
    if (!record || !sameArgv(record.argv, spec.argv)) return undefined;
    return (await portAnswers(spec.port)) ? record : undefined;
  }

  /**
   * The pid file's record when its process is still the one we started; a stale pid file is removed with
   * a note. Without a pid file, an instance of ours found running is recorded (see recordUnrecorded).
   */
  liveRecord(colour: Colour, index: number): InstanceRecord | undefined {
    const file = this.pidFile(colour, index);
    const record = readRecord(file);
    if (record && isOurProcess(record)) return record;
    if (record) {
      rmSync(file, { force: true });
      this.onNote?.(`instance ${instanceKey(colour, index)}: pid ${record.pid} from ${file} is no longer running it (process gone or pid reused); removed the stale pid file.`);
    }
    return this.recordUnrecorded({ colour, index })[0];
  }

  /**
   * A run killed between starting an instance and writing its pid file leaves the instance serving with
   * no record. It is found by its argv (exactly the one this driver builds: our php, its port and a
   * release folder, so never a stranger's process) and recorded, so this run can adopt or stop it.
   */
  private recordUnrecorded(only?: { colour: Colour; index: number }): InstanceRecord[] {
    const recorded: InstanceRecord[] = [];
    for (const found of findProcesses((argv) => this.instanceOfArgv(argv))) {
      const { colour, index, release } = found.recognised;
      if (only && (only.colour !== colour || only.index !== index)) continue;
      const file = this.pidFile(colour, index);
      const existing = readRecord(file);
      if (existing && isOurProcess(existing)) continue;
      const record: InstanceRecord = { colour, index, port: this.port(colour, index), release, pid: found.pid, startTicks: processStartTicks(found.pid), argv: found.argv, logFile: this.logFile(colour, index), startedAt: new Date().toISOString() };
      mkdirSync(this.instancesDir, { recursive: true });
      writeAtomically(file, `${JSON.stringify(record, null, 2)}\n`);
      this.onNote?.(`instance ${instanceKey(colour, index)}: pid ${found.pid} serves release ${release} on port ${record.port} but had no pid file (a run was stopped between starting it and recording it, or the file was deleted); recorded it in ${file}.`);
      recorded.push(record);
    }
    return recorded;
  }

  /** Every instance of ours that runs (with a live pid file, or found and recorded now), blue first. */
  running(): InstanceRecord[] {
    this.recordUnrecorded();
    if (!existsSync(this.instancesDir)) return [];
    return readdirSync(this.instancesDir)
      .map((name) => /^(blue|green)-(\d+)\.json$/.exec(name))
      .filter((match): match is RegExpExecArray => match !== null)
      .map((match) => this.liveRecord(match[1] as Colour, Number(match[2])))
      .filter((record): record is InstanceRecord => record !== undefined)
      .sort((a, b) => a.colour.localeCompare(b.colour) || a.index - b.index);
  }

  /** Stops the instance's process group: SIGTERM, a bounded wait, then SIGKILL. False when nothing ran. */
  async stop(colour: Colour, index: number): Promise<boolean> {
    const record = this.liveRecord(colour, index);
    if (!record) return false;
    signalProcessGroup(record.pid, 'SIGTERM');
    if (!(await waitForExit(record.pid, STOP_TIMEOUT_MS))) {
      this.onNote?.(`instance ${instanceKey(colour, index)} (pid ${record.pid}) ignored SIGTERM for ${STOP_TIMEOUT_MS} ms; sent SIGKILL.`);
      signalProcessGroup(record.pid, 'SIGKILL');
      await waitForExit(record.pid, KILL_TIMEOUT_MS);
    }
    rmSync(this.pidFile(colour, index), { force: true });
    return true;
  }

  isRunning(colour: Colour, index: number): boolean {
    const record = readRecord(this.pidFile(colour, index));
    return record !== undefined && isOurProcess(record);
  }

  async stopAll(): Promise<void> {
    for (const record of this.running()) await this.stop(record.colour, record.index);
  }

  /** The ports nginx balances now, read back from the upstream file. */
  backends(): number[] {
    if (!existsSync(this.settings.nginx.upstreamFile)) return [];
    return [...readFileSync(this.settings.nginx.upstreamFile, 'utf8').matchAll(/^server\s+127\.0\.0\.1:(\d+)\s*;/gm)].map((match) => Number(match[1]));
  }

  /** Rewrites the upstream file (atomically: nginx may read it any time) and reloads nginx. */
  async setBackends(ports: readonly number[]): Promise<void> {
    const file = this.settings.nginx.upstreamFile;
    writeAtomically(file, ports.length === 0 ? EMPTY_UPSTREAM : ports.map((port) => `server ${LOOPBACK}:${port};\n`).join(''));
    const argv = this.reloadArgv();
    let result: ProcessResult;
    try {
      result = await runProcess(argv, { cwd: dirname(file), timeoutMs: 15_000 });
    } catch (error) {
      throw new DeployError('driver-failed', `could not run "${argv[0]}" to reload nginx: ${(error as Error).message}`);
    }
    if (result.exitCode !== 0) throw new DeployError('driver-failed', `nginx reload failed (exit ${result.exitCode ?? result.signal}): ${result.stderr.trim().slice(-500)}`);
  }

  /**
   * The rolling switch's operations on these instances and nginx. An instance a killed run left running
   * is adopted; anything else on its colour and node is stopped first, after leaving nginx if it was
   * serving. Enlisting the new instance drops the old one in the same upstream rewrite (one reload per
   * swap), so draining it afterwards has nothing left to do.
   */
  instanceOperations(health: DeploySettings['health'], drainMs: number): InstanceOperations {
    const spec = (index: number, side: SideOfSwitch) => this.instanceSpec(side.colour, index, side.release, side.cacheDatabases);
    const exits = new Map<string, () => boolean>();
    /** Takes the port out of nginx when it is listed and another instance is left to serve. */
    const withdraw = async (port: number): Promise<boolean> => {
      const backends = this.backends();
      const others = backends.filter((listed) => listed !== port);
      if (others.length === 0 || others.length === backends.length) return false;
      await this.setBackends(others);
      return true;
    };
    return {
      nodes: this.nodes,
      journalDetail: (index, side) => ({ colour: side.colour, port: this.port(side.colour, index) }),
      describe: (index, side) => `instance ${index + 1} (release ${side.release}, port ${this.port(side.colour, index)})`,
      adopt: async (index, side) => {
        if (!(await this.adopt(spec(index, side)))) return false;
        exits.set(instanceKey(side.colour, index), () => !this.isRunning(side.colour, index));
        return true;
      },
      start: async (index, side) => {
        const wanted = spec(index, side);
        if (await withdraw(wanted.port)) await sleep(drainMs);
        const instance = await this.adoptOrStart(wanted);
        exits.set(instanceKey(side.colour, index), instance.exited);
      },
      waitHealthy: async (index, side) => {
        const { baseUrl } = spec(index, side);
        const result = await waitUntilHealthy({ healthUrl: `${baseUrl}${health.path}`, pageUrl: `${baseUrl}${health.page}`, timeoutMs: health.timeoutMs, intervalMs: health.intervalMs, exited: exits.get(instanceKey(side.colour, index)) });
        return { problem: result.healthy ? undefined : (result.lastProblem ?? 'no answer'), waitedMs: result.waitedMs };
      },
      enlist: async (index, side, replacing) => {
        const port = this.port(side.colour, index);
        const oldPort = replacing ? this.port(replacing.colour, index) : undefined;
        // The environment owns its upstream file: on a first deploy, whatever else it listed goes.
        const own = new Set(Array.from({ length: this.nodes }, (_, node) => [this.port('blue', node), this.port('green', node)]).flat());
        const kept = this.backends().filter((listed) => listed !== oldPort && listed !== port && (replacing !== undefined || own.has(listed)));
        await this.setBackends([...kept, port]);
      },
      drain: async (index, side) => {
        await withdraw(this.port(side.colour, index));
      },
      stop: async (index, side) => {
        await withdraw(this.port(side.colour, index));
        await this.stop(side.colour, index);
        exits.delete(instanceKey(side.colour, index));
      },
    };
  }

  private pidFile(colour: Colour, index: number): string {
    return join(this.instancesDir, `${instanceKey(colour, index)}.json`);
  }
}

function instanceKey(colour: Colour, index: number): string {
  return `${colour}-${index}`;
}

function writeAtomically(file: string, text: string): void {
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
}

function readRecord(file: string): InstanceRecord | undefined {
  let parsed: Partial<InstanceRecord>;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<InstanceRecord>;
  } catch {
    return undefined;
  }
  if (typeof parsed.pid !== 'number' || !Array.isArray(parsed.argv) || (parsed.colour !== 'blue' && parsed.colour !== 'green') || typeof parsed.index !== 'number') return undefined;
  return parsed as InstanceRecord;
}

/** Alive, same start time (when recorded) and the kernel's argv is ours: never signal a stranger. */
function isOurProcess(record: InstanceRecord): boolean {
  if (!processIsAlive(record.pid)) return false;
  if (record.startTicks !== undefined && Number.isFinite(record.startTicks) && processStartTicks(record.pid) !== record.startTicks) return false;
  const argv = processCommandLine(record.pid);
  return argv !== undefined && sameArgv(argv, record.argv);
}

function sameArgv(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!processIsAlive(pid)) return true;
    await sleep(POLL_MS);
  }
  return !processIsAlive(pid);
}

/** True when something accepts a TCP connection on the loopback port. */
export function portAnswers(port: number, timeoutMs = PORT_PROBE_TIMEOUT_MS): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: LOOPBACK, port });
    const done = (answered: boolean) => {
      socket.destroy();
      resolve(answered);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
