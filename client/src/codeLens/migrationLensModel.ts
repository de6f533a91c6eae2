// VS Code glue, pure (no vscode import): the CodeLenses above a migration class for the selected
// environment: its state ("applied 2024-05-06 09:15" / "pending" / "missing"), and "Migrate to here"
// or "Roll back to here" with what they would run (engine pendingUpTo / rollbackTargetFor).
import { COMMANDS, FOCUS_MIGRATIONS_VIEW, type CommandRef } from '../commandIds';
import { pendingUpTo, rollbackCount, rollbackTargetFor } from '../engine/migrationStatus';
import type { MigrationStatusState } from '../migrationStatusStore';
import { migrationStateText } from '../migrationStatusText';

/** What "Migrate to here" / "Roll back to here" receive: the migration the user points at. */
export interface MigrationTarget {
  version: string;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

export function migrationLenses(state: MigrationStatusState, projectPath: string): CommandRef[] {
  switch (state.kind) {
    case 'idle':
    case 'loading':
      // An empty command id makes the lens plain text.
      return [{ command: '', title: 'Magento ZDD: reading the migration status…' }];
    case 'no-environment':
      return [{ command: COMMANDS.selectEnvironment, title: 'Magento ZDD: select an environment to see whether this migration ran' }];
    case 'failed':
      return [{ command: state.problem.action?.command ?? COMMANDS.refreshMigrations, title: `Magento ZDD: status unknown (${state.problem.title})`, arguments: state.problem.action?.arguments }];
    case 'ready': {
      const report = state.status.migrations;
      const entry = report.entries.find((candidate) => candidate.file === projectPath);
      if (!entry) return [{ command: COMMANDS.refreshMigrations, title: `${state.environment}: not in the migration status (not a Phinx migration name, or new: refresh)` }];
      const lenses: CommandRef[] = [{ command: FOCUS_MIGRATIONS_VIEW, title: `${state.environment}: ${migrationStateText(entry)}` }];
      const target: MigrationTarget = { version: entry.version };
      if (entry.state === 'pending') {
        lenses.push({ command: COMMANDS.migrateToHere, title: `Migrate to here (${plural(pendingUpTo(report, entry.version).length, 'migration')})`, arguments: [target] });
      } else if (entry.state === 'applied') {
        const rollbackTarget = rollbackTargetFor(report, entry.version);
        if (rollbackTarget !== undefined) lenses.push({ command: COMMANDS.rollbackToHere, title: `Roll back to here (${plural(rollbackCount(report, rollbackTarget), 'migration')})`, arguments: [target] });
      }
      return lenses;
    }
  }
}

/** The line of the class declaration, where the lenses go; the first line when there is none. */
export function classDeclarationLine(text: string): number {
  const lines = text.split(/\r?\n/);
  const index = lines.findIndex((line) => /^\s*(?:(?:final|abstract|readonly)\s+)*class\s+[A-Za-z_]/.test(line));
  return index < 0 ? 0 : index;
}
