// Bench room, part (d): latency from textDocument/didChange on the 2,000-line migration to the
// matching textDocument/publishDiagnostics, in the shop with thousands of earlier migrations whose
// replay gives each rule its schema. Edits are incremental, as an editor sends them: a column name
// typed over and back, a statement inserted and removed again.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DidChangeTextDocumentNotification, DidOpenTextDocumentNotification, type PublishDiagnosticsParams, type TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol/node';
import { BenchLspClient } from './benchLspClient';
import type { MigrationShop } from './generateMigrationShop';
import { P99_TARGET_MS, PER_EDIT_TIMEOUT_MS } from './lspLatency';
import { formatMs, percentile } from './stats';

export interface MigrationLspBenchResult {
  lines: number;
  edits: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** False when the server published without `version`, so matching fell back to the diagnostics' content. */
  matchedByVersion: boolean;
  /** Start-up check of the whole project (initialize -> status done), which edits must not include. */
  startupCheckMs: number;
  diagnosticsOnOpen: number;
}

/** The server checks every migration at start-up; on a slow machine that takes a while. */
const STARTUP_CHECK_TIMEOUT_MS = 600_000;
const OPEN_TIMEOUT_MS = 60_000;
const QUIET_WAIT_LIMIT_MS = 60_000;

const countDropColumn = (params: PublishDiagnosticsParams) => params.diagnostics.filter((diagnostic) => diagnostic.code === 'drop-column').length;

export async function benchMigrationDidChangeLatency(shop: MigrationShop, options: { serverScript: string; edits: number }): Promise<MigrationLspBenchResult> {
  const target = shop.largeMigration;
  const uri = pathToFileURL(join(shop.root, target.file)).href;
  const text = readFileSync(join(shop.root, target.file), 'utf8');
  const lines = text.split('\n');
  const { column } = target;
  if (lines[column.line]?.slice(column.character, column.character + column.name.length) !== column.name) throw new Error(`${target.file}:${column.line + 1} does not hold ${column.name} where the generator said`);

  const startedAt = process.hrtime.bigint();
  const client = await BenchLspClient.start(options.serverScript, shop.root, uri);
  try {
    // Edits start after the start-up check of all migrations, as they would in an editor left open.
    await client.waitForStatus((status) => status.state !== 'checking', STARTUP_CHECK_TIMEOUT_MS, 'the start-up check');
    const startupCheckMs = Number(process.hrtime.bigint() - startedAt) / 1e6;

    let openDropColumns = -1;
    let diagnosticsOnOpen = 0;
    const opened = client.waitForDiagnostics(
      (params) => {
        if (params.version !== undefined && params.version !== 1) return false;
        openDropColumns = countDropColumn(params);
        diagnosticsOnOpen = params.diagnostics.length;
        return true;
      },
      OPEN_TIMEOUT_MS,
      'didOpen',
    );
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'php', version: 1, text } });
    await opened;
    await client.waitForQuiet(QUIET_WAIT_LIMIT_MS);

    const latenciesMs: number[] = [];
    for (let edit = 1; edit <= options.edits; edit++) {
      const version = edit + 1;
      // A cycle of four: rename the column, insert the statement, rename it back, remove the statement.
      const step = (edit - 1) % 4;
      const change: TextDocumentContentChangeEvent =
        step === 0 || step === 2
          ? {
              range: { start: { line: column.line, character: column.character }, end: { line: column.line, character: column.character + (step === 0 ? column.name : column.renamed).length } },
              text: step === 0 ? column.renamed : column.name,
            }
          : step === 1
            ? { range: { start: { line: target.insertLine, character: 0 }, end: { line: target.insertLine, character: 0 } }, text: target.insertedStatement }
            : { range: { start: { line: target.insertLine, character: 0 }, end: { line: target.insertLine + 1, character: 0 } }, text: '' };
      // The inserted statement drops a column: one drop-column finding more while it is there.
      const statementPresent = step === 1 || step === 2;
      const expected = openDropColumns + (statementPresent ? 1 : 0);
      const published = client.waitForDiagnostics(
        (params) => (params.version === undefined || params.version === version) && countDropColumn(params) === expected,
        PER_EDIT_TIMEOUT_MS,
        `edit ${edit} (version ${version})`,
      );
      const sentAt = process.hrtime.bigint();
      await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [change] });
      latenciesMs.push(Number((await published) - sentAt) / 1e6);
    }
    return {
      lines: lines.length - 1,
      edits: latenciesMs.length,
      p50Ms: percentile(latenciesMs, 50),
      p99Ms: percentile(latenciesMs, 99),
      maxMs: Math.max(...latenciesMs),
      startupCheckMs,
      diagnosticsOnOpen,
      matchedByVersion: client.sawVersion,
    };
  } finally {
    await client.stop();
  }
}

export function reportMigrationLspBench(result: MigrationLspBenchResult, migrationCount: number): string {
  return [
    `(d) didChange -> publishDiagnostics over ${result.edits} incremental edits of a ${result.lines}-line migration (the newest of ${migrationCount}; ${result.diagnosticsOnOpen} diagnostics on open)`,
    `    p50 ${formatMs(result.p50Ms)}, p99 ${formatMs(result.p99Ms)}, max ${formatMs(result.maxMs)} (target p99 < ${P99_TARGET_MS} ms) ${result.p99Ms < P99_TARGET_MS ? 'MET' : 'MISSED'}`,
    `    initialize -> start-up check of the whole shop done: ${formatMs(result.startupCheckMs)} (not part of the latency)`,
    result.matchedByVersion ? '    matched by document version' : '    NOTE: the server published without a document version; matched by diagnostic content instead',
  ].join('\n');
}
