// CLI room: what the commands that work on one environment share: finding the Magento root from the
// current folder, loading the project (config errors are usage errors), and printing engine errors.
import { ConfigError } from '../../../server/src/analysis/config';
import { findMagentoRoot, loadProject, type ProjectModel } from '../../../server/src/analysis/project';
import { EngineError } from '../engine/engineError';
import type { CliIo } from './commands/check';
import { UsageError } from './usage';

/** The project around the folder the CLI runs in; an invalid magento-zdd.json is a UsageError (exit 2). */
export function loadProjectAt(start: string): ProjectModel {
  try {
    return loadProject(findMagentoRoot(start));
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(`invalid configuration: ${error.message}`);
    throw error;
  }
}

export function requireEnvironmentOption(value: string | undefined, command: string): string {
  if (value === undefined || value.trim() === '') throw new UsageError(`${command} needs --env <name> (an environment of magento-zdd.json)`);
  return value;
}

/** Prints an engine error (its message is written for the user and holds no secret) and returns `exitCode`; rethrows anything else. */
export function reportEngineError(error: unknown, io: CliIo, exitCode: number): number {
  if (!(error instanceof EngineError)) throw error;
  io.stderr(`magento-zdd: ${error.message}\n`);
  return exitCode;
}
