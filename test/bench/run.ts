// Bench room: `npm run bench` (after `npm run build`). Generates a 2,000-module shop under .bench/ and
// measures (a) `magento-zdd check` against a read-and-parse floor and (b) didChange -> publishDiagnostics
// latency of the language server. Options: --runs N (part a, default 7), --edits N (part b, default 200),
// --only check|lsp. Exits 1 when a target is missed, so the numbers cannot be ignored silently.
// The tree is reused between runs (see generateOrReuseShop); delete .bench/ to regenerate it.
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { benchCheckAgainstFloor, checkRatioMet, reportCheckBench } from './checkVsFloor';
import { generateOrReuseShop } from './generateShop';
import { benchDidChangeLatency, p99Met, reportLspBench } from './lspLatency';
import { describeMachine } from './machine';

const MODULE_COUNT = 2_000;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '7' },
      edits: { type: 'string', default: '200' },
      only: { type: 'string' },
    },
  });
  const runs = Number(values.runs);
  const edits = Number(values.edits);
  if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(edits) || edits < 2) throw new Error('--runs must be >= 1 and --edits >= 2');
  if (values.only !== undefined && values.only !== 'check' && values.only !== 'lsp') throw new Error('--only must be check or lsp');

  const repoRoot = resolve(__dirname, '../..');
  const workDir = join(repoRoot, '.bench');
  mkdirSync(workDir, { recursive: true });
  const serverScript = join(repoRoot, 'dist/server.js');
  if (!existsSync(join(repoRoot, 'dist/cli.js')) || !existsSync(serverScript)) throw new Error('dist/ is missing: run "npm run build" first (npm run bench does)');

  console.log(describeMachine());
  const generationStarted = Date.now();
  const { shop, reused } = await generateOrReuseShop(join(workDir, 'shop'), { moduleCount: MODULE_COUNT, versionedShare: 0.6, changedShare: 0.05, seed: 20240506 });
  console.log(
    `${reused ? 'reused' : 'generated'} ${shop.root}: ${shop.moduleXmlFiles.length} bespoke modules (app/code, one git commit), ` +
      `${shop.changedFiles.length} setup_version changes in the working tree${reused ? '' : ` (${Date.now() - generationStarted} ms)`}`,
  );

  let allMet = true;
  if (values.only !== 'lsp') {
    const checkResult = await benchCheckAgainstFloor(shop, { repoRoot, workDir, runs });
    console.log(reportCheckBench(checkResult, shop.moduleXmlFiles.length, shop.changedFiles.length));
    allMet &&= checkRatioMet(checkResult);
  }
  if (values.only !== 'check') {
    try {
      const lspResult = await benchDidChangeLatency(shop, { serverScript, edits });
      console.log(reportLspBench(lspResult));
      allMet &&= p99Met(lspResult);
    } catch (error) {
      console.log(`(b) didChange -> publishDiagnostics: FAILED: ${error instanceof Error ? error.message : String(error)}`);
      allMet = false;
    }
  }
  return allMet ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 2;
  },
);
