// Bench room, part (b): latency from textDocument/didChange on a module.xml to the matching
// textDocument/publishDiagnostics, talking JSON-RPC to the BUILT server over stdio like an editor does.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DidChangeTextDocumentNotification, DidOpenTextDocumentNotification, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { BenchLspClient } from './benchLspClient';
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

export const P99_TARGET_MS = 50;
export const PER_EDIT_TIMEOUT_MS = 5_000;
const OPEN_TIMEOUT_MS = 60_000;
const QUIET_WAIT_LIMIT_MS = 60_000;

export async function benchDidChangeLatency(shop: GeneratedShop, options: { serverScript: string; edits: number }): Promise<LspBenchResult> {
  const uri = pathToFileURL(join(shop.root, shop.editTarget.file)).href;
  const startedAt = process.hrtime.bigint();
  const client = await BenchLspClient.start(options.serverScript, shop.root, uri);
  try {
    const committedText = readFileSync(join(shop.root, shop.editTarget.file), 'utf8');
    const quoted = `setup_version="${shop.editTarget.setupVersion}"`;
    if (!committedText.includes(quoted)) throw new Error(`${shop.editTarget.file} does not contain ${quoted}`);
    const bumpedText = committedText.replace(quoted, `setup_version="${shop.editTarget.setupVersion}9"`);

    const opened = client.waitForDiagnostics((params) => params.version === undefined || params.version === 1, OPEN_TIMEOUT_MS, 'didOpen');
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'xml', version: 1, text: committedText } });
    const firstDiagnosticsAt = await opened;
    await client.waitForQuiet(QUIET_WAIT_LIMIT_MS);

    const latenciesMs: number[] = [];
    for (let edit = 1; edit <= options.edits; edit++) {
      const version = edit + 1;
      // Odd edits bump setup_version (one setup-version-changed error), even edits restore it (none).
      const bumped = edit % 2 === 1;
      const expectsError = (params: PublishDiagnosticsParams) => params.diagnostics.some((diagnostic) => diagnostic.code === 'setup-version-changed') === bumped;
      const published = client.waitForDiagnostics(
        (params) => (params.version !== undefined ? params.version === version && expectsError(params) : expectsError(params)),
        PER_EDIT_TIMEOUT_MS,
        `edit ${edit} (version ${version})`,
      );
      const sentAt = process.hrtime.bigint();
      await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version },
        contentChanges: [{ text: bumped ? bumpedText : committedText }],
      });
      latenciesMs.push(Number((await published) - sentAt) / 1e6);
    }
    return {
      edits: latenciesMs.length,
      p50Ms: percentile(latenciesMs, 50),
      p99Ms: percentile(latenciesMs, 99),
      maxMs: Math.max(...latenciesMs),
      startupToFirstDiagnosticsMs: Number(firstDiagnosticsAt - startedAt) / 1e6,
      matchedByVersion: client.sawVersion,
    };
  } finally {
    await client.stop();
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

export function p99Met(result: { p99Ms: number }): boolean {
  return result.p99Ms < P99_TARGET_MS;
}
