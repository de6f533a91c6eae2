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
/** deploy and deploy:rollback: one code per outcome a CI script may need to tell apart. */
export const DEPLOY_EXIT = {
  /** Refused before anything changed: gates failed, production not confirmed, no previous release, Redis and nginx disagree, nothing to resume. */
  refused: 1,
  usage: 2,
  /** Failed after it started changing things (build, migration, unhealthy instance, driver): the old colour serves. */
  failed: 3,
  /** Another deploy of the environment holds the lock (its owner and age are printed). */
  locked: 4,
  /** A killed run was found in the journal: resume it (--resume) or roll it back (deploy:rollback). */
  unfinished: 5,
  cancelled: 130,
} as const;
/** A bug in magento-zdd (EX_SOFTWARE); kept apart from status's 3 ("pending"). */
export const EXIT_INTERNAL_ERROR = 70;

/** A mistake in how the CLI was called or configured: printed without a stack, exit code 2. */
export class UsageError extends Error {}

export const MAIN_HELP = `magento-zdd: zero-downtime checks and migrations for Magento 2

Usage:
  magento-zdd check [root] [--format text|json|sarif|github] [--baseline REF] [--fail-on error|warning|never] [--env NAME] [--jobs N]
  magento-zdd status --env NAME [--format text|json]
  magento-zdd migrate --env NAME [--target VERSION] [--dry-run] [--allow-unsafe]
  magento-zdd rollback --env NAME [--target VERSION|0] [--dry-run] [--yes]
  magento-zdd create-migration <Vendor_Module> <ClassName> [--style change|up-down]
  magento-zdd deploy --env NAME [--plan] [--yes] [--json] [--resume [RUN_ID]] [--break-lock]
  magento-zdd deploy:rollback --env NAME [--plan] [--yes] [--json] [--break-lock]
  magento-zdd rules                 list every rule with its default severity
  magento-zdd --help | --version

Commands:
  check             Flags setup_version changes of bespoke modules against a git baseline (default HEAD,
                    or "baseline" in magento-zdd.json), invalid module.xml files, migrations and db_schema.xml
                    changes that break the old code, and modules whose disabling drops tables.
                    With --env, also compares module.xml with that environment's setup_module table.
                    --jobs N: threads that read migrations (default: one per CPU; 1 = no worker threads).
  status            Lists the migrations applied, pending and missing in the environment's phinxlog.
  migrate           Runs "phinx migrate" for the environment. The pending migrations are checked first:
                    error findings stop the run unless --allow-unsafe.
  rollback          Runs "phinx rollback" (the last migration, or down to --target; 0 = all). A
                    production environment ("production": true) needs --yes.
  create-migration  Writes a new migration into the module's etc/migrations and prints its path.
  deploy            Blue-green rolling deploy ("deploy" in the environment's settings): lock, gates,
                    build, migrate once, then per node start new / health / enlist / drain / stop old,
                    record the live colour. Progress per step on stderr (--json: JSON lines on stdout).
                    --plan prints every step with its commands and health URLs; nothing runs.
                    --resume finishes the unfinished (killed) run found in the journal (the last one,
                    or RUN_ID). --break-lock takes a lock whose owner ran on this machine and is gone.
                    A production environment needs --yes, or its name typed at a terminal.
                    Ctrl-C cancels at the next safe point (never during a migration).
  deploy:rollback   The previous release, on its own (flushed) cache DBs, through the same rolling cycle;
                    the schema is not touched. With an unfinished run in the journal, it takes every
                    node back to the colour Redis records as live instead.

Environments ("environments" in magento-zdd.json) are found from the current folder's Magento root.
Passwords come from the variable named by "passwordEnv" (or from app/etc/env.php); they are never printed.

Exit codes:
  check             0 nothing reached --fail-on (default error); 1 something did; 2 usage, config or database error
  status            0 up to date; 1 error; 2 a migration in phinxlog has no file; 3 a migration is pending
  migrate/rollback  0 done; 1 blocked or failed; 2 usage error; 130 cancelled
  create-migration  0 created; 1 refused (the message says why); 2 usage error
  deploy, deploy:rollback
                    0 deployed / rolled back (--plan: printed); 1 refused before anything changed (gates
                    failed, production not confirmed, no previous release, nothing to resume); 2 usage or
                    configuration error; 3 failed, the old colour serves (build, migration, unhealthy
                    instance); 4 locked by another deploy; 5 an unfinished run needs --resume or
                    deploy:rollback; 130 cancelled at a safe point, the old colour serves
  any command       70 internal error (a bug)
`;
