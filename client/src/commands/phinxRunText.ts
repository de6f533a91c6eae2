// VS Code glue, pure (no vscode import): what the migrate / roll back commands say while and after
// phinx runs: the progress notification's line per migration, the rollback choices, and the gate's
// findings as output-channel lines.
import type { Finding } from '../../../server/src/analysis/types';
import { compareVersions } from '../engine/databaseStatus';
import type { MigrateGateResult } from '../engine/migrateGate';
import { rollbackCount, rollbackTargetFor, type MigrationStatusReport } from '../engine/migrationStatus';
import type { PhinxProgressEvent } from '../engine/phinxRunner';

/** Turns phinx's progress events into the notification's message and its share of the bar. */
export class PhinxProgressText {
  private finished = 0;

  /** `expected`: how many migrations the run should touch, when known (the bar only moves then). */
  constructor(private readonly expected: number | undefined) {}

  next(event: PhinxProgressEvent): { message: string; increment: number | undefined } {
    const verb = event.direction === 'up' ? (event.kind === 'started' ? 'migrating' : 'migrated') : event.kind === 'started' ? 'reverting' : 'reverted';
    const position = this.expected ? ` (${this.finished + 1} of ${Math.max(this.expected, this.finished + 1)})` : '';
    const seconds = event.kind === 'finished' && event.seconds !== undefined ? ` in ${event.seconds.toFixed(2)} s` : '';
    const message = `${verb} ${event.version} ${event.name}${seconds}${position}`;
    if (event.kind === 'started') return { message, increment: undefined };
    this.finished++;
    // More migrations than expected (status changed meanwhile): the bar stays full rather than overflowing.
    const increment = this.expected && this.finished <= this.expected ? 100 / this.expected : undefined;
    return { message, increment };
  }
}

export interface RollbackChoice {
  label: string;
  description: string;
  /** `rollback -t`; undefined = phinx's default, the last migration only. */
  target: string | undefined;
  /** Applied migrations it reverts. */
  count: number;
}

/** The Roll Back quick pick: the last migration only, then "to here" for each applied one, newest first. */
export function rollbackChoices(report: MigrationStatusReport): RollbackChoice[] {
  const applied = report.entries.filter((entry) => entry.state === 'applied').sort((a, b) => compareVersions(b.version, a.version));
  if (applied.length === 0) return [];
  const [last] = applied;
  const choices: RollbackChoice[] = [{ label: `Last migration: ${last.name}`, description: last.version, target: undefined, count: 1 }];
  for (const entry of applied.slice(1)) {
    const target = rollbackTargetFor(report, entry.version);
    if (target === undefined) continue;
    const count = rollbackCount(report, target);
    choices.push({ label: `Back to before ${entry.name}`, description: `${entry.version}, reverts ${count} migrations`, target, count });
  }
  return choices;
}

/** How many migrations a rollback to `target` touches, when the status is known. */
export function expectedRollbackCount(report: MigrationStatusReport | undefined, target: string | undefined): number | undefined {
  if (!report) return undefined;
  if (target === undefined) return report.appliedCount > 0 ? 1 : 0;
  return rollbackCount(report, target);
}

export function findingLine(finding: Finding): string {
  return `${finding.file}:${finding.range.start.line + 1}:${finding.range.start.character + 1} ${finding.severity} ${finding.code} ${finding.message}`;
}

export function gateSummary(gate: MigrateGateResult, environment: string): string {
  const count = gate.blocking.length;
  return `${count} error finding${count === 1 ? '' : 's'} in the pending migrations of "${environment}" would break the release still serving traffic: ${gate.blocking
    .slice(0, 3)
    .map((finding) => `${finding.code} in ${finding.file.slice(finding.file.lastIndexOf('/') + 1)}`)
    .join(', ')}${count > 3 ? ', …' : ''}.`;
}
