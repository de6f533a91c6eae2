// Engine room (pure Node, no vscode): reads an environment's phinxlog and setup_module with mysql2,
// read-only. Connection failures become DatabaseErrors written for the user; none of them carries the
// password (mysql2's and the server's messages never contain it, and ours name only its source).
import { createConnection, type Connection, type RowDataPacket } from 'mysql2/promise';
import type { SetupModuleRow, SetupModuleSnapshot } from '../../../server/src/analysis/setupModuleDrift';
import { EngineError } from './engineError';
import type { ConnectionSettings } from './environments';

export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
const DEFAULT_QUERY_TIMEOUT_MS = 15_000;

export type DatabaseProblem = 'unreachable' | 'access-denied' | 'unknown-database' | 'missing-table' | 'query-failed';

export class DatabaseError extends EngineError {
  constructor(
    readonly problem: DatabaseProblem,
    readonly environment: string,
    message: string,
    /** The driver's or server's error code (ECONNREFUSED, ER_ACCESS_DENIED_ERROR...). */
    readonly code?: string,
  ) {
    super(message);
  }
}

/** One row of Phinx's log. Times are the database's own text (`2024-05-06 09:20:00`), as `phinx status` prints them. */
export interface PhinxlogRow {
  version: string;
  migrationName: string | null;
  startTime: string | null;
  endTime: string | null;
  breakpoint: boolean;
}

export interface PhinxlogRead {
  table: string;
  /** False when the table does not exist: Phinx creates it on the first migrate, so nothing is applied yet. */
  exists: boolean;
  rows: PhinxlogRow[];
}

export interface SetupModuleRead {
  table: string;
  snapshot: SetupModuleSnapshot;
}

export interface DatabaseStatus {
  environment: string;
  phinxlog: PhinxlogRead;
  setupModule: SetupModuleRead;
}

export interface DatabaseOptions {
  connectTimeoutMs?: number;
  queryTimeoutMs?: number;
}

/** One read-only connection to an environment's database. */
export class DatabaseSession {
  private constructor(
    private readonly connection: Connection,
    private readonly settings: ConnectionSettings,
    private readonly queryTimeoutMs: number,
  ) {}

  static async open(settings: ConnectionSettings, options: DatabaseOptions = {}): Promise<DatabaseSession> {
    try {
      const connection = await createConnection({
        host: settings.socket ? undefined : settings.host,
        port: settings.socket ? undefined : settings.port,
        socketPath: settings.socket,
        user: settings.user,
        password: settings.password,
        database: settings.database,
        connectTimeout: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
        // Versions stay exact text (bigint) and times stay as the server shows them.
        supportBigNumbers: true,
        bigNumberStrings: true,
        dateStrings: true,
        multipleStatements: false,
      });
      // A dropped connection must not surface later as an unhandled 'error' event.
      connection.on('error', () => undefined);
      return new DatabaseSession(connection, settings, options.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS);
    } catch (error) {
      throw describeDatabaseError(error, settings);
    }
  }

  async readPhinxlog(): Promise<PhinxlogRead> {
    const table = this.settings.migrationTable;
    const rows = await this.selectAll(table);
    if (rows === undefined) return { table, exists: false, rows: [] };
    const phinxlog = rows
      .map((row) => ({
        version: String(row.version),
        migrationName: row.migration_name === undefined || row.migration_name === null ? null : String(row.migration_name),
        startTime: textOrNull(row.start_time),
        endTime: textOrNull(row.end_time),
        breakpoint: Number(row.breakpoint ?? 0) !== 0,
      }))
      .sort((a, b) => compareVersions(a.version, b.version));
    return { table, exists: true, rows: phinxlog };
  }

  /** setup_module with Magento's table prefix; a missing table means Magento is not installed in this database. */
  async readSetupModule(requestCheckDisabled?: boolean): Promise<SetupModuleRead> {
    const table = `${this.settings.tablePrefix}setup_module`;
    const rows = await this.selectAll(table);
    if (rows === undefined) {
      throw new DatabaseError(
        'missing-table',
        this.settings.environment,
        `the database ${this.settings.database} of "${this.settings.environment}" has no ${table} table: Magento is not installed there, or the table prefix ("${this.settings.tablePrefix}") is wrong.`,
        'ER_NO_SUCH_TABLE',
      );
    }
    const modules = new Map<string, SetupModuleRow>();
    for (const row of rows) modules.set(String(row.module), { schemaVersion: textOrNull(row.schema_version), dataVersion: textOrNull(row.data_version) });
    return { table, snapshot: { environment: this.settings.environment, modules, requestCheckDisabled } };
  }

  async close(): Promise<void> {
    await this.connection.end().catch(() => this.connection.destroy());
  }

  /** Every row of a table; undefined when the table does not exist. */
  private async selectAll(table: string): Promise<RowDataPacket[] | undefined> {
    try {
      const [rows] = await this.connection.query<RowDataPacket[]>({ sql: `SELECT * FROM ${quoteIdentifier(table)}`, timeout: this.queryTimeoutMs });
      return rows;
    } catch (error) {
      if ((error as { code?: string }).code === 'ER_NO_SUCH_TABLE') return undefined;
      throw describeDatabaseError(error, this.settings);
    }
  }
}

/** Opens a session, runs `work`, and always closes the connection. */
export async function withDatabase<T>(settings: ConnectionSettings, work: (session: DatabaseSession) => Promise<T>, options: DatabaseOptions = {}): Promise<T> {
  const session = await DatabaseSession.open(settings, options);
  try {
    return await work(session);
  } finally {
    await session.close();
  }
}

export async function readDatabaseStatus(settings: ConnectionSettings, options: DatabaseOptions & { requestCheckDisabled?: boolean } = {}): Promise<DatabaseStatus> {
  return withDatabase(
    settings,
    async (session) => ({ environment: settings.environment, phinxlog: await session.readPhinxlog(), setupModule: await session.readSetupModule(options.requestCheckDisabled) }),
    options,
  );
}

function quoteIdentifier(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}

function textOrNull(value: unknown): string | null {
  return value === undefined || value === null ? null : String(value);
}

/** Phinx versions compare as numbers; they can have different lengths. */
export function compareVersions(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

export function describeEndpoint(settings: Pick<ConnectionSettings, 'host' | 'port' | 'socket'>): string {
  return settings.socket ? `socket ${settings.socket}` : `${settings.host ?? 'localhost'}:${settings.port ?? 3306}`;
}

/** mysql2's and the server's errors as a DatabaseError that says what to do. */
export function describeDatabaseError(error: unknown, settings: ConnectionSettings): DatabaseError {
  const code = (error as { code?: string }).code ?? '';
  const { environment, database, user } = settings;
  const where = describeEndpoint(settings);
  const unreachable = (why: string) => new DatabaseError('unreachable', environment, `cannot reach the database of "${environment}" at ${where}: ${why}.`, code);
  switch (code) {
    case 'ECONNREFUSED':
      return unreachable('the connection was refused (is MariaDB/MySQL running there, and is the port right?)');
    case 'ETIMEDOUT':
      return unreachable('no answer in time (a wrong host, a firewall, or a VPN that is not connected?)');
    case 'ENOENT':
      return unreachable(`the socket ${settings.socket ?? ''} does not exist (is the server running, and is the path right?)`);
    case 'EACCES':
      return unreachable('permission denied on the socket');
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return unreachable(`the host name "${settings.host ?? ''}" does not resolve`);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return unreachable('no route to the host');
    case 'ECONNRESET':
    case 'PROTOCOL_CONNECTION_LOST':
      return unreachable('the server closed the connection');
    case 'PROTOCOL_SEQUENCE_TIMEOUT':
      return unreachable('a query got no answer in time');
    case 'ER_ACCESS_DENIED_ERROR':
    case 'ER_NOT_SUPPORTED_AUTH_MODE':
      return new DatabaseError(
        'access-denied',
        environment,
        `access denied for user "${user}" to the database of "${environment}" at ${where}: the password from ${settings.passwordSource} is wrong, or "${user}" may not connect from this host.`,
        code,
      );
    case 'ER_DBACCESS_DENIED_ERROR':
      return new DatabaseError('unknown-database', environment, `user "${user}" may not use database "${database}" on ${where} (or it does not exist): check "database" of environment "${environment}".`, code);
    case 'ER_BAD_DB_ERROR':
      return new DatabaseError('unknown-database', environment, `database "${database}" does not exist on ${where}: check "database" of environment "${environment}".`, code);
    default:
      return new DatabaseError('query-failed', environment, `reading the database of "${environment}" at ${where} failed: ${(error as Error).message ?? String(error)}`, code || undefined);
  }
}
