// E2E tooling (Node side): the one place that spawns processes. Long-running ones (code-server) get their
// own process group, so stopping them also stops what they started (extension host, pty host, watcher).
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { waitFor } from './wait';

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

/** Runs a command to its end, keeping stdout+stderr; kills it (and its group) at the deadline. */
export async function runCommand(command: string, args: readonly string[], options: SpawnOptions & { timeoutMs: number; echo?: boolean }): Promise<RunResult> {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output += chunk.toString();
    if (options.echo) process.stdout.write(chunk);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const timer = setTimeout(() => killGroup(child, 'SIGKILL'), options.timeoutMs);
  try {
    return await new Promise<RunResult>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code, signal) => resolve({ code, signal, output }));
    });
  } finally {
    clearTimeout(timer);
  }
}

export async function runChecked(command: string, args: readonly string[], options: SpawnOptions & { timeoutMs: number; echo?: boolean }): Promise<string> {
  const result = await runCommand(command, args, options);
  if (result.code !== 0) {
    const tail = result.output.trim().split('\n').slice(-30).join('\n');
    throw new Error(`${command} ${args.join(' ')} failed (${result.signal ?? `exit ${result.code}`}):\n${tail}`);
  }
  return result.output;
}

/** A process started for the length of a test run; `stop()` ends its whole group and waits for it. */
export class LongRunningProcess {
  private output = '';
  private exited = false;

  private constructor(private readonly child: ChildProcess, readonly label: string) {
    const keep = (chunk: Buffer): void => {
      this.output += chunk.toString();
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('exit', () => {
      this.exited = true;
    });
  }

  static start(label: string, command: string, args: readonly string[], options: SpawnOptions): LongRunningProcess {
    return new LongRunningProcess(spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'], detached: true }), label);
  }

  get log(): string {
    return this.output;
  }

  get hasExited(): boolean {
    return this.exited;
  }

  /** Waits for a line of its output to match; fails early if the process ends first. */
  async waitForOutput(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
    return waitFor(
      `${this.label} to print ${pattern}`,
      () => {
        const match = this.output.match(pattern);
        if (match) return match;
        if (this.exited) throw new Error(`${this.label} exited:\n${this.output.slice(-2000)}`);
        return undefined;
      },
      { timeoutMs, describe: () => this.output.slice(-2000) },
    );
  }

  async stop(timeoutMs = 10_000): Promise<void> {
    if (this.exited) return;
    killGroup(this.child, 'SIGTERM');
    try {
      await waitFor(`${this.label} to exit`, () => this.exited, { timeoutMs });
    } catch {
      killGroup(this.child, 'SIGKILL');
      await waitFor(`${this.label} to exit after SIGKILL`, () => this.exited, { timeoutMs: 5_000 });
    }
    // Children that ignored SIGTERM or outlived the leader (an extension host mid-shutdown) go too.
    killGroup(this.child, 'SIGKILL');
  }
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    // Negative pid: the whole group the detached child leads.
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}
