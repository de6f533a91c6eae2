// CLI room: the `magento-zdd` entry point. Parses the command, runs it, maps errors to exit codes.
import { runCheck, type CliIo } from './commands/check';
import { runCreateMigration } from './commands/createMigration';
import { runDeployCommand, runDeployRollbackCommand } from './commands/deploy';
import { runMigrate, runRollback } from './commands/migrate';
import { runRules } from './commands/rules';
import { runStatus } from './commands/status';
import { EXIT_USAGE, MAIN_HELP, UsageError } from './usage';

const COMMANDS: Record<'check' | 'status' | 'migrate' | 'rollback' | 'create-migration' | 'deploy' | 'deploy:rollback', (args: string[], io: CliIo) => Promise<number>> = {
  check: runCheck,
  status: runStatus,
  migrate: runMigrate,
  rollback: runRollback,
  'create-migration': runCreateMigration,
  deploy: runDeployCommand,
  'deploy:rollback': runDeployRollbackCommand,
};

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout(MAIN_HELP);
        return command === undefined ? EXIT_USAGE : 0;
      case '--version':
      case '-v':
        io.stdout(`${io.toolVersion}\n`);
        return 0;
      case 'check':
      case 'status':
      case 'migrate':
      case 'rollback':
      case 'create-migration':
      case 'deploy':
      case 'deploy:rollback':
        if (rest.includes('--help') || rest.includes('-h')) {
          io.stdout(MAIN_HELP);
          return 0;
        }
        return await COMMANDS[command](rest, io);
      case 'rules':
        return runRules(io);
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`magento-zdd: ${(error as Error).message}\nRun "magento-zdd --help" for usage.\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}
