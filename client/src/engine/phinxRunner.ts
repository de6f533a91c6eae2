// Engine room (pure Node, no vscode): runs the environment's phinx (migrate, rollback, status) through
// runProcess (argv arrays, never a shell), streams its output, parses the per-migration progress
// lines and says what ran when it fails or is cancelled half-way. Phinx reads its own credentials
// (phinx.php); no password is passed to it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ProjectModel } from '../../../server/src/analysis/project';
import { ProcessStartError, runProcess } from '../../../server/src/analysis/processes';
import { EngineError } from './engineError';
import type { ResolvedEnvironment } from './environments';

export type PhinxProblem = 'not-found' | 'not-started' | 'no-environment-name' | 'invalid-target' | 'bad-output';

export class PhinxError extends EngineError {
  constructor(
    readonly problem: PhinxProblem,
    message: string,
  ) {
    super(message);
  }
}

export type PhinxRequest = { command: 'migrate' | 'rollback'; target?: string; dryRun?: boolean } | { command: 'status' };

/** The phinx entry points a Composer install provides, relative to the Magento root, in order of preference. */
const DEFAULT_PHINX_SCRIPTS = ['vendor/bin/phinx', 'bin/phinx'];

/** The configured command, or `php vendor/bin/phinx` (or `php bin/phinx`) when the project has one. */
export function phinxCommand(project: ProjectModel, environment: ResolvedEnvironment): string[] {
  const configured = environment.config.phinx?.command;
  if (configured && configured.length > 0) return [...configured];
  const script = DEFAULT_PHINX_SCRIPTS.find((candidate) => existsSync(join(project.root, candidate)));
  if (!script) {
    throw new PhinxError(
      'not-found',
      `phinx is not installed in ${project.root}: neither vendor/bin/phinx nor bin/phinx exists. Run "composer require robmorgan/phinx" (or mx/module-phinx-migrations), or set environments.${environment.name}.phinx.command in magento-zdd.json (e.g. ["warden", "env", "exec", "-T", "php-fpm", "bin/phinx"]).`,
    );
  }
  return ['php', script];
}

/** Phinx's `-e`: the configured name, else the database name (MX_PhinxMigrations' phinx.php names the environment after it). */
export function phinxEnvironmentName(environment: ResolvedEnvironment): string {
  const name = environment.config.phinx?.environment ?? environment.database?.database;
  if (!name) {
    throw new PhinxError(
      'no-environment-name',
      `environment "${environment.name}" names no Phinx environment: set environments.${environment.name}.phinx.environment (the key under "environments" in phinx.php), or give it database settings (the database name is the default).`,
    );
  }
  return name;
}

/** `-c <config>` when configured or when the root has phinx.php; otherwise phinx looks for its own default. */
function configArguments(project: ProjectModel, environment: ResolvedEnvironment): string[] {
  const configured = environment.config.phinx?.config;
  if (configured) return ['-c', configured];
  return existsSync(join(project.root, 'phinx.php')) ? ['-c', 'phinx.php'] : [];
}

export function buildPhinxArgv(project: ProjectModel, environment: ResolvedEnvironment, request: PhinxRequest): string[] {
  const argv = [...phinxCommand(project, environment), request.command, ...configArguments(project, environment), '-e', phinxEnvironmentName(environment)];
  if (request.command === 'status') return [...argv, '-f', 'json'];
  if (request.target !== undefined) {
    // A version is digits (0 = everything, for rollback); anything else would reach phinx as an option.
    if (!/^\d+$/.test(request.target)) throw new PhinxError('invalid-target', `--target must be a migration version (digits, e.g. 20240612140000${request.command === 'rollback' ? ', or 0 for all' : ''}), got "${request.target}".`);
    argv.push('-t', request.target);
  }
  if (request.dryRun) argv.push('--dry-run');
  return argv;
}

export interface MigrationProgress {
  version: string;
  name: string;
  direction: 'up' | 'down';
  /** Seconds phinx reports when the migration finished. */
  seconds?: number;
}

export type PhinxProgressEvent = { kind: 'started' | 'finished' } & MigrationProgress;

// ` == 20240101000000 CreateFoo: migrating` / `... migrated 0.0123s` / reverting / reverted
const PROGRESS_LINE = /^\s*==\s+(\d+)\s+([A-Za-z_\\][\w\\]*):\s+(migrating|migrated|reverting|reverted)(?:\s+(\d+(?:\.\d+)?)s)?\s*$/;
// Colours from a TTY-minded phinx (or a wrapper that forces them).
const ANSI_ESCAPE = /\x1b\[[0-9;]*[A-Za-z]/g;

export function parsePhinxProgressLine(line: string): PhinxProgressEvent | undefined {
  const match = PROGRESS_LINE.exec(line.replace(ANSI_ESCAPE, ''));
  if (!match) return undefined;
  const [, version, name, word, seconds] = match;
  const direction = word === 'migrating' || word === 'migrated' ? 'up' : 'down';
  const kind = word === 'migrating' || word === 'reverting' ? 'started' : 'finished';
  return { kind, version, name, direction, seconds: seconds === undefined ? undefined : Number(seconds) };
}

/** Splits streamed output into lines (chunks end anywhere) and turns progress lines into events. */
export class PhinxProgressParser {
  private pending = '';

  push(chunk: string): PhinxProgressEvent[] {
    const lines = (this.pending + chunk).split(/\r?\n/);
    this.pending = lines.pop() ?? '';
    return lines.map(parsePhinxProgressLine).filter((event): event is PhinxProgressEvent => event !== undefined);
  }

  flush(): PhinxProgressEvent[] {
    const rest = this.pending;
    this.pending = '';
    const event = parsePhinxProgressLine(rest);
    return event ? [event] : [];
  }
}

export interface PhinxRunOptions {
  signal?: AbortSignal;
  /** Every chunk of phinx's output as it arrives, for an output channel or the terminal. */
  onOutput?: (text: string, stream: 'stdout' | 'stderr') => void;
  onProgress?: (event: PhinxProgressEvent) => void;
  env?: NodeJS.ProcessEnv;
}

export type PhinxOutcome = 'succeeded' | 'failed' | 'cancelled';

export interface PhinxRunResult {
  outcome: PhinxOutcome;
  argv: string[];
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** Migrations that finished (migrated or reverted), in the order they ran. */
  completed: MigrationProgress[];
  /** The migration that started and did not finish: the run failed or was cancelled inside it. */
  interrupted: MigrationProgress | undefined;
  /** A rollback stopped at a phinxlog breakpoint ("Breakpoint reached. Further rollbacks inhibited.", exit 0). */
  breakpointReached: boolean;
  stdout: string;
  stderr: string;
  /** One paragraph for the user: what ran, what failed, what state the database is in. */
  summary: string;
}

export async function runPhinx(project: ProjectModel, environment: ResolvedEnvironment, request: Extract<PhinxRequest, { command: 'migrate' | 'rollback' }>, options: PhinxRunOptions = {}): Promise<PhinxRunResult> {
  const argv = buildPhinxArgv(project, environment, request);
  const parser = new PhinxProgressParser();
  const completed: MigrationProgress[] = [];
  let running: MigrationProgress | undefined;
  const track = (events: PhinxProgressEvent[]) => {
    for (const { kind, ...progress } of events) {
      if (kind === 'started') running = progress;
      else {
        completed.push(progress);
        running = undefined;
      }
      options.onProgress?.({ kind, ...progress });
    }
  };
  let result;
  try {
    result = await runProcess(argv, {
      cwd: project.root,
      env: options.env,
      signal: options.signal,
      onStdout: (chunk) => {
        options.onOutput?.(chunk, 'stdout');
        track(parser.push(chunk));
      },
      onStderr: (chunk) => options.onOutput?.(chunk, 'stderr'),
    });
  } catch (error) {
    if (error instanceof ProcessStartError) {
      throw new PhinxError('not-started', `could not start "${argv[0]}" to run phinx: ${error.reason.message}. Is it installed and on PATH? Set environments.${environment.name}.phinx.command to the right command.`);
    }
    throw error;
  }
  track(parser.flush());
  const cancelled = options.signal?.aborted === true;
  const outcome: PhinxOutcome = cancelled ? 'cancelled' : result.exitCode === 0 ? 'succeeded' : 'failed';
  const breakpointReached = /Breakpoint reached\. Further rollbacks inhibited\./.test(result.stdout + result.stderr);
  const run = { outcome, completed, interrupted: running, breakpointReached };
  return { ...run, argv, exitCode: result.exitCode, signal: result.signal, stdout: result.stdout, stderr: result.stderr, summary: summarizeRun(request, environment.name, run, result.stdout, result.stderr, result.exitCode) };
}

function describe(migration: MigrationProgress): string {
  return `${migration.version} ${migration.name}`;
}

function summarizeRun(
  request: Extract<PhinxRequest, { command: 'migrate' | 'rollback' }>,
  environment: string,
  run: Pick<PhinxRunResult, 'outcome' | 'completed' | 'interrupted' | 'breakpointReached'>,
  stdout: string,
  stderr: string,
  exitCode: number | null,
): string {
  const verb = request.command === 'migrate' ? 'migrated' : 'reverted';
  const dry = request.dryRun ? ' (dry run: nothing was changed)' : '';
  const done = run.completed.length === 0 ? `no migration ${verb}` : `${run.completed.length} migration${run.completed.length === 1 ? '' : 's'} ${verb}: ${run.completed.map(describe).join(', ')}`;
  if (run.outcome === 'succeeded') {
    const breakpoint = run.breakpointReached ? '; stopped at a breakpoint set in phinxlog (rollback stops there unless forced)' : '';
    return `phinx ${request.command} on "${environment}" finished${dry}: ${done}${breakpoint}.`;
  }
  const inside = run.interrupted
    ? request.command === 'migrate'
      ? ` ${describe(run.interrupted)} was running: the statements it ran before stopping stay applied (MySQL commits DDL at once) and it is not recorded in phinxlog, so check the schema and make the migration safe to run again.`
      : ` ${describe(run.interrupted)} was being reverted: what its down() ran before stopping stays applied and its phinxlog row remains, so check the schema before trying again.`
    : '';
  if (run.outcome === 'cancelled') return `phinx ${request.command} on "${environment}" was cancelled${dry}; before that, ${done}.${inside}`;
  const detail = lastMeaningfulLines(stderr || stdout);
  return `phinx ${request.command} on "${environment}" failed (exit code ${exitCode ?? 'none'})${dry}; before that, ${done}.${inside}${detail ? ` Phinx said: ${detail}` : ''}`;
}

/** The end of phinx's error output, where Symfony console puts the exception message. */
function lastMeaningfulLines(text: string): string {
  const lines = text
    .replace(ANSI_ESCAPE, '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !PROGRESS_LINE.test(line));
  return lines.slice(-3).join(' ');
}

/** What `phinx status -f json` (0.12+) says, with phinx's own exit code. */
export interface PhinxStatusResult {
  exitCode: number | null;
  /** 0 all up, 2 a migration is missing its file, 3 one is pending (phinx 0.10+); 1 an error (and pending on 0.9). */
  meaning: 'up-to-date' | 'missing' | 'pending' | 'error';
  pendingCount: number | undefined;
  missingCount: number | undefined;
  migrations: Array<{ status: string; version: string; name: string }>;
  stdout: string;
  stderr: string;
}

export async function runPhinxStatus(project: ProjectModel, environment: ResolvedEnvironment, options: Omit<PhinxRunOptions, 'onProgress'> = {}): Promise<PhinxStatusResult> {
  const argv = buildPhinxArgv(project, environment, { command: 'status' });
  let result;
  try {
    result = await runProcess(argv, { cwd: project.root, env: options.env, signal: options.signal, onStdout: (chunk) => options.onOutput?.(chunk, 'stdout'), onStderr: (chunk) => options.onOutput?.(chunk, 'stderr') });
  } catch (error) {
    if (error instanceof ProcessStartError) throw new PhinxError('not-started', `could not start "${argv[0]}" to run phinx: ${error.reason.message}.`);
    throw error;
  }
  const meaning = result.exitCode === 0 ? 'up-to-date' : result.exitCode === 2 ? 'missing' : result.exitCode === 3 ? 'pending' : 'error';
  const jsonLine = result.stdout.split(/\r?\n/).find((line) => line.trim().startsWith('{"pending_count"'));
  if (!jsonLine) return { exitCode: result.exitCode, meaning, pendingCount: undefined, missingCount: undefined, migrations: [], stdout: result.stdout, stderr: result.stderr };
  let parsed: { pending_count?: number; missing_count?: number; migrations?: Array<{ migration_status?: string; migration_id?: string; migration_name?: string }> };
  try {
    parsed = JSON.parse(jsonLine);
  } catch {
    throw new PhinxError('bad-output', `phinx status -f json printed a line that is not JSON: ${jsonLine.slice(0, 200)}`);
  }
  return {
    exitCode: result.exitCode,
    meaning,
    pendingCount: parsed.pending_count,
    missingCount: parsed.missing_count,
    migrations: (parsed.migrations ?? []).map((migration) => ({ status: migration.migration_status ?? '', version: String(migration.migration_id ?? '').trim(), name: migration.migration_name ?? '' })),
    stdout: result.stdout,
    stderr: result.stderr,
  };
}
