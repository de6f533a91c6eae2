// Bench room, part (c): the whole `magento-zdd check --format json` process over a shop with thousands
// of migrations (git baseline, module.xml, replay, SQL, rules, output included) against the floor
// process that only reads the same migration files and parses them with the same PHP parser on one
// thread. The check runs as a user runs it (one thread per CPU, the default) and with --jobs 1; both
// wall time and CPU time are reported, so the threads' share of the result is plain to see.
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { bundleFloor, timeProcess } from './checkVsFloor';
import type { MigrationShop } from './generateMigrationShop';
import { formatMs, median } from './stats';

interface Side {
  samplesMs: number[];
  medianMs: number;
  /** Median user + system time (all threads); undefined where the OS does not say. */
  cpuMedianMs: number | undefined;
}

export interface MigrationCheckBenchResult {
  files: number;
  threads: number;
  /** The default run (one thread per CPU): the target is on its wall time. */
  check: Side;
  singleThread: Side;
  floor: Side;
  ratio: number;
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
  const singleThreadArgv = [...checkArgv, '--jobs', '1'];
  const floorArgv = [process.execPath, floorScript, shop.root, listFile];

  // One untimed run of each warms the page cache and git's object store; all sides then read warm files.
  const findingsByCode = verifyCheckOutput(shop, await timeProcess(checkArgv, options.repoRoot));
  const expectedOutput = JSON.stringify(findingsByCode);
  if (JSON.stringify(verifyCheckOutput(shop, await timeProcess(singleThreadArgv, options.repoRoot))) !== expectedOutput) throw new Error('check --jobs 1 reported different findings');
  const floorWarmup = await timeProcess(floorArgv, options.repoRoot);
  if (floorWarmup.exitCode !== 0 || Number(floorWarmup.stdout.trim()) !== shop.migrationFiles.length) {
    throw new Error(`floor run failed or parsed ${floorWarmup.stdout.trim()} files cleanly instead of ${shop.migrationFiles.length}: ${floorWarmup.stderr}`);
  }

  type Timed = { ms: number; cpuMs: number | undefined };
  const samples: Record<'check' | 'singleThread' | 'floor', Timed[]> = { check: [], singleThread: [], floor: [] };
  // Interleaved, so a noisy neighbour or a CPU frequency change hits every side alike.
  for (let run = 0; run < options.runs; run++) {
    for (const [side, argv] of [['check', checkArgv], ['singleThread', singleThreadArgv]] as const) {
      const timed = await timeProcess(argv, options.repoRoot);
      if (JSON.stringify(verifyCheckOutput(shop, timed)) !== expectedOutput) throw new Error(`${argv.slice(2).join(' ')} reported different findings than on its first run`);
      samples[side].push(timed);
    }
    samples.floor.push(await timeProcess(floorArgv, options.repoRoot));
  }
  const sideOf = (timed: Timed[]): Side => {
    const cpu = timed.map((sample) => sample.cpuMs);
    return {
      samplesMs: timed.map((sample) => sample.ms),
      medianMs: median(timed.map((sample) => sample.ms)),
      cpuMedianMs: cpu.every((value): value is number => value !== undefined) ? median(cpu) : undefined,
    };
  };
  const check = sideOf(samples.check);
  const floor = sideOf(samples.floor);
  return { files: shop.migrationFiles.length, threads: availableParallelism(), check, singleThread: sideOf(samples.singleThread), floor, ratio: check.medianMs / floor.medianMs, findingsByCode };
}

export function reportMigrationCheckBench(result: MigrationCheckBenchResult, shop: MigrationShop): string {
  const samples = (values: number[]) => values.map((value) => value.toFixed(0)).join(', ');
  const perFile = (ms: number) => `${(ms / result.files).toFixed(3)} ms/file`;
  const cpu = (side: Side) => (side.cpuMedianMs === undefined ? 'CPU time unknown' : `CPU ${formatMs(side.cpuMedianMs)} = ${(side.cpuMedianMs / (result.floor.cpuMedianMs ?? Number.NaN)).toFixed(2)}x the floor's`);
  const styles = Object.entries(shop.styleCounts)
    .map(([style, count]) => `${style} ${count}`)
    .join(', ');
  const findings = Object.entries(result.findingsByCode)
    .sort((a, b) => b[1] - a[1])
    .map(([code, count]) => `${code} ${count}`)
    .join(', ');
  return [
    `(c) check over ${result.files} migrations (${styles}; plus the 2,000-line one), median of ${result.check.samplesMs.length} runs (whole process)`,
    `    findings: ${findings} (all ${shop.planted.length} planted ones found, none misread; identical with --jobs 1)`,
    `    magento-zdd check --format json (${result.threads} threads, the default): ${formatMs(result.check.medianMs)} = ${perFile(result.check.medianMs)}  [${samples(result.check.samplesMs)}]  ${cpu(result.check)}`,
    `    same with --jobs 1 (one thread)         : ${formatMs(result.singleThread.medianMs)} = ${perFile(result.singleThread.medianMs)}  [${samples(result.singleThread.samplesMs)}]  ${cpu(result.singleThread)}, wall ${(result.singleThread.medianMs / result.floor.medianMs).toFixed(2)}x`,
    `    floor (read + PHP parse only, one thread): ${formatMs(result.floor.medianMs)} = ${perFile(result.floor.medianMs)}  [${samples(result.floor.samplesMs)}]  ${result.floor.cpuMedianMs === undefined ? '' : `CPU ${formatMs(result.floor.cpuMedianMs)}`}`,
    `    ratio (wall, default)                    : ${result.ratio.toFixed(2)}x (target <= ${RATIO_TARGET}x) ${result.ratio <= RATIO_TARGET ? 'MET' : 'MISSED'}`,
  ].join('\n');
}

export function migrationCheckRatioMet(result: MigrationCheckBenchResult): boolean {
  return result.ratio <= RATIO_TARGET;
}
