// Engine room (pure Node, no vscode): runs one driver command (argv, through the one spawner) with a
// time bound, its output passed on masked, and a DeployError naming the step when it fails.
import { ProcessStartError, runProcess, type ProcessResult } from '../../../../../server/src/analysis/processes';
import { DeployError, type DeployProblem } from '../deployError';
import type { SecretMask } from './secretMask';

export interface DriverCommandOptions {
  what: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  input?: string;
  mask?: SecretMask;
  onOutput?: (text: string) => void;
  /** A failing exit is returned instead of thrown (the caller decides, e.g. "no such container"). */
  allowFailure?: boolean;
  problem?: DeployProblem;
}

export async function runDriverCommand(argv: readonly string[], options: DriverCommandOptions): Promise<ProcessResult> {
  const show = (text: string) => options.onOutput?.(options.mask ? options.mask.mask(text) : text);
  let result: ProcessResult;
  try {
    result = await runProcess(argv, { cwd: options.cwd, env: options.env, timeoutMs: options.timeoutMs, input: options.input, onStdout: options.onOutput ? show : undefined, onStderr: options.onOutput ? show : undefined });
  } catch (error) {
    if (error instanceof ProcessStartError) throw new DeployError('driver-failed', `could not start "${argv[0]}" to ${options.what}: ${error.reason.message}.`);
    throw error;
  }
  if (result.exitCode !== 0 && !options.allowFailure) {
    const why = result.exitCode === null ? `stopped by ${result.signal ?? 'a signal'} (time limit ${Math.round(options.timeoutMs / 1000)} s)` : `exit ${result.exitCode}`;
    const stderr = (options.mask ? options.mask.mask(result.stderr) : result.stderr).trim().slice(-500);
    throw new DeployError(options.problem ?? 'driver-failed', `could not ${options.what}: "${argv[0]}" failed (${why})${stderr ? `: ${stderr}` : ''}.`);
  }
  return result;
}
