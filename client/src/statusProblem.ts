// VS Code glue, pure (no vscode import): why the status of an environment could not be read, as the
// tree, the status bar and CodeLens show it: a short title, the engine's full message (written for
// the user, never holding a password), the command that fixes it, and whether retrying on a timer
// can help (an unreachable server may come back; a wrong password stays wrong until changed).
import { ConfigError } from '../../server/src/analysis/config';
import { COMMANDS, type CommandRef } from './commandIds';
import { DatabaseError } from './engine/databaseStatus';
import { EngineError } from './engine/engineError';
import { EnvironmentError } from './engine/environments';

export interface StatusProblem {
  title: string;
  message: string;
  /** The command that helps most; the tree shows it as a child item. */
  action: CommandRef | undefined;
  /** Whether an automatic retry later can succeed without the user changing anything. */
  retry: boolean;
}

export function describeStatusProblem(error: unknown, environment: string | undefined): StatusProblem {
  const message = error instanceof Error ? error.message : String(error);
  const refresh: CommandRef = { command: COMMANDS.refreshMigrations, title: 'Refresh' };
  const openConfig: CommandRef = { command: COMMANDS.openConfig, title: 'Open magento-zdd.json' };
  const setPassword: CommandRef = { command: COMMANDS.setDatabasePassword, title: 'Set Database Password', arguments: environment === undefined ? [] : [environment] };
  if (error instanceof ConfigError) return { title: 'magento-zdd.json is invalid', message, action: openConfig, retry: false };
  if (error instanceof EnvironmentError) {
    switch (error.problem) {
      case 'no-password':
        return { title: `No database password for "${error.environment}"`, message, action: setPassword, retry: false };
      case 'unknown-environment':
        return { title: `Unknown environment "${error.environment}"`, message, action: { command: COMMANDS.selectEnvironment, title: 'Select Environment' }, retry: false };
      case 'env-php':
        return { title: `Cannot read the database settings of "${error.environment}" from env.php`, message, action: openConfig, retry: false };
      default:
        return { title: `No database settings for "${error.environment}"`, message, action: openConfig, retry: false };
    }
  }
  if (error instanceof DatabaseError) {
    switch (error.problem) {
      case 'unreachable':
        return { title: `Cannot reach the database of "${error.environment}"`, message, action: refresh, retry: true };
      case 'access-denied':
        return { title: `Access denied to the database of "${error.environment}" (wrong password?)`, message, action: setPassword, retry: false };
      case 'unknown-database':
        return { title: `Unknown database for "${error.environment}"`, message, action: openConfig, retry: false };
      case 'missing-table':
        return { title: `Magento is not installed in the database of "${error.environment}"`, message, action: refresh, retry: false };
      case 'query-failed':
        return { title: `Reading the database of "${error.environment}" failed`, message, action: refresh, retry: true };
    }
  }
  if (error instanceof EngineError) return { title: 'Reading the migration status failed', message, action: refresh, retry: false };
  // Not an error the engine anticipated (a bug or an odd file system): worth another try.
  return { title: 'Reading the migration status failed', message, action: refresh, retry: true };
}
