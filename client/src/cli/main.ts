// CLI room: the `magento-zdd` entry point. Parses the command, runs it, maps errors to exit codes.
import { runCheck, type CliIo } from './commands/check';
import { runRules } from './commands/rules';
import { EXIT_USAGE, MAIN_HELP, UsageError } from './usage';

type Command = (args: string[], io: CliIo) => Promise<number>;

// The commands that reach a database, phinx or a deploy load their modules when run, so `check` (the
// one CI runs on every push) does not start by initialising mysql2 and the deploy engine.
const COMMANDS: Record<'check' | 'status' | 'migrate' | 'rollback' | 'create-migration' | 'deploy' | 'deploy:rollback', () => Promise<Command>> = {
  check: async () => runCheck,
  status: async () => (await import('./commands/status.js')).runStatus,
  migrate: async () => (await import('./commands/migrate.js')).runMigrate,
  rollback: async () => (await import('./commands/migrate.js')).runRollback,
  'create-migration': async () => (await import('./commands/createMigration.js')).runCreateMigration,
  deploy: async () => (await import('./commands/deploy.js')).runDeployCommand,
  'deploy:rollback': async () => (await import('./commands/deploy.js')).runDeployRollbackCommand,
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
        return await (await COMMANDS[command]())(rest, io);
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
