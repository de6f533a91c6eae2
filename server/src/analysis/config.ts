// Analysis room: the ONE reader of magento-zdd.json. Everything else receives a ZddConfig.
// Validation uses the same JSON schema the extension contributes to the editor, so the editor and
// the CLI can never disagree about what a valid file is.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import schema from '../../../schemas/magento-zdd.schema.json';
import type { SeveritySetting } from './types';

export const CONFIG_FILE_NAME = 'magento-zdd.json';

export type TargetServer = 'mysql-8.0' | 'mysql-8.4' | 'mariadb-10.6' | 'mariadb-11.4';

export type DatabaseConfig =
  | { fromEnvPhp: true; envPhp?: string; passwordEnv?: string }
  | { fromEnvPhp?: undefined; host?: string; port?: number; socket?: string; user?: string; database: string; passwordEnv?: string; tablePrefix?: string };

export interface EnvironmentConfig {
  database?: DatabaseConfig;
  phinx?: { command?: string[]; config?: string; environment?: string };
  migrationTable?: string;
  production?: boolean;
  deploy?: DeployConfig;
}

/** [cache, page_cache] Redis DB numbers of one colour. */
export type CacheDatabasePair = [number, number];

/** How a deploy reaches the instances; see docs/drivers.md. */
export type DeployDriverName = 'local' | 'docker' | 'docker-swarm' | 'kubernetes' | 'command' | 'webhook';

/** environments.<name>.deploy: the blue-green rolling deploy (defaults filled in by the engine). */
export interface DeployConfig {
  driver: DeployDriverName;
  nodes?: number;
  build?: { command: string[] };
  redis?: { host?: string; port?: number; socket?: string; passwordEnv?: string; keyPrefix?: string; stateDatabase?: number };
  cacheDatabases?: { blue?: CacheDatabasePair; green?: CacheDatabasePair };
  health?: { path?: string; page?: string; timeoutMs?: number; intervalMs?: number };
  drainMs?: number;
  lockTtlMs?: number;
  local?: {
    releasesDir: string;
    basePort: number;
    php?: string[];
    router?: string;
    docroot?: string;
    nginx: { command?: string[]; prefix?: string; config: string; upstreamFile: string };
  };
  docker?: DockerDeployConfig;
  swarm?: SwarmDeployConfig;
  kubernetes?: KubernetesDeployConfig;
  command?: CommandDeployConfig;
  webhook?: WebhookDeployConfig;
}

/** Names of the variables that carry a colour's facts into the instance (env.php reads them with getenv()). */
export interface InstanceEnvNames {
  cacheDb?: string;
  pageCacheDb?: string;
  colour?: string;
  release?: string;
}

export interface DockerDeployConfig {
  docker?: string[];
  /** '{release}' is replaced by the release id. */
  image: string;
  containerPort?: number;
  hostPorts?: { blue?: number; green?: number };
  runArgs?: string[];
  stopTimeoutSeconds?: number;
  envNames?: InstanceEnvNames;
  nodes: Array<{ name: string; dockerHost?: string; address: string }>;
  loadBalancer: { enlist: string[]; drain: string[] };
}

export interface SwarmDeployConfig {
  docker?: string[];
  dockerHost?: string;
  service: string;
  image: string;
  envNames?: InstanceEnvNames;
  timeoutSeconds?: number;
  pollSeconds?: number;
}

export interface KubernetesDeployConfig {
  kubectl?: string[];
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  deployment: string;
  container: string;
  image: string;
  envNames?: InstanceEnvNames;
  timeoutSeconds?: number;
  pollSeconds?: number;
  migrate?: { mode: 'job' | 'exec' | 'none'; command?: string[]; timeoutSeconds?: number };
}

export interface CommandDeployConfig {
  nodes: string[];
  start: string[];
  health?: string[];
  healthUrl?: string;
  enlist: string[];
  drain: string[];
  stop: string[];
  timeoutSeconds?: number;
}

export interface WebhookDeployConfig {
  provider: 'gitlab' | 'github' | 'jenkins';
  baseUrl: string;
  /** Variable holding the token that starts the pipeline (GitLab trigger token, GitHub token, Jenkins API token). */
  tokenEnv: string;
  /** GitLab: a token with read_api to follow the pipeline (a trigger token cannot read it). */
  statusTokenEnv?: string;
  /** Jenkins: the user of the API token. */
  userEnv?: string;
  project?: string;
  owner?: string;
  repo?: string;
  workflow?: string;
  job?: string;
  ref?: string;
  variables?: Record<string, string>;
  timeoutSeconds?: number;
  pollSeconds?: number;
}

export interface ZddConfig {
  baseline: string;
  bespokePaths: string[];
  rules: Record<string, SeveritySetting>;
  server: TargetServer;
  smallTables: string[];
  environments: Record<string, EnvironmentConfig>;
}

export const DEFAULT_CONFIG: Readonly<ZddConfig> = Object.freeze({
  baseline: 'HEAD',
  bespokePaths: ['app/code/*/*', 'src/*/*'],
  rules: {},
  server: 'mysql-8.0',
  smallTables: [],
  environments: {},
});

export class ConfigError extends Error {
  constructor(readonly file: string, readonly problems: string[]) {
    super(`${file}: ${problems.join('; ')}`);
  }
}

// Loaded on first use: projects without a magento-zdd.json never pay for it.
let compiled: ValidateFunction | undefined;
function validate(value: unknown): boolean {
  compiled ??= prebuiltValidator() ?? compileValidator();
  return compiled(value);
}

/** The schema as scripts/build.mjs compiled it next to the bundles (dist/); absent when running from source. */
function prebuiltValidator(): ValidateFunction | undefined {
  const file = join(__dirname, PREBUILT_VALIDATOR);
  if (!existsSync(file)) return undefined;
  // A computed path: esbuild leaves this require to run time instead of bundling it.
  const loaded = require(file) as { default?: ValidateFunction } | ValidateFunction;
  return typeof loaded === 'function' ? loaded : loaded.default;
}

export const PREBUILT_VALIDATOR = 'configValidator.js';

/** Compiles the schema (the same options as the build's). Exported for the test that compares the two. */
export function compileValidator(): ValidateFunction {
  return new Ajv({ allErrors: true, strict: false }).compile(schema);
}

/** Reads `<root>/magento-zdd.json`; a missing file means the defaults. Throws ConfigError when invalid. */
export function loadConfig(root: string): { config: ZddConfig; file: string | undefined } {
  const file = join(root, CONFIG_FILE_NAME);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { config: { ...DEFAULT_CONFIG }, file: undefined };
    throw new ConfigError(file, [`cannot be read: ${(error as Error).message}`]);
  }
  return { config: parseConfig(text, file), file };
}

export function parseConfig(text: string, file: string = CONFIG_FILE_NAME): ZddConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(file, [`is not valid JSON (${(error as Error).message})`]);
  }
  if (!validate(raw)) throw new ConfigError(file, describeSchemaErrors(compiled?.errors ?? []));
  return { ...DEFAULT_CONFIG, ...(raw as Partial<ZddConfig>) };
}

function describeSchemaErrors(errors: ErrorObject[]): string[] {
  const problems = new Set<string>();
  for (const error of errors) {
    const at = keyPath(error.instancePath);
    switch (error.keyword) {
      case 'additionalProperties': {
        const key = (error.params as { additionalProperty: string }).additionalProperty;
        const hint = /pass(word)?$/i.test(key) ? ' (passwords never go in this file: name an environment variable with "passwordEnv", or use VS Code\'s secret storage)' : '';
        problems.add(`unknown key "${keyPath(`${error.instancePath}/${key}`)}"${hint}`);
        break;
      }
      case 'if':
        break; // the failing then/else branch reports the details
      case 'propertyNames':
        problems.add(`"${keyPath(`${error.instancePath}/${(error.params as { propertyName: string }).propertyName}`)}" is not a known rule id`);
        break;
      case 'enum':
        if (error.propertyName) break; // reported by propertyNames above
        problems.add(`"${at}" must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.map((value) => JSON.stringify(value)).join(', ')}`);
        break;
      case 'type':
        problems.add(`"${at || '(root)'}" must be ${withArticle((error.params as { type: string }).type)}`);
        break;
      default:
        problems.add(`"${at || '(root)'}" ${error.message ?? 'is invalid'}`);
    }
  }
  return [...problems];
}

function keyPath(instancePath: string): string {
  return instancePath
    .split('/')
    .filter(Boolean)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

function withArticle(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
