// Bench room, part (a): the whole `magento-zdd check --format json` process over the generated shop
// (git baseline included) against the floor process that only reads and parses the same files.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { runProcess } from '../../server/src/analysis/processes';
import type { GeneratedShop } from './generateShop';
import { formatMs, median } from './stats';

export interface CheckBenchResult {
  checkMedianMs: number;
  floorMedianMs: number;
  ratio: number;
  checkSamplesMs: number[];
  floorSamplesMs: number[];
}

const RATIO_TARGET = 2;

/** `cpuMs`: user + system time of the child and its threads (Linux: from this process's reaped-children totals). */
export async function timeProcess(argv: string[], cwd: string): Promise<{ ms: number; cpuMs: number | undefined; stdout: string; exitCode: number | null; stderr: string }> {
  const cpuBefore = reapedChildrenCpuMs();
  const started = process.hrtime.bigint();
  const result = await runProcess(argv, { cwd, timeoutMs: 300_000 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const cpuAfter = reapedChildrenCpuMs();
  const cpuMs = cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore;
  return { ms, cpuMs, stdout: result.stdout, exitCode: result.exitCode, stderr: result.stderr };
}

/** cutime + cstime of /proc/self/stat: CPU time of the children this process has waited for (one child runs at a time here). */
function reapedChildrenCpuMs(): number | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // Fields after the parenthesised command name, which may itself hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticksPerSecond = 100;
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / ticksPerSecond;
  } catch {
    return undefined;
  }
}

/** Bundles a floor like scripts/build.mjs bundles the CLI, so neither side pays for a TS loader. */
export async function bundleFloor(entryPoint: string, outfile: string): Promise<string> {
  await build({
    entryPoints: [entryPoint],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'warning',
  });
  return outfile;
}

export function buildFloor(outDir: string): Promise<string> {
  return bundleFloor(join(__dirname, 'parseFloor.ts'), join(outDir, 'parse-floor.js'));
}

function verifyCheckOutput(shop: GeneratedShop, run: { stdout: string; exitCode: number | null; stderr: string }): void {
  // Exit 1 = errors found, which the bumped versions must cause; anything else means the run is not comparable.
  if (run.exitCode !== 1) throw new Error(`check exited with ${run.exitCode}, expected 1:\n${run.stderr}`);
  const { diagnostics, notices } = JSON.parse(run.stdout) as { diagnostics: Array<{ file: string; code: string }>; notices?: string[] };
  const flagged = diagnostics.filter((diagnostic) => diagnostic.code === 'setup-version-changed').map((diagnostic) => diagnostic.file).sort();
  if (JSON.stringify(flagged) !== JSON.stringify(shop.changedFiles) || diagnostics.length !== flagged.length) {
    throw new Error(`check reported ${diagnostics.length} diagnostics (${flagged.length} setup-version-changed), expected exactly the ${shop.changedFiles.length} bumped modules; notices: ${JSON.stringify(notices ?? [])}`);
  }
}

export async function benchCheckAgainstFloor(shop: GeneratedShop, options: { repoRoot: string; workDir: string; runs: number }): Promise<CheckBenchResult> {
  const floorScript = await buildFloor(options.workDir);
  const listFile = join(options.workDir, 'module-xml-files.txt');
  writeFileSync(listFile, `${shop.moduleXmlFiles.join('\n')}\n`);
  const checkArgv = [process.execPath, join(options.repoRoot, 'bin/magento-zdd.js'), 'check', shop.root, '--format', 'json'];
  const floorArgv = [process.execPath, floorScript, shop.root, listFile];

  // One untimed run of each warms the page cache and git's object store; both sides then read warm files.
  verifyCheckOutput(shop, await timeProcess(checkArgv, options.repoRoot));
  const floorWarmup = await timeProcess(floorArgv, options.repoRoot);
  if (floorWarmup.exitCode !== 0 || Number(floorWarmup.stdout.trim()) !== shop.moduleXmlFiles.length) {
    throw new Error(`floor run failed or parsed ${floorWarmup.stdout.trim()} modules instead of ${shop.moduleXmlFiles.length}: ${floorWarmup.stderr}`);
  }

  const checkSamplesMs: number[] = [];
  const floorSamplesMs: number[] = [];
  // Interleaved, so a noisy neighbour or a CPU frequency change hits both sides alike.
  for (let run = 0; run < options.runs; run++) {
    const check = await timeProcess(checkArgv, options.repoRoot);
    verifyCheckOutput(shop, check);
    checkSamplesMs.push(check.ms);
    floorSamplesMs.push((await timeProcess(floorArgv, options.repoRoot)).ms);
  }
  const checkMedianMs = median(checkSamplesMs);
  const floorMedianMs = median(floorSamplesMs);
  return { checkMedianMs, floorMedianMs, ratio: checkMedianMs / floorMedianMs, checkSamplesMs, floorSamplesMs };
}

export function reportCheckBench(result: CheckBenchResult, moduleCount: number, changedCount: number): string {
  const samples = (values: number[]) => values.map((value) => value.toFixed(0)).join(', ');
  return [
    `(a) check over ${moduleCount} bespoke modules, ${changedCount} setup_version changes, median of ${result.checkSamplesMs.length} runs (whole process)`,
    `    magento-zdd check --format json : ${formatMs(result.checkMedianMs)}  [${samples(result.checkSamplesMs)}]`,
    `    floor (read + parse only)       : ${formatMs(result.floorMedianMs)}  [${samples(result.floorSamplesMs)}]`,
    `    ratio                           : ${result.ratio.toFixed(2)}x (target <= ${RATIO_TARGET}x) ${result.ratio <= RATIO_TARGET ? 'MET' : 'MISSED'}`,
  ].join('\n');
}

export function checkRatioMet(result: CheckBenchResult): boolean {
  return result.ratio <= RATIO_TARGET;
}
