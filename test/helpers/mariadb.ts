// Test helper: a real MariaDB server for one test file: mariadb-install-db into a temp datadir, then
// mariadbd on its own unix socket and a free loopback port. Root connects through the socket without a
// password (test-only datadir); the tests create password users for the auth paths. Every wait is
// bounded, and stop() removes the datadir. CI installs Debian's mariadb-server (.ci/run).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createConnection, type Connection } from 'mysql2/promise';
import { freeLoopbackPort } from './ports';
import { createTempDir, removeTempDir } from './tempProject';

const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 20_000;

// Small and unsafe-on-crash settings: the datadir is thrown away after the tests.
const SERVER_TUNING = ['--innodb-buffer-pool-size=16M', '--innodb-log-file-size=4M', '--innodb-flush-log-at-trx-commit=0', '--innodb-doublewrite=0', '--skip-name-resolve'];

function findProgram(name: string): string {
  for (const folder of [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/bin', '/usr/local/sbin', '/usr/local/bin']) {
    if (folder && existsSync(join(folder, name))) return join(folder, name);
  }
  throw new Error(`${name} is not installed: the integration tests need Debian's mariadb-server (bash .ci/run installs it)`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class MariaDbServer {
  readonly host = '127.0.0.1';
  private exited = false;

  private constructor(
    readonly dir: string,
    readonly socket: string,
    readonly port: number,
    private readonly server: ChildProcess,
    private readonly root: Connection,
  ) {
    server.once('exit', () => {
      this.exited = true;
    });
  }

  static async start(): Promise<MariaDbServer> {
    const dir = createTempDir('mariadb');
    const dataDir = join(dir, 'data');
    const socket = join(dir, 'mariadb.sock');
    const install = spawnSync(
      findProgram('mariadb-install-db'),
      ['--no-defaults', `--datadir=${dataDir}`, '--user=root', '--auth-root-authentication-method=normal', '--skip-test-db', ...SERVER_TUNING],
      { encoding: 'utf8', timeout: START_TIMEOUT_MS },
    );
    if (install.status !== 0) {
      removeTempDir(dir);
      throw new Error(`mariadb-install-db failed (${install.status ?? install.error?.message}):\n${install.stdout}\n${install.stderr}`);
    }
    const port = await freeLoopbackPort();
    const logFile = join(dir, 'error.log');
    // --user=root: CI runs as root, and mariadbd refuses to run as root without it.
    const server = spawn(
      findProgram('mariadbd'),
      ['--no-defaults', `--datadir=${dataDir}`, `--socket=${socket}`, `--port=${port}`, '--bind-address=127.0.0.1', '--user=root', `--pid-file=${join(dir, 'mariadb.pid')}`, `--log-error=${logFile}`, '--skip-log-bin', ...SERVER_TUNING],
      { stdio: 'ignore' },
    );
    let exitCode: number | null | undefined;
    server.once('exit', (code) => {
      exitCode = code;
    });
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      if (exitCode !== undefined) {
        const log = existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-2000) : '';
        removeTempDir(dir);
        throw new Error(`mariadbd exited with ${exitCode} while starting:\n${log}`);
      }
      try {
        const root = await createConnection({ socketPath: socket, user: 'root', connectTimeout: 2_000, multipleStatements: true });
        return new MariaDbServer(dir, socket, port, server, root);
      } catch (error) {
        if (Date.now() > deadline) {
          server.kill('SIGKILL');
          removeTempDir(dir);
          throw new Error(`mariadbd did not accept connections within ${START_TIMEOUT_MS} ms: ${(error as Error).message}`);
        }
        await sleep(100);
      }
    }
  }

  /** Runs SQL as root (several statements allowed). */
  async rootQuery(sql: string, values?: unknown[]): Promise<unknown> {
    const [result] = await this.root.query(sql, values);
    return result;
  }

  /** A database with a user that may use it from anywhere, authenticated by password. */
  async createDatabase(database: string, user: string, password: string): Promise<void> {
    await this.rootQuery(`CREATE DATABASE \`${database}\``);
    for (const host of ['localhost', '127.0.0.1', '%']) {
      await this.rootQuery(`CREATE USER IF NOT EXISTS ?@? IDENTIFIED BY ?`, [user, host, password]);
      await this.rootQuery(`GRANT ALL ON \`${database}\`.* TO ?@?`, [user, host]);
    }
  }

  async stop(): Promise<void> {
    await this.root.end().catch(() => undefined);
    if (!this.exited) {
      this.server.kill('SIGTERM');
      const deadline = Date.now() + STOP_TIMEOUT_MS;
      while (!this.exited && Date.now() < deadline) await sleep(50);
      if (!this.exited) this.server.kill('SIGKILL');
    }
    removeTempDir(this.dir);
  }
}
