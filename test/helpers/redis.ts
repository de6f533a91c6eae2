// Test helper: a real redis-server for one test file, on a unix socket in a temp folder (no TCP port,
// no persistence). Every wait is bounded; stop() removes the folder. CI installs Debian's redis-server.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createTempDir, removeTempDir } from './tempProject';

const START_TIMEOUT_MS = 20_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class RedisServer {
  private exited = false;

  private constructor(
    readonly dir: string,
    readonly socket: string,
    private readonly server: ChildProcess,
  ) {
    server.once('exit', () => {
      this.exited = true;
    });
  }

  static async start(): Promise<RedisServer> {
    const dir = createTempDir('redis');
    const socket = join(dir, 'redis.sock');
    const server = spawn('redis-server', ['--port', '0', '--unixsocket', socket, '--unixsocketperm', '700', '--save', '', '--appendonly', 'no', '--dir', dir, '--databases', '16'], { stdio: 'ignore' });
    let failed: string | undefined;
    server.once('error', (error) => (failed = `${error.message} (the tests need Debian's redis-server: bash .ci/run installs it)`));
    server.once('exit', (code) => (failed ??= `redis-server exited with ${code}`));
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (!existsSync(socket)) {
      if (failed || Date.now() > deadline) {
        server.kill('SIGKILL');
        removeTempDir(dir);
        throw new Error(`redis-server did not start: ${failed ?? 'no socket in time'}`);
      }
      await sleep(50);
    }
    return new RedisServer(dir, socket, server);
  }

  async stop(): Promise<void> {
    if (!this.exited) {
      this.server.kill('SIGTERM');
      const deadline = Date.now() + 10_000;
      while (!this.exited && Date.now() < deadline) await sleep(50);
      if (!this.exited) this.server.kill('SIGKILL');
    }
    removeTempDir(this.dir);
  }
}
