// Bench room: `npm run bench` (after `npm run build`). Generates two shops under .bench/: one with 2,000
// modules, one with 10,000 migrations in 200 modules, and measures (a) `magento-zdd check` against a
// module.xml read-and-parse floor, (b) didChange -> publishDiagnostics latency on a module.xml,
// (c) `check` over the migrations against a PHP-parse-only floor and (d) didChange latency on a
// 2,000-line migration, (e) the blue-green deploy of the demo shop under load against real MariaDB,
// Redis and nginx (0 failed requests, p99 against steady state, the pipeline's own time) and (f) the
// same release deployed the naive way. Options: --runs N (parts a and c, default 7), --edits N (parts
// b and d, default 200), --only check|lsp|migrations|migration-lsp|deploy. Exits 1 when a target is missed, so the
// numbers cannot be ignored silently. The trees are reused between runs (see generateOrReuseShop and
// generateOrReuseMigrationShop); delete .bench/ to regenerate them. BENCH_SERVER_NODE_ARGS="--cpu-prof
// --cpu-prof-dir=DIR" passes node flags to the language server the bench drives (to profile it under load).
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { benchCheckAgainstFloor, checkRatioMet, reportCheckBench } from './checkVsFloor';
import { generateOrReuseMigrationShop, type MigrationShop } from './generateMigrationShop';
import { generateOrReuseShop, type GeneratedShop } from './generateShop';
import { benchDidChangeLatency, p99Met, reportLspBench } from './lspLatency';
import { benchDeploy, deployTargetsMet, reportDeployBench } from './deployBench';
import { describeMachine } from './machine';
import { benchMigrationCheckAgainstFloor, migrationCheckRatioMet, reportMigrationCheckBench } from './migrationCheckVsFloor';
import { benchMigrationDidChangeLatency, reportMigrationLspBench } from './migrationLspLatency';

const MODULE_COUNT = 2_000;
const MIGRATION_SHOP = { moduleCount: 200, migrationCount: 10_000, unsafeShare: 0.1, largeMigrationLines: 2_000, seed: 20240612 };
const PARTS = ['check', 'lsp', 'migrations', 'migration-lsp', 'deploy'] as const;
type Part = (typeof PARTS)[number];

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
  if (values.only !== undefined && !(PARTS as readonly string[]).includes(values.only)) throw new Error(`--only must be one of ${PARTS.join(', ')}`);
  const wants = (part: Part) => values.only === undefined || values.only === part;

  const repoRoot = resolve(__dirname, '../..');
  const workDir = join(repoRoot, '.bench');
  mkdirSync(workDir, { recursive: true });
  const serverScript = join(repoRoot, 'dist/server.js');
  if (!existsSync(join(repoRoot, 'dist/cli.js')) || !existsSync(serverScript)) throw new Error('dist/ is missing: run "npm run build" first (npm run bench does)');

  console.log(describeMachine());
  let allMet = true;
  if (wants('check') || wants('lsp')) {
    const generationStarted = Date.now();
    const { shop, reused } = await generateOrReuseShop(join(workDir, 'shop'), { moduleCount: MODULE_COUNT, versionedShare: 0.6, changedShare: 0.05, seed: 20240506 });
    console.log(
      `${reused ? 'reused' : 'generated'} ${shop.root}: ${shop.moduleXmlFiles.length} bespoke modules (app/code, one git commit), ` +
        `${shop.changedFiles.length} setup_version changes in the working tree${reused ? '' : ` (${Date.now() - generationStarted} ms)`}`,
    );
    allMet = (await benchModuleShop(shop, { repoRoot, workDir, runs, edits, serverScript, parts: { check: wants('check'), lsp: wants('lsp') } })) && allMet;
  }
  if (wants('migrations') || wants('migration-lsp')) {
    const generationStarted = Date.now();
    const { shop, reused } = await generateOrReuseMigrationShop(join(workDir, 'migration-shop'), MIGRATION_SHOP);
    console.log(
      `${reused ? 'reused' : 'generated'} ${shop.root}: ${shop.migrationFiles.length} migrations in ${MIGRATION_SHOP.moduleCount} bespoke modules (one git commit), ` +
        `${shop.planted.length} planted unsafe operations${reused ? '' : ` (${Date.now() - generationStarted} ms)`}`,
    );
    allMet = (await benchMigrationShop(shop, { repoRoot, workDir, runs, edits, serverScript, parts: { check: wants('migrations'), lsp: wants('migration-lsp') } })) && allMet;
  }
  if (wants('deploy')) {
    try {
      const deployResult = await benchDeploy();
      console.log(reportDeployBench(deployResult));
      allMet &&= deployTargetsMet(deployResult);
    } catch (error) {
      console.log(`(e) blue-green deploy under load: FAILED: ${error instanceof Error ? error.message : String(error)}`);
      allMet = false;
    }
  }
  return allMet ? 0 : 1;
}

interface PartOptions {
  repoRoot: string;
  workDir: string;
  runs: number;
  edits: number;
  serverScript: string;
  parts: { check: boolean; lsp: boolean };
}

async function benchModuleShop(shop: GeneratedShop, options: PartOptions): Promise<boolean> {
  let allMet = true;
  if (options.parts.check) {
    const checkResult = await benchCheckAgainstFloor(shop, options);
    console.log(reportCheckBench(checkResult, shop.moduleXmlFiles.length, shop.changedFiles.length));
    allMet &&= checkRatioMet(checkResult);
  }
  if (options.parts.lsp) {
    try {
      const lspResult = await benchDidChangeLatency(shop, options);
      console.log(reportLspBench(lspResult));
      allMet &&= p99Met(lspResult);
    } catch (error) {
      console.log(`(b) didChange -> publishDiagnostics: FAILED: ${error instanceof Error ? error.message : String(error)}`);
      allMet = false;
    }
  }
  return allMet;
}

async function benchMigrationShop(shop: MigrationShop, options: PartOptions): Promise<boolean> {
  let allMet = true;
  if (options.parts.check) {
    const checkResult = await benchMigrationCheckAgainstFloor(shop, options);
    console.log(reportMigrationCheckBench(checkResult, shop));
    allMet &&= migrationCheckRatioMet(checkResult);
  }
  if (options.parts.lsp) {
    try {
      const lspResult = await benchMigrationDidChangeLatency(shop, options);
      console.log(reportMigrationLspBench(lspResult, shop.migrationFiles.length));
      allMet &&= p99Met(lspResult);
    } catch (error) {
      console.log(`(d) didChange -> publishDiagnostics on the large migration: FAILED: ${error instanceof Error ? error.message : String(error)}`);
      allMet = false;
    }
  }
  return allMet;
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
