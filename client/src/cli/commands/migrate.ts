// CLI room: `magento-zdd migrate|rollback --env X [--target V] [--dry-run]`. Runs the environment's
// phinx with its output streamed through. Before migrating, the pending migrations are analysed and
// error findings stop the run unless --allow-unsafe; rolling back a production environment needs --yes.
import { parseArgs } from 'node:util';
import type { ProjectModel } from '../../../../server/src/analysis/project';
import { checkPendingMigrations } from '../../engine/migrateGate';
import { pendingUpTo, readMigrationStatus } from '../../engine/migrationStatus';
import { resolveEnvironment, type ResolvedEnvironment } from '../../engine/environments';
import { buildPhinxArgv, PhinxError, runPhinx } from '../../engine/phinxRunner';
import { loadProjectAt, reportEngineError, requireEnvironmentOption } from '../cliProject';
import { formatText } from '../formats/text';
import { EXIT_CANCELLED, EXIT_FAILED, EXIT_OK, UsageError } from '../usage';
import type { CliIo } from './check';

export async function runMigrate(args: string[], io: CliIo): Promise<number> {
  if (args.includes('--yes') || args.includes('-y')) {
    throw new UsageError('migrate has no --yes: to run despite error findings in the pending migrations, pass --allow-unsafe');
  }
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: { env: { type: 'string' }, target: { type: 'string', short: 't' }, 'dry-run': { type: 'boolean', short: 'x' }, 'allow-unsafe': { type: 'boolean' } },
  });
  if (positionals.length > 0) throw new UsageError(`migrate takes no arguments besides its options, got: ${positionals.join(' ')}`);
  const name = requireEnvironmentOption(values.env, 'migrate');
  const project = loadProjectAt(io.cwd);
  const request = { command: 'migrate' as const, target: values.target, dryRun: values['dry-run'] === true };
  try {
    const environment = resolveEnvironment(project, name);
    // Fails before anything runs when phinx is missing or the target is not a version.
    buildPhinxArgv(project, environment, request);
    const gate = await gatePendingMigrations(project, environment, values.target, { allowUnsafe: values['allow-unsafe'] === true, dryRun: request.dryRun }, io);
    if (gate !== undefined) return gate;
    return await runAndReport(project, environment, request, io);
  } catch (error) {
    return reportFailure(error, io);
  }
}

export async function runRollback(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: { env: { type: 'string' }, target: { type: 'string', short: 't' }, 'dry-run': { type: 'boolean', short: 'x' }, yes: { type: 'boolean', short: 'y' } },
  });
  if (positionals.length > 0) throw new UsageError(`rollback takes no arguments besides its options, got: ${positionals.join(' ')}`);
  const name = requireEnvironmentOption(values.env, 'rollback');
  const project = loadProjectAt(io.cwd);
  const request = { command: 'rollback' as const, target: values.target, dryRun: values['dry-run'] === true };
  try {
    const environment = resolveEnvironment(project, name);
    if (environment.production && !request.dryRun && values.yes !== true) {
      throw new UsageError(
        `"${name}" is a production environment: rolling back runs down() on the database live traffic uses. Pass --yes to confirm (try --dry-run first).`,
      );
    }
    buildPhinxArgv(project, environment, request);
    return await runAndReport(project, environment, request, io);
  } catch (error) {
    return reportFailure(error, io);
  }
}

/** A bad --target is a usage error (exit 2); other engine errors fail the command (exit 1). */
function reportFailure(error: unknown, io: CliIo): number {
  if (error instanceof UsageError) throw error;
  if (error instanceof PhinxError && error.problem === 'invalid-target') throw new UsageError(error.message);
  return reportEngineError(error, io, EXIT_FAILED);
}

/** Returns an exit code when the run must not start, undefined when it may. */
async function gatePendingMigrations(
  project: ProjectModel,
  environment: ResolvedEnvironment,
  target: string | undefined,
  options: { allowUnsafe: boolean; dryRun: boolean },
  io: CliIo,
): Promise<number | undefined> {
  let pending;
  try {
    pending = pendingUpTo(await readMigrationStatus(project, environment.name, { env: io.env }), target);
  } catch (error) {
    if (!options.allowUnsafe) {
      reportEngineError(error, io, EXIT_FAILED);
      io.stderr(`magento-zdd: without the database the pending migrations are unknown and cannot be checked; pass --allow-unsafe to run phinx without the check.\n`);
      return EXIT_FAILED;
    }
    reportEngineError(error, io, EXIT_FAILED);
    io.stderr('note: running phinx without checking the pending migrations (--allow-unsafe).\n');
    return undefined;
  }
  const gate = await checkPendingMigrations(
    project,
    pending.flatMap((entry) => (entry.file ? [entry.file] : [])),
  );
  const findings = [...gate.blocking, ...gate.other];
  if (findings.length > 0) {
    io.stderr(formatText({ result: { findings, notices: [], filesChecked: gate.checked.length }, root: project.root, cwd: io.cwd, toolVersion: io.toolVersion }));
  }
  if (gate.blocking.length === 0) return undefined;
  const count = `${gate.blocking.length} error finding${gate.blocking.length === 1 ? '' : 's'} in the pending migrations`;
  if (options.dryRun) {
    io.stderr(`note: ${count}; a real migrate would stop here (dry run continues).\n`);
    return undefined;
  }
  if (options.allowUnsafe) {
    io.stderr(`note: migrating "${environment.name}" despite ${count} (--allow-unsafe).\n`);
    return undefined;
  }
  io.stderr(`magento-zdd: ${count} would break the release still serving traffic, so migrate did not start. Fix them, suppress each with a reason (// zdd-ignore <rule>: <why>), or pass --allow-unsafe.\n`);
  return EXIT_FAILED;
}

async function runAndReport(project: ProjectModel, environment: ResolvedEnvironment, request: { command: 'migrate' | 'rollback'; target?: string; dryRun: boolean }, io: CliIo): Promise<number> {
  io.stderr(`running: ${buildPhinxArgv(project, environment, request).join(' ')}\n`);
  const result = await runPhinx(project, environment, request, {
    signal: io.signal,
    env: io.env,
    onOutput: (text, stream) => (stream === 'stdout' ? io.stdout(text) : io.stderr(text)),
  });
  if (result.outcome === 'succeeded') {
    io.stdout(`\n${result.summary}\n`);
    return EXIT_OK;
  }
  io.stderr(`\nmagento-zdd: ${result.summary}\n`);
  return result.outcome === 'cancelled' ? EXIT_CANCELLED : EXIT_FAILED;
}
