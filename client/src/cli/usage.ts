// CLI room: usage errors and exit codes shared by every command.

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
/** migrate, rollback, create-migration: the command could not do its job. */
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
/** `status` as phinx 0.10+: 1 error, 2 a recorded migration has no file, 3 a migration is pending. */
export const STATUS_EXIT_ERROR = 1;
/** Stopped with Ctrl-C (128 + SIGINT, as shells report it). */
export const EXIT_CANCELLED = 130;
/** A bug in magento-zdd (EX_SOFTWARE); kept apart from status's 3 ("pending"). */
export const EXIT_INTERNAL_ERROR = 70;

/** A mistake in how the CLI was called or configured: printed without a stack, exit code 2. */
export class UsageError extends Error {}

export const MAIN_HELP = `magento-zdd: zero-downtime checks and migrations for Magento 2

Usage:
  magento-zdd check [root] [--format text|json|sarif|github] [--baseline REF] [--fail-on error|warning|never] [--env NAME]
  magento-zdd status --env NAME [--format text|json]
  magento-zdd migrate --env NAME [--target VERSION] [--dry-run] [--allow-unsafe]
  magento-zdd rollback --env NAME [--target VERSION|0] [--dry-run] [--yes]
  magento-zdd create-migration <Vendor_Module> <ClassName> [--style change|up-down]
  magento-zdd deploy --env NAME --plan [--json]
  magento-zdd rules                 list every rule with its default severity
  magento-zdd --help | --version

Commands:
  check             Flags setup_version changes of bespoke modules against a git baseline (default HEAD,
                    or "baseline" in magento-zdd.json), invalid module.xml files, migrations and db_schema.xml
                    changes that break the old code, and modules whose disabling drops tables.
                    With --env, also compares module.xml with that environment's setup_module table.
  status            Lists the migrations applied, pending and missing in the environment's phinxlog.
  migrate           Runs "phinx migrate" for the environment. The pending migrations are checked first:
                    error findings stop the run unless --allow-unsafe.
  rollback          Runs "phinx rollback" (the last migration, or down to --target; 0 = all). A
                    production environment ("production": true) needs --yes.
  create-migration  Writes a new migration into the module's etc/migrations and prints its path.
  deploy            --plan prints every step of the blue-green rolling deploy ("deploy" in the
                    environment's settings) with its commands and health URLs; nothing runs.

Environments ("environments" in magento-zdd.json) are found from the current folder's Magento root.
Passwords come from the variable named by "passwordEnv" (or from app/etc/env.php); they are never printed.

Exit codes:
  check             0 nothing reached --fail-on (default error); 1 something did; 2 usage, config or database error
  status            0 up to date; 1 error; 2 a migration in phinxlog has no file; 3 a migration is pending
  migrate/rollback  0 done; 1 blocked or failed; 2 usage error; 130 cancelled
  create-migration  0 created; 1 refused (the message says why); 2 usage error
  deploy --plan     0 printed; 1 the plan could not be made (the message says why); 2 usage error
  any command       70 internal error (a bug)
`;
