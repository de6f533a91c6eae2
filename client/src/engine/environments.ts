// Engine room (pure Node, no vscode): turns a named environment of magento-zdd.json (read through
// loadProject only) into connection settings. Passwords never come from magento-zdd.json: from the
// variable named by passwordEnv, from env.php (fromEnvPhp), or from a SecretProvider (VS Code's
// SecretStorage; the CLI passes none).
import type { EnvironmentConfig } from '../../../server/src/analysis/config';
import type { ProjectModel } from '../../../server/src/analysis/project';
import { EngineError } from './engineError';
import { DEFAULT_ENV_PHP, EnvPhpError, readEnvPhpDatabase } from './envPhp';

export const DEFAULT_MIGRATION_TABLE = 'phinxlog';

/** Where passwords are stored outside magento-zdd.json; VS Code implements it with SecretStorage. */
export interface SecretProvider {
  /** The stored database password of the environment; undefined when none is stored. */
  getDatabasePassword(environment: string): Promise<string | undefined>;
}

export type EnvironmentProblem = 'no-environments' | 'unknown-environment' | 'no-database' | 'env-php' | 'no-password';

export class EnvironmentError extends EngineError {
  constructor(
    readonly problem: EnvironmentProblem,
    readonly environment: string,
    message: string,
    /** For problem 'env-php': what was wrong in the file. */
    readonly envPhpError?: EnvPhpError,
  ) {
    super(message);
  }
}

/** Where an environment's database lives; everything but the password. */
export interface DatabaseTarget {
  host: string | undefined;
  port: number | undefined;
  socket: string | undefined;
  user: string;
  database: string;
  /** Magento's db/table_prefix: setup_module is `<prefix>setup_module`. */
  tablePrefix: string;
  /** Where the settings came from, for messages: 'magento-zdd.json' or the env.php path. */
  source: string;
}

export interface ResolvedEnvironment {
  name: string;
  config: EnvironmentConfig;
  production: boolean;
  /** Phinx's log table, as named (Phinx never prefixes it). */
  migrationTable: string;
  /** Undefined when the environment has no `database` settings. */
  database: DatabaseTarget | undefined;
  /** From env.php: the blue-green switch turns Magento's request-time version check off. Undefined when not read. */
  requestCheckDisabled: boolean | undefined;
}

/** Everything needed to connect. Holds the password: never log it, never put it in a message. */
export interface ConnectionSettings extends DatabaseTarget {
  environment: string;
  password: string;
  /** Where the password came from ("the variable SHOP_DB_PASSWORD"), for messages; never the password. */
  passwordSource: string;
  migrationTable: string;
}

export function listEnvironmentNames(project: ProjectModel): string[] {
  return Object.keys(project.config.environments);
}

export function resolveEnvironment(project: ProjectModel, name: string): ResolvedEnvironment {
  const config = environmentConfig(project, name);
  const database = config.database ? databaseTarget(project, name, config) : undefined;
  return {
    name,
    config,
    production: config.production === true,
    migrationTable: config.migrationTable ?? DEFAULT_MIGRATION_TABLE,
    database: database?.target,
    requestCheckDisabled: database?.blueGreenEnabled,
  };
}

export interface ConnectionOptions {
  /** VS Code's secret storage; the CLI passes none (environment variables only). */
  secrets?: SecretProvider;
  /** The process environment the password variables are read from (default process.env). */
  env?: NodeJS.ProcessEnv;
}

export async function resolveConnection(project: ProjectModel, name: string, options: ConnectionOptions = {}): Promise<ConnectionSettings> {
  const environment = resolveEnvironment(project, name);
  if (!environment.database) {
    throw new EnvironmentError(
      'no-database',
      name,
      `environment "${name}" has no "database" settings in magento-zdd.json: add {"fromEnvPhp": true} or host, database, user and passwordEnv.`,
    );
  }
  const { password, source } = await passwordFor(project, environment, options);
  return { ...environment.database, environment: name, password, passwordSource: source, migrationTable: environment.migrationTable };
}

function environmentConfig(project: ProjectModel, name: string): EnvironmentConfig {
  const names = listEnvironmentNames(project);
  const config = Object.hasOwn(project.config.environments, name) ? project.config.environments[name] : undefined;
  if (config) return config;
  if (names.length === 0) {
    throw new EnvironmentError('no-environments', name, `no environments are configured: add "environments": {"${name}": {"database": {"fromEnvPhp": true}}} to magento-zdd.json.`);
  }
  throw new EnvironmentError('unknown-environment', name, `unknown environment "${name}"; magento-zdd.json defines ${names.map((known) => `"${known}"`).join(', ')}.`);
}

function databaseTarget(project: ProjectModel, name: string, config: EnvironmentConfig): { target: DatabaseTarget; blueGreenEnabled: boolean | undefined } {
  const database = config.database;
  if (!database) throw new Error('databaseTarget needs database settings');
  if (database.fromEnvPhp) {
    const file = database.envPhp ?? DEFAULT_ENV_PHP;
    try {
      const envPhp = readEnvPhpDatabase(project.root, file);
      return {
        target: { host: envPhp.host, port: envPhp.port, socket: envPhp.socket, user: envPhp.user, database: envPhp.database, tablePrefix: envPhp.tablePrefix, source: file },
        blueGreenEnabled: envPhp.blueGreenEnabled,
      };
    } catch (error) {
      if (error instanceof EnvPhpError) throw new EnvironmentError('env-php', name, `environment "${name}": ${error.message}`, error);
      throw error;
    }
  }
  // host may be host:port, as in env.php; an explicit port wins over it.
  const [host, hostPort] = splitHostPort(database.host ?? '127.0.0.1');
  return {
    target: {
      host: database.socket ? undefined : host,
      port: database.socket ? undefined : (database.port ?? hostPort ?? 3306),
      socket: database.socket,
      user: database.user ?? 'root',
      database: database.database,
      tablePrefix: database.tablePrefix ?? '',
      source: 'magento-zdd.json',
    },
    blueGreenEnabled: undefined,
  };
}

function splitHostPort(value: string): [string, number | undefined] {
  const match = /^([^:]+):(\d+)$/.exec(value);
  return match ? [match[1], Number(match[2])] : [value, undefined];
}

async function passwordFor(project: ProjectModel, environment: ResolvedEnvironment, options: ConnectionOptions): Promise<{ password: string; source: string }> {
  const env = options.env ?? process.env;
  const database = environment.config.database;
  const variable = database?.passwordEnv;
  // A variable that is set, even to '', is the user's explicit answer.
  if (variable !== undefined && env[variable] !== undefined) return { password: env[variable] as string, source: `the variable ${variable}` };
  let computedInEnvPhp = false;
  if (database?.fromEnvPhp) {
    const envPhp = readEnvPhpDatabase(project.root, database.envPhp ?? DEFAULT_ENV_PHP);
    if (envPhp.password.kind === 'literal') return { password: envPhp.password.value, source: database.envPhp ?? DEFAULT_ENV_PHP };
    computedInEnvPhp = true;
  }
  const stored = await options.secrets?.getDatabasePassword(environment.name);
  if (stored !== undefined) return { password: stored, source: 'the secret storage' };

  const name = environment.name;
  const envPhpFile = database?.fromEnvPhp ? (database.envPhp ?? DEFAULT_ENV_PHP) : undefined;
  const why = computedInEnvPhp
    ? `${envPhpFile} computes db/connection/default/password at run time (getenv() or a function call), which magento-zdd cannot read without running PHP`
    : variable !== undefined
      ? `the variable ${variable} (passwordEnv) is not set`
      : 'magento-zdd.json names no password source (passwords never go in that file)';
  const todo =
    variable !== undefined
      ? `export ${variable}`
      : `add "passwordEnv": "<VARIABLE>" to environments.${name}.database and export that variable (an empty value means no password)`;
  throw new EnvironmentError('no-password', name, `no database password for environment "${name}": ${why}. To fix it, ${todo}, or in VS Code store it with "Magento ZDD: Set Database Password".`);
}
