// Engine room (pure Node, no vscode): the database settings of app/etc/env.php, read without running
// PHP (the analysis' static evaluator). Values PHP computes at run time (getenv(), a function call,
// a constant) cannot be known this way; the error names the key so the user can set it explicitly.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { parsePhp } from '../../../server/src/analysis/php/parsePhp';
import { evaluateReturnedValue, isPhpArray, lookupPhp, UNKNOWN, type PhpValue } from '../../../server/src/analysis/php/phpStaticValue';
import { EngineError } from './engineError';

export const DEFAULT_ENV_PHP = 'app/etc/env.php';

export type EnvPhpProblem = 'missing' | 'unreadable' | 'syntax' | 'not-an-array' | 'runtime-value' | 'missing-key' | 'invalid-value';

export class EnvPhpError extends EngineError {
  constructor(
    readonly problem: EnvPhpProblem,
    /** Project path of the env.php. */
    readonly file: string,
    message: string,
    /** The key the problem is about, slash-separated (`db/connection/default/host`). */
    readonly key?: string,
  ) {
    super(message);
  }
}

/** What app/etc/env.php says about the default connection, the way Magento's MySQL adapter reads it. */
export interface EnvPhpDatabase {
  /** Undefined when `host` is a socket path (Magento treats a host containing '/' as one). */
  host: string | undefined;
  port: number | undefined;
  socket: string | undefined;
  database: string;
  user: string;
  /** `computed` = PHP builds it at run time (getenv() and the like); it cannot be read statically. */
  password: { kind: 'literal'; value: string } | { kind: 'computed' };
  tablePrefix: string;
  /** `deployment/blue_green/enabled`: true turns Magento's request-time version check off. */
  blueGreenEnabled: boolean;
}

const CONNECTION_KEY = ['db', 'connection', 'default'];

export function readEnvPhpDatabase(root: string, envPhp: string = DEFAULT_ENV_PHP): EnvPhpDatabase {
  const path = isAbsolute(envPhp) ? envPhp : join(root, envPhp);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new EnvPhpError('missing', envPhp, `${envPhp} does not exist in ${root}: install Magento there first, or give the environment explicit database settings (host, database, user) instead of "fromEnvPhp".`);
    throw new EnvPhpError('unreadable', envPhp, `${envPhp} cannot be read: ${(error as Error).message}`);
  }
  const { program, errors } = parsePhp(text, envPhp);
  if (errors.length > 0) throw new EnvPhpError('syntax', envPhp, `${envPhp} has a PHP syntax error (${errors[0].message}), so its database settings cannot be read.`);
  const returned = evaluateReturnedValue(program.children, dirname(path));
  if (!isPhpArray(returned)) {
    throw new EnvPhpError(
      'not-an-array',
      envPhp,
      `${envPhp} does not return a plain array (${returned === undefined ? 'no top-level "return [...]"' : 'the returned value is computed at run time'}); magento-zdd reads env.php without running PHP. Give the environment explicit database settings (host, database, user) in magento-zdd.json instead of "fromEnvPhp".`,
    );
  }
  const connection = lookupPhp(returned, ...CONNECTION_KEY);
  if (connection === UNKNOWN) throw runtimeValue(envPhp, CONNECTION_KEY);
  if (!isPhpArray(connection)) throw new EnvPhpError('missing-key', envPhp, `${envPhp} has no ${CONNECTION_KEY.join('/')} array: is Magento installed there?`, CONNECTION_KEY.join('/'));

  const rawHost = requiredString(envPhp, returned, [...CONNECTION_KEY, 'host']);
  const database = requiredString(envPhp, returned, [...CONNECTION_KEY, 'dbname']);
  const user = requiredString(envPhp, returned, [...CONNECTION_KEY, 'username']);
  const passwordValue = lookupPhp(returned, ...CONNECTION_KEY, 'password');
  const password: EnvPhpDatabase['password'] =
    passwordValue === UNKNOWN ? { kind: 'computed' } : { kind: 'literal', value: passwordValue === undefined || passwordValue === null ? '' : scalarText(passwordValue) };
  const prefixValue = lookupPhp(returned, 'db', 'table_prefix');
  if (prefixValue === UNKNOWN) throw runtimeValue(envPhp, ['db', 'table_prefix']);
  const portValue = lookupPhp(returned, ...CONNECTION_KEY, 'port');
  if (portValue === UNKNOWN) throw runtimeValue(envPhp, [...CONNECTION_KEY, 'port']);
  const blueGreen = lookupPhp(returned, 'deployment', 'blue_green', 'enabled');

  const endpoint = splitMagentoHost(rawHost);
  let port = endpoint.port;
  // Magento's adapter takes the port from host:port; a separate `port` key only fills a gap here.
  if (port === undefined && endpoint.socket === undefined && portValue !== undefined && portValue !== null && portValue !== '') port = parsePort(envPhp, scalarText(portValue), 'port');
  return {
    host: endpoint.host,
    port,
    socket: endpoint.socket,
    database,
    user,
    password,
    tablePrefix: prefixValue === undefined || prefixValue === null ? '' : scalarText(prefixValue),
    blueGreenEnabled: blueGreen === true || blueGreen === 1 || blueGreen === '1',
  };
}

/** Magento's rule: a host containing '/' is a unix socket; `host:port` carries the port. */
export function splitMagentoHost(value: string, file = DEFAULT_ENV_PHP): { host: string | undefined; port: number | undefined; socket: string | undefined } {
  if (value.includes('/')) return { host: undefined, port: undefined, socket: value };
  const colon = value.indexOf(':');
  if (colon < 0) return { host: value, port: undefined, socket: undefined };
  return { host: value.slice(0, colon), port: parsePort(file, value.slice(colon + 1), 'host'), socket: undefined };
}

function parsePort(file: string, text: string, key: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text.trim()) || port < 1 || port > 65535) {
    throw new EnvPhpError('invalid-value', file, `${file}: ${CONNECTION_KEY.join('/')}/${key} has port "${text}", which is not a number from 1 to 65535.`, `${CONNECTION_KEY.join('/')}/${key}`);
  }
  return port;
}

function requiredString(file: string, root: PhpValue, path: string[]): string {
  const value = lookupPhp(root, ...path);
  if (value === UNKNOWN) throw runtimeValue(file, path);
  if (value === undefined || value === null || value === '') throw new EnvPhpError('missing-key', file, `${file} has no ${path.join('/')}; the database cannot be reached without it.`, path.join('/'));
  if (isPhpArray(value)) throw new EnvPhpError('invalid-value', file, `${file}: ${path.join('/')} is an array, not a value.`, path.join('/'));
  return scalarText(value);
}

function runtimeValue(file: string, path: string[]): EnvPhpError {
  return new EnvPhpError(
    'runtime-value',
    file,
    `${file} computes ${path.join('/')} at run time (getenv(), a function call or a constant), which magento-zdd cannot read without running PHP. Set it explicitly for this environment in magento-zdd.json instead of "fromEnvPhp".`,
    path.join('/'),
  );
}

function scalarText(value: PhpValue): string {
  if (value === true) return '1';
  if (value === false || value === null) return '';
  return String(value);
}
