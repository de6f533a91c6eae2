// VS Code glue, pure (no vscode import): how one migration's state reads in the tree, CodeLens and
// tooltips: "applied 2024-05-06 09:15" / "pending" / "missing".
import type { MigrationStatusEntry } from './engine/migrationStatus';

/** `2024-05-06 09:15:00` (as the database prints it) -> `2024-05-06 09:15`; other shapes stay as they are. */
export function shortTime(time: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?$/.exec(time.trim());
  return match ? `${match[1]} ${match[2]}` : time.trim();
}

/** When the migration was applied: when phinx finished it, else when it started. */
export function appliedTime(entry: Pick<MigrationStatusEntry, 'startTime' | 'endTime'>): string | undefined {
  const time = entry.endTime ?? entry.startTime;
  return time === null || time.trim() === '' ? undefined : shortTime(time);
}

export function migrationStateText(entry: Pick<MigrationStatusEntry, 'state' | 'startTime' | 'endTime'>): string {
  if (entry.state === 'applied') {
    const time = appliedTime(entry);
    return time ? `applied ${time}` : 'applied';
  }
  return entry.state === 'pending' ? 'pending' : 'missing';
}

export function migrationTooltip(entry: MigrationStatusEntry, environment: string): string {
  const lines = [`${entry.version} ${entry.name}`, `${migrationStateText(entry)} on "${environment}"`];
  if (entry.state === 'missing') lines.push('phinxlog records it, but no migration file has this version: restore the file, or remove the row if the migration is gone for good.');
  if (entry.startTime) lines.push(`started ${entry.startTime}`);
  if (entry.endTime) lines.push(`finished ${entry.endTime}`);
  if (entry.breakpoint) lines.push('breakpoint set: rollback stops before this migration');
  if (entry.file) lines.push(entry.file);
  return lines.join('\n');
}
