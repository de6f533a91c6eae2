// Engine room (pure Node, no vscode): the `local` deploy driver. Instances are `php -S 127.0.0.1:<port>`
// processes of a release folder, started through runProcess (argv only) and kept until stopped; nginx
// balances them through an upstream include file that is rewritten, then `nginx -s reload` (graceful:
// old workers finish their requests). Loopback only. Instances live as long as this driver's process.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CacheDatabasePair } from '../../../../server/src/analysis/config';
import { runProcess, type ProcessResult } from '../../../../server/src/analysis/processes';
import { DeployError } from './deployError';
import type { Colour, LocalDriverSettings } from './deploySettings';

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

interface RunningInstance {
  spec: InstanceSpec;
  stop: AbortController;
  exit: Promise<ProcessResult | undefined>;
  exited: boolean;
}

const LOOPBACK = '127.0.0.1';
// A stopped php -S answers SIGTERM at once; the bound only guards against a wedged process.
const STOP_TIMEOUT_MS = 10_000;
// nginx refuses an empty upstream block: a placeholder that is never chosen.
const EMPTY_UPSTREAM = `server ${LOOPBACK}:9 down;\n`;

export class LocalDriver {
  private readonly instances = new Map<string, RunningInstance>();

  constructor(
    readonly settings: LocalDriverSettings,
    readonly nodes: number,
    private readonly processEnv: NodeJS.ProcessEnv = process.env,
  ) {}

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
      argv: [...this.settings.php, '-S', `${LOOPBACK}:${port}`, '-t', join(releaseDir, this.settings.docroot), join(releaseDir, this.settings.router)],
      env: {
        MAGENTO_ZDD_COLOUR: colour,
        MAGENTO_ZDD_RELEASE: release,
        MAGENTO_ZDD_CACHE_DB: String(cacheDatabases[0]),
        MAGENTO_ZDD_PAGE_CACHE_DB: String(cacheDatabases[1]),
        // One process per instance: forked workers (PHP_CLI_SERVER_WORKERS) would outlive a SIGTERM to
        // their parent and keep the instance's pipes, and its port, open.
        PHP_CLI_SERVER_WORKERS: '1',
      },
      baseUrl: `http://${LOOPBACK}:${port}`,
    };
  }

  reloadArgv(): string[] {
    const { command, prefix, config } = this.settings.nginx;
    return [...command, ...(prefix ? ['-p', prefix] : []), '-c', config, '-s', 'reload'];
  }

  start(spec: InstanceSpec): { exited: () => boolean } {
    const key = instanceKey(spec.colour, spec.index);
    if (this.instances.get(key)?.exited === false) throw new DeployError('driver-failed', `instance ${key} on port ${spec.port} is already running`);
    if (!existsSync(spec.releaseDir)) throw new DeployError('driver-failed', `release folder ${spec.releaseDir} does not exist: did the build create it?`);
    const stop = new AbortController();
    const running: RunningInstance = { spec, stop, exit: Promise.resolve(undefined), exited: false };
    running.exit = runProcess(spec.argv, { cwd: spec.releaseDir, env: { ...this.processEnv, ...spec.env }, signal: stop.signal })
      .catch(() => undefined)
      .finally(() => {
        running.exited = true;
      });
    this.instances.set(key, running);
    return { exited: () => running.exited };
  }

  async stop(colour: Colour, index: number): Promise<boolean> {
    const running = this.instances.get(instanceKey(colour, index));
    if (!running || running.exited) return false;
    running.stop.abort();
    await Promise.race([running.exit, new Promise((resolve) => setTimeout(resolve, STOP_TIMEOUT_MS))]);
    return true;
  }

  isRunning(colour: Colour, index: number): boolean {
    const running = this.instances.get(instanceKey(colour, index));
    return running !== undefined && !running.exited;
  }

  async stopAll(): Promise<void> {
    for (const running of this.instances.values()) if (!running.exited) await this.stop(running.spec.colour, running.spec.index);
  }

  /** The ports nginx balances now, read back from the upstream file. */
  backends(): number[] {
    if (!existsSync(this.settings.nginx.upstreamFile)) return [];
    return [...readFileSync(this.settings.nginx.upstreamFile, 'utf8').matchAll(/^server\s+127\.0\.0\.1:(\d+)\s*;/gm)].map((match) => Number(match[1]));
  }

  /** Rewrites the upstream file (atomically: nginx may read it any time) and reloads nginx. */
  async setBackends(ports: readonly number[]): Promise<void> {
    const file = this.settings.nginx.upstreamFile;
    const text = ports.length === 0 ? EMPTY_UPSTREAM : ports.map((port) => `server ${LOOPBACK}:${port};\n`).join('');
    writeFileSync(`${file}.tmp`, text);
    renameSync(`${file}.tmp`, file);
    const argv = this.reloadArgv();
    let result: ProcessResult;
    try {
      result = await runProcess(argv, { cwd: dirname(file), timeoutMs: 15_000 });
    } catch (error) {
      throw new DeployError('driver-failed', `could not run "${argv[0]}" to reload nginx: ${(error as Error).message}`);
    }
    if (result.exitCode !== 0) throw new DeployError('driver-failed', `nginx reload failed (exit ${result.exitCode ?? result.signal}): ${result.stderr.trim().slice(-500)}`);
  }
}

function instanceKey(colour: Colour, index: number): string {
  return `${colour}-${index}`;
}
