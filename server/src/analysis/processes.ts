// Analysis room: the ONE place in magento-zdd that starts child processes (git here; phinx, php and
// the deploy drivers through the engine). Always argv arrays, never a shell string, so nothing read
// from config or from a file name can be interpreted by a shell. Detached processes (deploy instances
// that outlive the CLI) start here too, with the /proc readers that recognise them later.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

export interface ProcessResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  /** The raw stdout, for byte-counted protocols such as `git cat-file --batch`. */
  stdoutBytes: Buffer;
  stderr: string;
}

export interface RunOptions {
  cwd: string;
  input?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Called with each chunk of stdout as it arrives (progress parsing, output channels). */
  onStdout?: (chunk: string) => void;
  onStderr?: (chunk: string) => void;
}

export class ProcessStartError extends Error {
  constructor(readonly command: string, readonly reason: Error) {
    super(`could not start ${command}: ${reason.message}`);
  }
}

export function runProcess(argv: readonly string[], options: RunOptions): Promise<ProcessResult> {
  const [command, ...args] = argv;
  if (!command) return Promise.reject(new Error('runProcess needs a command'));
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      shell: false,
      signal: options.signal,
      timeout: options.timeoutMs,
      windowsHide: true,
    });
    const stdout: Buffer[] = [];
    const stderr: string[] = [];
    const stdoutDecoder = new StringDecoder('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: Buffer) => {
      stdout.push(chunk);
      if (options.onStdout) options.onStdout(stdoutDecoder.write(chunk));
    });
    child.stderr.on('data', (chunk: string) => {
      stderr.push(chunk);
      options.onStderr?.(chunk);
    });
    // A child that exits before reading all input must not crash us with EPIPE.
    child.stdin.on('error', () => undefined);
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'EACCES') reject(new ProcessStartError(command, error));
      else if (error.name !== 'AbortError') reject(error);
    });
    child.on('close', (exitCode, signal) => {
      const stdoutBytes = Buffer.concat(stdout);
      resolve({ exitCode, signal, stdout: stdoutBytes.toString('utf8'), stdoutBytes, stderr: stderr.join('') });
    });
    child.stdin.end(options.input ?? '');
  });
}

export interface DetachedOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Appended to: the process's stdout and stderr, so nothing ties it to our pipes. */
  logFile: string;
}

export interface DetachedProcess {
  pid: number;
  /** True once the process is gone (reaped by us, or no longer alive for the kernel). */
  exited: () => boolean;
}

/**
 * Starts argv in its own session and process group, stdio to `logFile`, and lets it outlive us: the
 * deploy's instances must keep serving when the CLI that started them exits or is killed.
 */
export function startDetached(argv: readonly string[], options: DetachedOptions): DetachedProcess {
  const [command, ...args] = argv;
  if (!command) throw new Error('startDetached needs a command');
  const log = openSync(options.logFile, 'a');
  let child;
  try {
    child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', log, log], shell: false, detached: true, windowsHide: true });
  } finally {
    closeSync(log);
  }
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  // A failed exec (ENOENT) arrives as an 'error' event after spawn returns; pid is then undefined.
  child.once('error', () => {
    exited = true;
  });
  const pid = child.pid;
  if (pid === undefined) throw new ProcessStartError(command, new Error(`${command} could not be started (not found or not executable)`));
  child.unref();
  return { pid, exited: () => exited || !processIsAlive(pid) };
}

/** Reads /proc/<pid>/stat; a zombie counts as gone (nobody may reap an orphan in a container). */
export function processIsAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  const stat = readProcStat(pid);
  if (stat) return stat.state !== 'Z' && stat.state !== 'X';
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The argv the kernel shows for `pid` (/proc/<pid>/cmdline), or undefined when it cannot be read. */
export function processCommandLine(pid: number): string[] | undefined {
  try {
    const raw = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (raw === '') return undefined;
    return raw.replace(/\0$/, '').split('\0');
  } catch {
    return undefined;
  }
}

/**
 * Live processes whose kernel argv `recognise` maps to something (undefined: not one of ours), with what
 * it mapped to, in one pass over /proc (bounded by the process table).
 */
export function findProcesses<T>(recognise: (argv: readonly string[]) => T | undefined): { pid: number; argv: string[]; recognised: T }[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const found: { pid: number; argv: string[]; recognised: T }[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const argv = processCommandLine(pid);
    const recognised = argv && recognise(argv);
    if (argv && recognised !== undefined && processIsAlive(pid)) found.push({ pid, argv, recognised });
  }
  return found;
}

/** Clock ticks after boot when `pid` started: with the pid, it names one process even after pid reuse. */
export function processStartTicks(pid: number): number | undefined {
  return readProcStat(pid)?.startTicks;
}

/** Signals the whole process group led by `pid` (the detached process and anything it forked). */
export function signalProcessGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    try {
      process.kill(pid, signal);
      return true;
    } catch {
      return false;
    }
  }
}

function readProcStat(pid: number): { state: string; startTicks: number } | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) may hold spaces and parentheses: the fields after the last ')' are fixed.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0] ?? '?', startTicks: Number(fields[19]) };
}
