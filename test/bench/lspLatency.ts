// Bench room, part (b): latency from textDocument/didChange on a module.xml to the matching
// textDocument/publishDiagnostics, talking JSON-RPC to the BUILT server over stdio like an editor does.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import type { GeneratedShop } from './generateShop';
import { formatMs, percentile } from './stats';

export interface LspBenchResult {
  edits: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  startupToFirstDiagnosticsMs: number;
  /** False when the server published without `version`, so matching fell back to the diagnostics' content. */
  matchedByVersion: boolean;
}

const P99_TARGET_MS = 50;
const PER_EDIT_TIMEOUT_MS = 5_000;
const OPEN_TIMEOUT_MS = 60_000;
/** How long the server must stay quiet after opening before edits start, so its start-up scan is not measured. */
const QUIET_PERIOD_MS = 500;
const QUIET_WAIT_LIMIT_MS = 60_000;

interface Waiter {
  accept: (params: PublishDiagnosticsParams) => boolean;
  resolve: (receivedAt: bigint) => void;
}

export async function benchDidChangeLatency(shop: GeneratedShop, options: { serverScript: string; edits: number }): Promise<LspBenchResult> {
  const server = spawn(process.execPath, [options.serverScript, '--stdio'], { cwd: shop.root, stdio: ['pipe', 'pipe', 'pipe'] });
  let serverStderr = '';
  server.stderr.setEncoding('utf8');
  server.stderr.on('data', (chunk: string) => {
    // Keep only the tail: enough to explain a failure, bounded however chatty the server is.
    serverStderr = (serverStderr + chunk).slice(-4000);
  });
  const exited = new Promise<never>((_, reject) => server.on('exit', (code, signal) => reject(new Error(`server exited (code ${code}, signal ${signal}):\n${serverStderr}`))));
  exited.catch(() => undefined);

  const connection = createProtocolConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
  const uri = pathToFileURL(join(shop.root, shop.editTarget.file)).href;
  const waiters: Waiter[] = [];
  let lastPublishAt = process.hrtime.bigint();
  let sawVersion = false;
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    const receivedAt = process.hrtime.bigint();
    lastPublishAt = receivedAt;
    if (params.uri !== uri) return;
    if (params.version !== undefined) sawVersion = true;
    const index = waiters.findIndex((waiter) => waiter.accept(params));
    if (index >= 0) waiters.splice(index, 1)[0].resolve(receivedAt);
  });
  // Servers may ask for configuration or register capabilities; answer like a minimal editor would.
  connection.onRequest('workspace/configuration', (params: { items?: unknown[] }) => (params.items ?? []).map(() => null));
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.listen();

  const waitFor = (accept: Waiter['accept'], timeoutMs: number, what: string): Promise<bigint> => {
    let timer: NodeJS.Timeout | undefined;
    const published = new Promise<bigint>((resolve) => waiters.push({ accept, resolve }));
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no publishDiagnostics for ${what} within ${timeoutMs} ms`)), timeoutMs);
    });
    return Promise.race([published, timedOut, exited]).finally(() => clearTimeout(timer));
  };

  try {
    const startedAt = process.hrtime.bigint();
    await Promise.race([
      connection.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        rootUri: pathToFileURL(shop.root).href,
        workspaceFolders: [{ uri: pathToFileURL(shop.root).href, name: 'bench-shop' }],
        capabilities: { textDocument: { publishDiagnostics: { versionSupport: true, relatedInformation: true, codeDescriptionSupport: true } }, workspace: { configuration: true } },
      }),
      exited,
    ]);
    await connection.sendNotification(InitializedNotification.type, {});

    const committedText = readFileSync(join(shop.root, shop.editTarget.file), 'utf8');
    const quoted = `setup_version="${shop.editTarget.setupVersion}"`;
    if (!committedText.includes(quoted)) throw new Error(`${shop.editTarget.file} does not contain ${quoted}`);
    const bumpedText = committedText.replace(quoted, `setup_version="${shop.editTarget.setupVersion}9"`);

    const opened = waitFor((params) => params.version === undefined || params.version === 1, OPEN_TIMEOUT_MS, 'didOpen');
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'xml', version: 1, text: committedText } });
    const firstDiagnosticsAt = await opened;
    await waitForQuiet(() => lastPublishAt);

    const latenciesMs: number[] = [];
    for (let edit = 1; edit <= options.edits; edit++) {
      const version = edit + 1;
      // Odd edits bump setup_version (one setup-version-changed error), even edits restore it (none).
      const bumped = edit % 2 === 1;
      const expectsError = (params: PublishDiagnosticsParams) => params.diagnostics.some((diagnostic) => diagnostic.code === 'setup-version-changed') === bumped;
      const published = waitFor(
        (params) => (params.version !== undefined ? params.version === version && expectsError(params) : expectsError(params)),
        PER_EDIT_TIMEOUT_MS,
        `edit ${edit} (version ${version})`,
      );
      const sentAt = process.hrtime.bigint();
      await connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version },
        contentChanges: [{ text: bumped ? bumpedText : committedText }],
      });
      latenciesMs.push(Number((await published) - sentAt) / 1e6);
    }

    await Promise.race([connection.sendRequest(ShutdownRequest.type), exited, delay(5_000)]);
    await connection.sendNotification(ExitNotification.type);
    return {
      edits: latenciesMs.length,
      p50Ms: percentile(latenciesMs, 50),
      p99Ms: percentile(latenciesMs, 99),
      maxMs: Math.max(...latenciesMs),
      startupToFirstDiagnosticsMs: Number(firstDiagnosticsAt - startedAt) / 1e6,
      matchedByVersion: sawVersion,
    };
  } finally {
    connection.dispose();
    if (server.exitCode === null) {
      // Give a polite exit a moment before killing only the process this bench started.
      await Promise.race([new Promise((resolve) => server.once('exit', resolve)), delay(2_000)]);
      if (server.exitCode === null) server.kill();
    }
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitForQuiet(lastPublishAt: () => bigint): Promise<void> {
  const waitStarted = Date.now();
  while (Date.now() - waitStarted < QUIET_WAIT_LIMIT_MS) {
    const quietFor = Number(process.hrtime.bigint() - lastPublishAt()) / 1e6;
    if (quietFor >= QUIET_PERIOD_MS) return;
    await delay(QUIET_PERIOD_MS - quietFor);
  }
}

export function reportLspBench(result: LspBenchResult): string {
  return [
    `(b) didChange -> publishDiagnostics over ${result.edits} edits of one module.xml (server: node dist/server.js --stdio)`,
    `    p50 ${formatMs(result.p50Ms)}, p99 ${formatMs(result.p99Ms)}, max ${formatMs(result.maxMs)} (target p99 < ${P99_TARGET_MS} ms) ${result.p99Ms < P99_TARGET_MS ? 'MET' : 'MISSED'}`,
    `    initialize -> first diagnostics of the opened file: ${formatMs(result.startupToFirstDiagnosticsMs)}`,
    result.matchedByVersion ? '    matched by document version' : '    NOTE: the server published without a document version; matched by diagnostic content instead',
  ].join('\n');
}

export function p99Met(result: LspBenchResult): boolean {
  return result.p99Ms < P99_TARGET_MS;
}
