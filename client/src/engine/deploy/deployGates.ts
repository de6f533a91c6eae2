// Engine room (pure Node, no vscode): the gates before a deploy may start. The release must analyse
// clean (project checker), its bespoke setup_version must equal the target's setup_module (else
// Magento answers every request of the old colour with "Please upgrade your database"), a core or
// vendor version change is reported (not zero-downtime unless the blue-green switch is on), and the
// pending migrations are listed.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkProject } from '../../../../server/src/analysis/analyzer';
import type { ProjectModel } from '../../../../server/src/analysis/project';
import type { Finding } from '../../../../server/src/analysis/types';
import type { ConnectionOptions } from '../environments';
import { pendingUpTo, readMigrationStatus } from '../migrationStatus';
import { checkSetupVersionDrift, readSetupModuleSnapshot } from '../setupVersionDrift';

export interface PackageChange {
  name: string;
  from: string | undefined;
  to: string | undefined;
}

export interface GateReport {
  /** Error findings of the project check (incl. the pending migrations). */
  analysisErrors: Finding[];
  /** Bespoke module.xml setup_version differing from the target's setup_module. */
  setupVersionDrift: Finding[];
  /** composer.lock versions that differ from the live release's. */
  packageChanges: PackageChange[];
  /** From env.php; undefined when not known. */
  blueGreenSwitch: boolean | undefined;
  /** Set when packageChanges is not empty and the switch is not on. */
  packageWarning: string | undefined;
  pendingMigrations: Array<{ version: string; name: string; file: string | undefined }>;
  passed: boolean;
}

export async function runDeployGates(project: ProjectModel, environment: string, options: ConnectionOptions & { liveReleaseDir?: string; blueGreenSwitch?: boolean }): Promise<GateReport> {
  const analysis = await checkProject(project);
  const analysisErrors = analysis.findings.filter((finding) => finding.severity === 'error');
  const snapshot = await readSetupModuleSnapshot(project, environment, options);
  const setupVersionDrift = await checkSetupVersionDrift(project, snapshot);
  const status = await readMigrationStatus(project, environment, options);
  const pendingMigrations = pendingUpTo(status).map((entry) => ({ version: entry.version, name: entry.name, file: entry.file }));
  const packageChanges = options.liveReleaseDir ? compareComposerLocks(join(options.liveReleaseDir, 'composer.lock'), join(project.root, 'composer.lock')) : [];
  const packageWarning =
    packageChanges.length > 0 && options.blueGreenSwitch !== true
      ? `${packageChanges.length} core/vendor package version${packageChanges.length === 1 ? '' : 's'} change (${packageChanges
          .slice(0, 5)
          .map((change) => `${change.name} ${change.from ?? 'new'} -> ${change.to ?? 'removed'}`)
          .join(', ')}): not zero-downtime unless the blue-green switch is on (deployment/blue_green/enabled in app/etc/env.php), because their setup_version changes make the old colour answer "Please upgrade your database".`
      : undefined;
  return {
    analysisErrors,
    setupVersionDrift,
    packageChanges,
    blueGreenSwitch: options.blueGreenSwitch,
    packageWarning,
    pendingMigrations,
    passed: analysisErrors.length === 0 && setupVersionDrift.length === 0,
  };
}

/** Package versions of two composer.lock files; a missing file compares as empty. */
export function compareComposerLocks(fromFile: string, toFile: string): PackageChange[] {
  const from = readLockVersions(fromFile);
  const to = readLockVersions(toFile);
  const names = [...new Set([...from.keys(), ...to.keys()])].sort();
  return names.filter((name) => from.get(name) !== to.get(name)).map((name) => ({ name, from: from.get(name), to: to.get(name) }));
}

function readLockVersions(file: string): Map<string, string> {
  const versions = new Map<string, string>();
  if (!existsSync(file)) return versions;
  try {
    const lock = JSON.parse(readFileSync(file, 'utf8')) as { packages?: Array<{ name?: string; version?: string }> };
    for (const entry of lock.packages ?? []) if (entry.name && entry.version) versions.set(entry.name, entry.version);
  } catch {
    // An unreadable lock file counts as empty: every package then shows as a change, which is the safe side.
  }
  return versions;
}

export function describeGateFailure(report: GateReport): string {
  const parts: string[] = [];
  if (report.analysisErrors.length > 0) parts.push(`${report.analysisErrors.length} error finding(s) in the project check (${report.analysisErrors.slice(0, 3).map((finding) => `${finding.file}: ${finding.code}`).join('; ')})`);
  if (report.setupVersionDrift.length > 0) parts.push(`bespoke setup_version differs from the target's setup_module (${report.setupVersionDrift.slice(0, 3).map((finding) => finding.message).join('; ')})`);
  return `the deploy gates failed: ${parts.join('; ')}. Run "magento-zdd check" and fix them; the old release keeps serving.`;
}
