// Engine room (pure Node, no vscode): which migrations an environment has applied, which are pending
// and which phinxlog rows have lost their file, read without PHP (migration files + phinxlog).
import { listMigrationFiles, type MigrationFile } from '../../../server/src/analysis/migrations/migrationFiles';
import { phinxSemantics } from '../../../server/src/analysis/phinx/naming';
import type { ProjectModel } from '../../../server/src/analysis/project';
import { compareVersions, withDatabase, type DatabaseOptions, type PhinxlogRead, type PhinxlogRow } from './databaseStatus';
import { resolveConnection, type ConnectionOptions } from './environments';

export type MigrationState = 'applied' | 'pending' | 'missing';

export interface MigrationStatusEntry {
  version: string;
  /** The class name: from the file name, or phinxlog's migration_name when the file is missing. */
  name: string;
  state: MigrationState;
  /** Project path of the migration file; undefined when it is missing. */
  file: string | undefined;
  /** `Vendor_Module` from the file's folder; undefined when the file is missing. */
  module: string | undefined;
  /** phinxlog's start_time/end_time as the database prints them; null when not applied. */
  startTime: string | null;
  endTime: string | null;
  /** phinxlog's breakpoint flag: `rollback` stops before this migration unless forced. */
  breakpoint: boolean;
}

export interface MigrationStatusReport {
  environment: string;
  /** Phinx's log table that was read, and whether it exists (absent = nothing applied yet). */
  table: string;
  tableExists: boolean;
  entries: MigrationStatusEntry[];
  appliedCount: number;
  pendingCount: number;
  missingCount: number;
}

/** `app/code/Acme/Foo/etc/migrations/x.php` -> `Acme_Foo`. */
export function moduleOfMigrationPath(path: string): string | undefined {
  const match = /(?:^|\/)([^/]+)\/([^/]+)\/etc\/migrations\/[^/]+$/.exec(path);
  return match ? `${match[1]}_${match[2]}` : undefined;
}

/**
 * Files and phinxlog rows merged in the order `phinx status` prints them (version_order "creation",
 * as MX_PhinxMigrations configures it): applied migrations by version, each missing row just before
 * the first applied migration with a higher version, then the pending ones by version, then the
 * missing rows left over.
 */
export function mergeMigrationStatus(files: readonly MigrationFile[], phinxlog: readonly PhinxlogRow[]): MigrationStatusEntry[] {
  const filesByVersion = new Map<string, MigrationFile[]>();
  for (const file of files) {
    if (file.version === undefined) continue; // Phinx ignores the file: not a migration.
    filesByVersion.set(file.version, [...(filesByVersion.get(file.version) ?? []), file]);
  }
  const rows = [...phinxlog].sort((a, b) => compareVersions(a.version, b.version));
  const rowsByVersion = new Map(rows.map((row) => [row.version, row]));
  const missing = rows.filter((row) => !filesByVersion.has(row.version)).map(missingEntry);
  const applied = rows.filter((row) => filesByVersion.has(row.version)).flatMap((row) => (filesByVersion.get(row.version) ?? []).map((file) => fileEntry(file, row)));
  const pending = [...filesByVersion.entries()]
    .filter(([version]) => !rowsByVersion.has(version))
    .sort(([a], [b]) => compareVersions(a, b))
    .flatMap(([, versionFiles]) => versionFiles.map((file) => fileEntry(file, undefined)));

  const ordered: MigrationStatusEntry[] = [];
  if (applied.length === 0) ordered.push(...missing.splice(0));
  for (const entry of applied) {
    while (missing.length > 0 && compareVersions(missing[0].version, entry.version) <= 0) ordered.push(missing.shift() as MigrationStatusEntry);
    ordered.push(entry);
  }
  ordered.push(...pending, ...missing);
  return ordered;
}

function fileEntry(file: MigrationFile, row: PhinxlogRow | undefined): MigrationStatusEntry {
  return {
    version: file.version as string,
    name: file.className ?? file.fileName,
    state: row ? 'applied' : 'pending',
    file: file.path,
    module: moduleOfMigrationPath(file.path),
    startTime: row?.startTime ?? null,
    endTime: row?.endTime ?? null,
    breakpoint: row?.breakpoint ?? false,
  };
}

function missingEntry(row: PhinxlogRow): MigrationStatusEntry {
  return {
    version: row.version,
    name: row.migrationName ?? '',
    state: 'missing',
    file: undefined,
    module: undefined,
    startTime: row.startTime,
    endTime: row.endTime,
    breakpoint: row.breakpoint,
  };
}

export function summarizeMigrationStatus(environment: string, table: string, tableExists: boolean, entries: MigrationStatusEntry[]): MigrationStatusReport {
  const count = (state: MigrationState) => entries.filter((entry) => entry.state === state).length;
  return { environment, table, tableExists, entries, appliedCount: count('applied'), pendingCount: count('pending'), missingCount: count('missing') };
}

/** The project's migration files against the environment's phinxlog. Throws EnvironmentError / DatabaseError. */
export async function readMigrationStatus(project: ProjectModel, environment: string, options: ConnectionOptions & DatabaseOptions = {}): Promise<MigrationStatusReport> {
  const settings = await resolveConnection(project, environment, options);
  const phinxlog = await withDatabase(settings, (session) => session.readPhinxlog(), options);
  return migrationStatusFromPhinxlog(project, environment, phinxlog);
}

/** The project's migration files (read now) against a phinxlog that was already read. */
export function migrationStatusFromPhinxlog(project: ProjectModel, environment: string, phinxlog: PhinxlogRead): MigrationStatusReport {
  const files = listMigrationFiles(project, phinxSemantics(project.composer.phinxVersion));
  return summarizeMigrationStatus(environment, phinxlog.table, phinxlog.exists, mergeMigrationStatus(files, phinxlog.rows));
}

/** `phinx status` exit codes since 0.10: 2 when a recorded migration has no file (checked first), 3 when one is pending. */
export function statusExitCode(report: Pick<MigrationStatusReport, 'missingCount' | 'pendingCount'>): 0 | 2 | 3 {
  if (report.missingCount > 0) return 2;
  if (report.pendingCount > 0) return 3;
  return 0;
}

/** The pending migrations `phinx migrate [-t target]` would run, in run order. */
export function pendingUpTo(report: MigrationStatusReport, target?: string): MigrationStatusEntry[] {
  return report.entries
    .filter((entry) => entry.state === 'pending' && (target === undefined || compareVersions(entry.version, target) <= 0))
    .sort((a, b) => compareVersions(a.version, b.version));
}

/**
 * The `rollback -t` target that reverts `version` and every applied migration after it: the applied
 * version just before it, or '0' when it is the first. Undefined when `version` is not applied.
 */
export function rollbackTargetFor(report: MigrationStatusReport, version: string): string | undefined {
  const applied = report.entries
    .filter((entry) => entry.state !== 'pending')
    .map((entry) => entry.version)
    .sort(compareVersions);
  const position = applied.indexOf(version);
  if (position < 0) return undefined;
  return position === 0 ? '0' : applied[position - 1];
}

/** How many applied migrations `rollback -t target` reverts: those with a higher version. */
export function rollbackCount(report: MigrationStatusReport, target: string): number {
  return report.entries.filter((entry) => entry.state === 'applied' && compareVersions(entry.version, target) > 0).length;
}
