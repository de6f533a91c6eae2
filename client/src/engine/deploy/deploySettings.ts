// Engine room (pure Node, no vscode): environments.<name>.deploy of magento-zdd.json with every
// default filled in and paths made absolute, so the steps and the plan never guess.
import { isAbsolute, join } from 'node:path';
import type { CacheDatabasePair } from '../../../../server/src/analysis/config';
import type { ProjectModel } from '../../../../server/src/analysis/project';
import { resolveEnvironment, type ResolvedEnvironment } from '../environments';
import { DeployError } from './deployError';
import { resolveDriverSettings, type DriverSettings } from './drivers/driverSettings';
import type { RedisEndpoint } from './redisConnection';

export type Colour = 'blue' | 'green';
export const COLOURS: readonly Colour[] = ['blue', 'green'];

export function otherColour(colour: Colour): Colour {
  return colour === 'blue' ? 'green' : 'blue';
}

export interface LocalDriverSettings {
  releasesDir: string;
  basePort: number;
  php: string[];
  router: string;
  docroot: string;
  nginx: { command: string[]; prefix: string | undefined; config: string; upstreamFile: string };
  /** Pid and log file of each running instance, so a later run (another process) finds and adopts them. */
  instancesDir?: string;
}

export interface DeploySettings {
  environment: ResolvedEnvironment;
  root: string;
  nodes: number;
  buildCommand: string[] | undefined;
  redis: RedisEndpoint & { passwordEnv?: string };
  keyPrefix: string;
  /** The Redis DB holding the live-colour state and the lock: apart from the cache DBs, which get flushed. */
  stateDatabase: number;
  cacheDatabases: Record<Colour, CacheDatabasePair>;
  health: { path: string; page: string; timeoutMs: number; intervalMs: number };
  drainMs: number;
  lockTtlMs: number;
  /** Read only with the local driver: any other driver throws a not-configured DeployError on access. */
  local: LocalDriverSettings;
  /** Which driver, with its section's settings. */
  driver: DriverSettings;
  /** .magento-zdd/deploys/<env>.jsonl under the project root. */
  auditLog: string;
}

export const DEFAULT_CACHE_DATABASES: Readonly<Record<Colour, CacheDatabasePair>> = { blue: [0, 1], green: [2, 3] };

export function resolveDeploySettings(project: ProjectModel, name: string, env: NodeJS.ProcessEnv = process.env): DeploySettings {
  const environment = resolveEnvironment(project, name);
  const deploy = environment.config.deploy;
  if (!deploy) throw new DeployError('not-configured', `environment "${name}" has no "deploy" settings in magento-zdd.json: add environments.${name}.deploy with "driver", "build", "redis" and "local".`);
  const absolute = (path: string) => (isAbsolute(path) ? path : join(project.root, path));
  const driver = resolveDriverSettings(deploy, name, absolute);
  const localConfig = deploy.local;
  if (driver.name === 'local' && !localConfig) throw new DeployError('not-configured', `environments.${name}.deploy uses the local driver but has no "local" settings (releasesDir, basePort, nginx).`);
  const cacheDatabases = { blue: deploy.cacheDatabases?.blue ?? DEFAULT_CACHE_DATABASES.blue, green: deploy.cacheDatabases?.green ?? DEFAULT_CACHE_DATABASES.green };
  const shared = cacheDatabases.blue.filter((db) => cacheDatabases.green.includes(db));
  // Sharing a DB would let one colour's flush wipe the other's live cache.
  if (shared.length > 0) throw new DeployError('not-configured', `environments.${name}.deploy.cacheDatabases: blue and green share Redis DB ${shared.join(', ')}; each colour needs its own pair.`);
  const stateDatabase = deploy.redis?.stateDatabase ?? 15;
  if ([...cacheDatabases.blue, ...cacheDatabases.green].includes(stateDatabase)) {
    throw new DeployError('not-configured', `environments.${name}.deploy.redis.stateDatabase (${stateDatabase}) is one of the cache DBs: a cache flush would erase the live colour and the lock. Pick another DB.`);
  }
  const passwordEnv = deploy.redis?.passwordEnv;
  return {
    environment,
    root: project.root,
    nodes: deploy.nodes ?? 2,
    buildCommand: deploy.build?.command,
    redis: { host: deploy.redis?.host ?? '127.0.0.1', port: deploy.redis?.port ?? 6379, socket: deploy.redis?.socket ? absolute(deploy.redis.socket) : undefined, password: passwordEnv ? env[passwordEnv] : undefined, passwordEnv },
    keyPrefix: deploy.redis?.keyPrefix ?? 'magento-zdd:',
    stateDatabase,
    cacheDatabases,
    health: { path: deploy.health?.path ?? '/health_check.php', page: deploy.health?.page ?? '/', timeoutMs: deploy.health?.timeoutMs ?? 30_000, intervalMs: deploy.health?.intervalMs ?? 250 },
    drainMs: deploy.drainMs ?? 1_000,
    lockTtlMs: deploy.lockTtlMs ?? 60_000,
    // A getter: the type stays non-optional for the local driver's callers, and any other driver
    // reading it by mistake gets a message instead of undefined paths.
    get local(): LocalDriverSettings {
      if (!localConfig) throw new DeployError('not-configured', `environments.${name}.deploy uses the ${driver.name} driver: it has no "local" settings.`);
      return {
        releasesDir: absolute(localConfig.releasesDir),
        basePort: localConfig.basePort,
        php: localConfig.php ?? ['php'],
        router: localConfig.router ?? 'pub/index.php',
        docroot: localConfig.docroot ?? 'pub',
        nginx: {
          command: localConfig.nginx.command ?? ['nginx'],
          prefix: localConfig.nginx.prefix ? absolute(localConfig.nginx.prefix) : undefined,
          config: absolute(localConfig.nginx.config),
          upstreamFile: absolute(localConfig.nginx.upstreamFile),
        },
        instancesDir: join(project.root, '.magento-zdd', 'instances', name),
      };
    },
    driver,
    auditLog: join(project.root, '.magento-zdd', 'deploys', `${name}.jsonl`),
  };
}
