// Test helper: nginx as the shop's load balancer, with its own prefix, config, pid file and logs in a
// temp folder, listening on a free loopback port only. The upstream block includes a file the deploy
// driver rewrites. Started in the foreground (daemon off) so the test owns the process.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freeLoopbackPort, portIsFree } from './ports';
import { createTempDir, removeTempDir } from './tempProject';

const START_TIMEOUT_MS = 20_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class NginxServer {
  private exited = false;

  private constructor(
    readonly prefix: string,
    readonly config: string,
    readonly upstreamFile: string,
    readonly port: number,
    private readonly server: ChildProcess,
  ) {
    server.once('exit', () => {
      this.exited = true;
    });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<NginxServer> {
    const prefix = createTempDir('nginx');
    mkdirSync(join(prefix, 'logs'));
    mkdirSync(join(prefix, 'temp'));
    const port = await freeLoopbackPort();
    const config = join(prefix, 'nginx.conf');
    const upstreamFile = join(prefix, 'upstream.conf');
    writeFileSync(upstreamFile, 'server 127.0.0.1:9 down;\n');
    // As root, nginx would switch its workers to "nobody", which cannot write the temp folders.
    const user = process.getuid?.() === 0 ? 'user root;\n' : '';
    writeFileSync(
      config,
      `${user}worker_processes 1;
pid ${join(prefix, 'nginx.pid')};
error_log ${join(prefix, 'logs', 'error.log')} warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${join(prefix, 'temp')};
  proxy_temp_path ${join(prefix, 'temp')};
  fastcgi_temp_path ${join(prefix, 'temp')};
  uwsgi_temp_path ${join(prefix, 'temp')};
  scgi_temp_path ${join(prefix, 'temp')};
  upstream shop {
    include ${upstreamFile};
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://shop;
      proxy_connect_timeout 2s;
      proxy_read_timeout 10s;
    }
  }
}
`,
    );
    const server = spawn('nginx', ['-p', prefix, '-c', config, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    server.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let failed: string | undefined;
    server.once('error', (error) => (failed = `${error.message} (the tests need Debian's nginx-light: bash .ci/run installs it)`));
    server.once('exit', (code) => (failed ??= `nginx exited with ${code}: ${stderr}`));
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (!(await isListening(port))) {
      if (failed || Date.now() > deadline) {
        server.kill('SIGKILL');
        removeTempDir(prefix);
        throw new Error(`nginx did not start: ${failed ?? 'not listening in time'}`);
      }
      await sleep(50);
    }
    return new NginxServer(prefix, config, upstreamFile, port, server);
  }

  async stop(): Promise<void> {
    if (!this.exited) {
      this.server.kill('SIGQUIT');
      const deadline = Date.now() + 10_000;
      while (!this.exited && Date.now() < deadline) await sleep(50);
      if (!this.exited) this.server.kill('SIGKILL');
    }
    removeTempDir(this.prefix);
  }
}

async function isListening(port: number): Promise<boolean> {
  return !(await portIsFree(port));
}
