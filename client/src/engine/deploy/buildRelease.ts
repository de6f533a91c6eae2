// Engine room (pure Node, no vscode): the build step. Runs the configured argv in the project root
// with '{release}' replaced by the new release id (also in MAGENTO_ZDD_RELEASE); the command must
// leave the release folder the driver starts instances from.
import { existsSync } from 'node:fs';
import { ProcessStartError, runProcess } from '../../../../server/src/analysis/processes';
import { DeployError } from './deployError';

/** Sortable and unique enough for one environment: 20261127214800-k3x9. */
export function newReleaseId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return `${stamp}-${Math.random().toString(36).slice(2, 6)}`;
}

export function buildArgv(command: readonly string[], release: string): string[] {
  return command.map((argument) => argument.split('{release}').join(release));
}

export async function buildRelease(command: readonly string[], release: string, options: { root: string; releaseDir?: string; env?: NodeJS.ProcessEnv; signal?: AbortSignal; onOutput?: (text: string) => void }): Promise<string[]> {
  const argv = buildArgv(command, release);
  let result;
  try {
    result = await runProcess(argv, { cwd: options.root, env: { ...(options.env ?? process.env), MAGENTO_ZDD_RELEASE: release }, signal: options.signal, onStdout: options.onOutput, onStderr: options.onOutput });
  } catch (error) {
    if (error instanceof ProcessStartError) throw new DeployError('build-failed', `could not start the build command "${argv[0]}": ${error.reason.message}. Check environments.<env>.deploy.build.command.`);
    throw error;
  }
  if (options.signal?.aborted) throw new DeployError('cancelled', `the build of release ${release} was cancelled; nothing was deployed.`);
  if (result.exitCode !== 0) throw new DeployError('build-failed', `the build command failed (exit ${result.exitCode ?? result.signal}): ${result.stderr.trim().slice(-500)}. Nothing was deployed.`);
  if (options.releaseDir && !existsSync(options.releaseDir)) throw new DeployError('build-failed', `the build command succeeded but did not create ${options.releaseDir}; it must write the release there ('{release}' in its arguments is the release id).`);
  return argv;
}
