// Test helper: runs the BUILT command line (bin/magento-zdd.js -> dist/cli.js) as a user or CI would.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..');
const LAUNCHER = join(REPO_ROOT, 'bin', 'magento-zdd.js');
const BUNDLES = [join(REPO_ROOT, 'dist', 'cli.js'), join(REPO_ROOT, 'dist', 'migrationFactsWorker.js')];

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Builds the bundles once when the CLI's are missing (`npm test` builds before running the tests). */
export function ensureCliBuilt(): void {
  if (BUNDLES.every((bundle) => existsSync(bundle))) return;
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

/** A CLI run in the background (the deploy tests signal it mid-way while a load generator runs). */
export interface BackgroundCli {
  child: ChildProcess;
  /** Output so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves when stdout or stderr matches; rejects after timeoutMs or when the CLI exits first. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Resolves with the exit status (null when killed by a signal) and the whole output; bounded by the timeout given to startCli. */
  done: Promise<CliRun & { signal: NodeJS.Signals | null }>;
}

/**
 * `terminalInput`: runs the CLI on a pseudo-terminal (util-linux `script`), so stdin is a TTY, and
 * types this text into it; stdout and stderr then arrive together on stdout, with the typed echo.
 */
export function startCli(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; terminalInput?: string }): BackgroundCli {
  const argv = [process.execPath, LAUNCHER, ...args];
  const child =
    options.terminalInput === undefined
      ? spawn(argv[0], argv.slice(1), { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn('script', ['-qec', argv.map(quoteForShell).join(' '), '/dev/null'], { cwd: options.cwd, env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
  if (options.terminalInput !== undefined) child.stdin?.end(options.terminalInput);
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    listeners.forEach((listener) => listener());
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    listeners.forEach((listener) => listener());
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 180_000);
  let exited = false;
  const done = new Promise<CliRun & { signal: NodeJS.Signals | null }>((resolve) => {
    child.once('close', (status, signal) => {
      exited = true;
      clearTimeout(timer);
      listeners.forEach((listener) => listener());
      resolve({ status, signal, stdout, stderr });
    });
  });
  const waitFor = (pattern: RegExp, timeoutMs = 60_000) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (pattern.test(stdout) || pattern.test(stderr)) finish();
        else if (exited) finish(new Error(`the CLI exited before printing ${pattern}:\n${stdout}\n${stderr}`));
      };
      const deadline = setTimeout(() => finish(new Error(`the CLI did not print ${pattern} within ${timeoutMs} ms:\n${stdout}\n${stderr}`)), timeoutMs);
      const finish = (error?: Error) => {
        clearTimeout(deadline);
        listeners.delete(check);
        if (error) reject(error);
        else resolve();
      };
      listeners.add(check);
      check();
    });
  return { child, stdout: () => stdout, stderr: () => stderr, waitFor, done };
}

/** `script -c` takes one shell command line: each argument single-quoted (test code only). */
function quoteForShell(argument: string): string {
  return `'${argument.replace(/'/g, "'\\''")}'`;
}
