// CLI room: `magento-zdd status --env X [--format text|json]`: the migrations applied, pending and
// missing in an environment, read from its phinxlog (no PHP). Exits like `phinx status` 0.10+.
import { parseArgs } from 'node:util';
import { describeEndpoint } from '../../engine/databaseStatus';
import { resolveEnvironment } from '../../engine/environments';
import { readMigrationStatus, statusExitCode, type MigrationStatusEntry, type MigrationStatusReport } from '../../engine/migrationStatus';
import { loadProjectAt, reportEngineError, requireEnvironmentOption } from '../cliProject';
import { STATUS_EXIT_ERROR, UsageError } from '../usage';
import type { CliIo } from './check';

const STATUS_FORMATS = ['text', 'json'] as const;
type StatusFormat = (typeof STATUS_FORMATS)[number];

export async function runStatus(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, strict: true, options: { env: { type: 'string' }, format: { type: 'string', default: 'text' } } });
  if (positionals.length > 0) throw new UsageError(`status takes no arguments besides its options, got: ${positionals.join(' ')}`);
  const format = values.format as StatusFormat;
  if (!STATUS_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${STATUS_FORMATS.join(', ')} (got "${values.format}")`);
  const name = requireEnvironmentOption(values.env, 'status');
  const project = loadProjectAt(io.cwd);
  let report: MigrationStatusReport;
  let where: string;
  try {
    const environment = resolveEnvironment(project, name);
    where = environment.database ? `${environment.database.database} at ${describeEndpoint(environment.database)}` : '';
    report = await readMigrationStatus(project, name, { env: io.env });
  } catch (error) {
    return reportEngineError(error, io, STATUS_EXIT_ERROR);
  }
  io.stdout(format === 'json' ? formatStatusJson(report) : formatStatusText(report, where));
  return statusExitCode(report);
}

const STATUS_WORD: Record<MigrationStatusEntry['state'], string> = { applied: 'up', pending: 'down', missing: 'missing' };

export function formatStatusText(report: MigrationStatusReport, where: string): string {
  const out = [`Environment "${report.environment}"${where ? ` (${where}, table ${report.table})` : ''}`, ''];
  if (!report.tableExists) out.push(`${report.table} does not exist yet: no migration has been applied.`, '');
  if (report.entries.length === 0) {
    out.push('There are no migrations.');
  } else {
    const nameWidth = Math.max(14, ...report.entries.map((entry) => entry.name.length));
    out.push(` Status   Migration ID    Started              Finished             ${'Migration Name'.padEnd(nameWidth)}  File`);
    out.push('-'.repeat(70 + nameWidth + 6));
    for (const entry of report.entries) {
      const file = entry.state === 'missing' ? '** MISSING MIGRATION FILE **' : (entry.file ?? '');
      out.push(`${STATUS_WORD[entry.state].padStart(8)}  ${entry.version.padEnd(14)}  ${(entry.startTime ?? '').padEnd(19)}  ${(entry.endTime ?? '').padEnd(19)}  ${entry.name.padEnd(nameWidth)}  ${file}`.trimEnd());
      if (entry.breakpoint) out.push('          BREAKPOINT SET');
    }
  }
  out.push('', `${report.appliedCount} applied, ${report.pendingCount} pending, ${report.missingCount} missing.`);
  return `${out.join('\n')}\n`;
}

/** phinx's `status -f json` keys, plus what phinx does not print (times, files, modules, missing rows). */
export function formatStatusJson(report: MigrationStatusReport): string {
  return `${JSON.stringify({
    environment: report.environment,
    table: report.table,
    table_exists: report.tableExists,
    pending_count: report.pendingCount,
    missing_count: report.missingCount,
    applied_count: report.appliedCount,
    total_count: report.entries.length,
    migrations: report.entries.map((entry) => ({
      migration_status: STATUS_WORD[entry.state],
      migration_id: entry.version,
      migration_name: entry.name,
      start_time: entry.startTime,
      end_time: entry.endTime,
      breakpoint: entry.breakpoint,
      file: entry.file ?? null,
      module: entry.module ?? null,
    })),
  })}\n`;
}
