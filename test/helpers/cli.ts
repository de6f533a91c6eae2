// Test helper: runs the BUILT command line (bin/magento-zdd.js -> dist/cli.js) as a user or CI would.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..');
const LAUNCHER = join(REPO_ROOT, 'bin', 'magento-zdd.js');
const BUNDLE = join(REPO_ROOT, 'dist', 'cli.js');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Builds the bundles once when dist/cli.js is missing (`npm test` builds before running the tests). */
export function ensureCliBuilt(): void {
  if (existsSync(BUNDLE)) return;
  const result = spawnSync('npm', ['run', 'build'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`npm run build failed:\n${result.stdout}\n${result.stderr}`);
}

export function runCli(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): CliRun {
  const result = spawnSync(process.execPath, [LAUNCHER, ...args], { cwd: options.cwd, env: options.env ?? process.env, encoding: 'utf8', timeout: 60_000 });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `file:line:col severity code message` lines of the text format, minus the summary line. */
export function parseTextLines(stdout: string): Array<{ file: string; line: number; column: number; severity: string; code: string; message: string }> {
  return stdout
    .split('\n')
    .filter((line) => line !== '' && !/^\d+ files? checked: /.test(line))
    .map((line) => {
      const match = /^(.+?):(\d+):(\d+) (error|warning|info) ([a-z-]+) (.+)$/.exec(line);
      if (!match) throw new Error(`not a text-format finding: ${line}`);
      return { file: match[1], line: Number(match[2]), column: Number(match[3]), severity: match[4], code: match[5], message: match[6] };
    });
}
