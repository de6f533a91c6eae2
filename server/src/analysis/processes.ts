// Analysis room: the ONE place in magento-zdd that starts child processes (git here; phinx, php and
// the deploy drivers through the engine). Always argv arrays, never a shell string, so nothing read
// from config or from a file name can be interpreted by a shell.
import { spawn } from 'node:child_process';
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
