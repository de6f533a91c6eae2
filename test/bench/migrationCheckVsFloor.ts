// Bench room, part (c): the whole `magento-zdd check --format json` process over a shop with thousands
// of migrations (git baseline, module.xml, replay, SQL, rules, output included) against the floor
// process that only reads the same migration files and parses them with the same PHP parser.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleFloor, timeProcess } from './checkVsFloor';
import type { MigrationShop } from './generateMigrationShop';
import { formatMs, median } from './stats';

export interface MigrationCheckBenchResult {
  files: number;
  checkMedianMs: number;
  floorMedianMs: number;
  ratio: number;
  checkSamplesMs: number[];
  floorSamplesMs: number[];
  /** Findings per rule in the checked output, to show the rules did run. */
  findingsByCode: Record<string, number>;
}

const RATIO_TARGET = 1.5;

/**
 * Codes that mean the analysis did NOT read a generated migration the way it was written (a parse
 * failure, a call or SQL it gave up on, a file Phinx would skip). The generator writes none of these
 * on purpose, so any of them makes the timing meaningless: a skipped file is a cheap file.
 */
const MISREAD_CODES = new Set([
  'migration-invalid',
  'raw-sql-unanalyzable',
  'unanalyzable-call',
  'unsaved-table-actions',
  'migration-file-name',
  'migration-class-name',
  'duplicate-migration-version',
  'duplicate-migration-class',
  'missing-down',
]);

interface CheckedOutput {
  diagnostics: Array<{ file: string; code: string }>;
  notices?: string[];
}

/** Throws unless the run found every planted problem and misread nothing; returns the findings per rule. */
function verifyCheckOutput(shop: MigrationShop, run: { stdout: string; exitCode: number | null; stderr: string }): Record<string, number> {
  // Exit 1 = errors found, which the planted unsafe migrations must cause.
  if (run.exitCode !== 1) throw new Error(`check exited with ${run.exitCode}, expected 1:\n${run.stderr.slice(-2000)}`);
  const { diagnostics, notices } = JSON.parse(run.stdout) as CheckedOutput;
  if (notices?.length) throw new Error(`check reported notices, so part of it did not run: ${JSON.stringify(notices)}`);
  const misread = diagnostics.filter((diagnostic) => MISREAD_CODES.has(diagnostic.code));
  if (misread.length) throw new Error(`check misread ${misread.length} generated migrations, e.g. ${JSON.stringify(misread.slice(0, 3))}`);
  const found = new Set(diagnostics.map((diagnostic) => `${diagnostic.file}\n${diagnostic.code}`));
  const missed = shop.planted.filter((planted) => !found.has(`${planted.file}\n${planted.code}`));
  if (missed.length) throw new Error(`check missed ${missed.length} of ${shop.planted.length} planted findings, e.g. ${JSON.stringify(missed.slice(0, 3))}`);
  const byCode: Record<string, number> = {};
  for (const diagnostic of diagnostics) byCode[diagnostic.code] = (byCode[diagnostic.code] ?? 0) + 1;
  return byCode;
}

export async function benchMigrationCheckAgainstFloor(shop: MigrationShop, options: { repoRoot: string; workDir: string; runs: number }): Promise<MigrationCheckBenchResult> {
  const floorScript = await bundleFloor(join(__dirname, 'parseMigrationFloor.ts'), join(options.workDir, 'migration-parse-floor.js'));
  const listFile = join(options.workDir, 'migration-files.txt');
  writeFileSync(listFile, `${shop.migrationFiles.join('\n')}\n`);
  const checkArgv = [process.execPath, join(options.repoRoot, 'bin/magento-zdd.js'), 'check', shop.root, '--format', 'json'];
  const floorArgv = [process.execPath, floorScript, shop.root, listFile];

  // One untimed run of each warms the page cache and git's object store; both sides then read warm files.
  const findingsByCode = verifyCheckOutput(shop, await timeProcess(checkArgv, options.repoRoot));
  const floorWarmup = await timeProcess(floorArgv, options.repoRoot);
  if (floorWarmup.exitCode !== 0 || Number(floorWarmup.stdout.trim()) !== shop.migrationFiles.length) {
    throw new Error(`floor run failed or parsed ${floorWarmup.stdout.trim()} files cleanly instead of ${shop.migrationFiles.length}: ${floorWarmup.stderr}`);
  }
  const expectedOutput = JSON.stringify(findingsByCode);

  const checkSamplesMs: number[] = [];
  const floorSamplesMs: number[] = [];
  // Interleaved, so a noisy neighbour or a CPU frequency change hits both sides alike.
  for (let run = 0; run < options.runs; run++) {
    const check = await timeProcess(checkArgv, options.repoRoot);
    if (JSON.stringify(verifyCheckOutput(shop, check)) !== expectedOutput) throw new Error('check reported different findings than on its first run');
    checkSamplesMs.push(check.ms);
    floorSamplesMs.push((await timeProcess(floorArgv, options.repoRoot)).ms);
  }
  const checkMedianMs = median(checkSamplesMs);
  const floorMedianMs = median(floorSamplesMs);
  return { files: shop.migrationFiles.length, checkMedianMs, floorMedianMs, ratio: checkMedianMs / floorMedianMs, checkSamplesMs, floorSamplesMs, findingsByCode };
}

export function reportMigrationCheckBench(result: MigrationCheckBenchResult, shop: MigrationShop): string {
  const samples = (values: number[]) => values.map((value) => value.toFixed(0)).join(', ');
  const perFile = (ms: number) => `${(ms / result.files).toFixed(3)} ms/file`;
  const styles = Object.entries(shop.styleCounts)
    .map(([style, count]) => `${style} ${count}`)
    .join(', ');
  const findings = Object.entries(result.findingsByCode)
    .sort((a, b) => b[1] - a[1])
    .map(([code, count]) => `${code} ${count}`)
    .join(', ');
  return [
    `(c) check over ${result.files} migrations (${styles}; plus the 2,000-line one), median of ${result.checkSamplesMs.length} runs (whole process)`,
    `    findings: ${findings} (all ${shop.planted.length} planted ones found, none misread)`,
    `    magento-zdd check --format json : ${formatMs(result.checkMedianMs)} = ${perFile(result.checkMedianMs)}  [${samples(result.checkSamplesMs)}]`,
    `    floor (read + PHP parse only)   : ${formatMs(result.floorMedianMs)} = ${perFile(result.floorMedianMs)}  [${samples(result.floorSamplesMs)}]`,
    `    ratio                           : ${result.ratio.toFixed(2)}x (target <= ${RATIO_TARGET}x) ${result.ratio <= RATIO_TARGET ? 'MET' : 'MISSED'}`,
  ].join('\n');
}

export function migrationCheckRatioMet(result: MigrationCheckBenchResult): boolean {
  return result.ratio <= RATIO_TARGET;
}
