// Bench room: a minimal editor for the latency benches. Spawns the BUILT server over stdio, answers
// what a server may ask, and lets a bench wait for the publishDiagnostics of one document (by version)
// with a timeout, so no wait is unbounded.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { STATUS_NOTIFICATION, type StatusParams } from '../../server/src/protocol';

interface Waiter {
  accept: (params: PublishDiagnosticsParams) => boolean;
  resolve: (receivedAt: bigint) => void;
}

/** How long the server must stay quiet after opening before edits start, so its own work is not measured. */
const QUIET_PERIOD_MS = 500;

export class BenchLspClient {
  readonly connection: ProtocolConnection;
  /** Rejects when the server exits; every wait races against it. */
  readonly exited: Promise<never>;
  private readonly waiters: Waiter[] = [];
  private readonly statusWaiters: Array<{ accept: (status: StatusParams) => boolean; resolve: () => void }> = [];
  private lastPublishAt = process.hrtime.bigint();
  private serverStderr = '';
  /** True once the watched document was published with a `version`. */
  sawVersion = false;

  private constructor(
    private readonly server: ChildProcessWithoutNullStreams,
    private readonly watchedUri: string,
  ) {
    server.stderr.setEncoding('utf8');
    server.stderr.on('data', (chunk: string) => {
      // Keep only the tail: enough to explain a failure, bounded however chatty the server is.
      this.serverStderr = (this.serverStderr + chunk).slice(-4000);
    });
    this.exited = new Promise<never>((_, reject) => server.on('exit', (code, signal) => reject(new Error(`server exited (code ${code}, signal ${signal}):\n${this.serverStderr}`))));
    this.exited.catch(() => undefined);

    this.connection = createProtocolConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      const receivedAt = process.hrtime.bigint();
      this.lastPublishAt = receivedAt;
      if (params.uri !== this.watchedUri) return;
      if (params.version !== undefined) this.sawVersion = true;
      const index = this.waiters.findIndex((waiter) => waiter.accept(params));
      if (index >= 0) this.waiters.splice(index, 1)[0].resolve(receivedAt);
    });
    this.connection.onNotification(STATUS_NOTIFICATION, (status: StatusParams) => {
      const index = this.statusWaiters.findIndex((waiter) => waiter.accept(status));
      if (index >= 0) this.statusWaiters.splice(index, 1)[0].resolve();
    });
    // Servers may ask for configuration or register capabilities; answer like a minimal editor would.
    this.connection.onRequest('workspace/configuration', (params: { items?: unknown[] }) => (params.items ?? []).map(() => null));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.listen();
  }

  /** Starts the server in `root` and completes initialize/initialized; `watchedUri` is the document the bench edits. */
  static async start(serverScript: string, root: string, watchedUri: string): Promise<BenchLspClient> {
    // BENCH_SERVER_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the server under the bench's load.
    const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const server = spawn(process.execPath, [...nodeArgs, serverScript, '--stdio'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    const client = new BenchLspClient(server, watchedUri);
    await Promise.race([
      client.connection.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        rootUri: pathToFileURL(root).href,
        workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'bench-shop' }],
        capabilities: { textDocument: { publishDiagnostics: { versionSupport: true, relatedInformation: true, codeDescriptionSupport: true } }, workspace: { configuration: true } },
      }),
      client.exited,
    ]);
    await client.connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  /** Resolves with the arrival time of the first publishDiagnostics of the watched document that `accept`s. */
  waitForDiagnostics(accept: Waiter['accept'], timeoutMs: number, what: string): Promise<bigint> {
    const published = new Promise<bigint>((resolve) => this.waiters.push({ accept, resolve }));
    return this.withTimeout(published, timeoutMs, `no publishDiagnostics for ${what} within ${timeoutMs} ms`);
  }

  /** Resolves on the first status notification that `accept`s (e.g. the end of the start-up check). */
  waitForStatus(accept: (status: StatusParams) => boolean, timeoutMs: number, what: string): Promise<void> {
    const reported = new Promise<void>((resolve) => this.statusWaiters.push({ accept, resolve }));
    return this.withTimeout(reported, timeoutMs, `no status for ${what} within ${timeoutMs} ms`);
  }

  /** Waits until no diagnostics have arrived for QUIET_PERIOD_MS (at most `limitMs`). */
  async waitForQuiet(limitMs: number): Promise<void> {
    const waitStarted = Date.now();
    while (Date.now() - waitStarted < limitMs) {
      const quietFor = Number(process.hrtime.bigint() - this.lastPublishAt) / 1e6;
      if (quietFor >= QUIET_PERIOD_MS) return;
      await delay(QUIET_PERIOD_MS - quietFor);
    }
  }

  /** Shuts the server down politely, then kills only this process if it lingers. */
  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest(ShutdownRequest.type), this.exited, delay(5_000)]);
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      // A server that already exited needs no shutdown.
    }
    this.connection.dispose();
    if (this.server.exitCode === null) {
      await Promise.race([new Promise((resolve) => this.server.once('exit', resolve)), delay(2_000)]);
      if (this.server.exitCode === null) this.server.kill();
    }
  }

  private withTimeout<T>(promise: Promise<T>, timeoutMs: number, message: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(message)), timeoutMs);
    });
    return Promise.race([promise, timedOut, this.exited]).finally(() => clearTimeout(timer));
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
