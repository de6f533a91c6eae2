// VS Code glue, pure (no vscode import): the Migrations tree as plain nodes. Migrations grouped by
// module (recorded rows whose file is gone in a group of their own, last); when there is nothing to
// list, message nodes saying why and what to do. migrationsTree.ts turns the nodes into TreeItems.
import { COMMANDS, type CommandRef } from '../commandIds';
import { compareVersions } from '../engine/databaseStatus';
import type { MigrationState, MigrationStatusEntry } from '../engine/migrationStatus';
import type { MigrationStatusState } from '../migrationStatusStore';
import { migrationStateText, migrationTooltip } from '../migrationStatusText';

export interface MessageNode {
  kind: 'message';
  id: string;
  label: string;
  tooltip?: string;
  icon: 'info' | 'warning' | 'error' | 'loading' | 'action';
  command?: CommandRef;
}

export interface MigrationNode {
  kind: 'migration';
  id: string;
  label: string;
  description: string;
  tooltip: string;
  state: MigrationState;
  version: string;
  /** Project path; undefined when the file is missing. */
  file: string | undefined;
  /** For view/item/context menus: migration-applied, migration-pending, migration-missing. */
  contextValue: string;
}

export interface ModuleNode {
  kind: 'module';
  id: string;
  label: string;
  description: string;
  children: MigrationNode[];
}

export type MigrationsTreeNode = MessageNode | MigrationNode | ModuleNode;

export const MISSING_FILES_GROUP = 'Missing files';

function countText(entries: readonly MigrationStatusEntry[]): string {
  const parts: string[] = [];
  for (const state of ['applied', 'pending', 'missing'] as const) {
    const count = entries.filter((entry) => entry.state === state).length;
    if (count > 0) parts.push(`${count} ${state}`);
  }
  return parts.join(', ');
}

/** Groups entries by module; modules by name, migrations by version inside each; missing files last. */
export function groupByModule(entries: readonly MigrationStatusEntry[], environment: string): ModuleNode[] {
  const groups = new Map<string, MigrationStatusEntry[]>();
  for (const entry of entries) {
    const group = entry.module ?? MISSING_FILES_GROUP;
    groups.set(group, [...(groups.get(group) ?? []), entry]);
  }
  const names = [...groups.keys()].filter((name) => name !== MISSING_FILES_GROUP).sort((a, b) => a.localeCompare(b));
  if (groups.has(MISSING_FILES_GROUP)) names.push(MISSING_FILES_GROUP);
  return names.map((name) => {
    const members = [...(groups.get(name) ?? [])].sort((a, b) => compareVersions(a.version, b.version));
    return {
      kind: 'module',
      id: `module:${name}`,
      label: name,
      description: countText(members),
      children: members.map((entry) => migrationNode(entry, environment)),
    };
  });
}

function migrationNode(entry: MigrationStatusEntry, environment: string): MigrationNode {
  return {
    kind: 'migration',
    id: `migration:${entry.version}:${entry.file ?? entry.name}`,
    label: entry.name || entry.version,
    description: migrationStateText(entry),
    tooltip: migrationTooltip(entry, environment),
    state: entry.state,
    version: entry.version,
    file: entry.file,
    contextValue: `migration-${entry.state}`,
  };
}

function actionNode(id: string, command: CommandRef): MessageNode {
  return { kind: 'message', id, label: command.title, icon: 'action', command };
}

/** The top level of the tree for a store state. */
export function migrationsTreeRoots(state: MigrationStatusState, now: Date = new Date()): MigrationsTreeNode[] {
  switch (state.kind) {
    case 'idle':
      return [{ kind: 'message', id: 'message:idle', label: 'Reading the migration status…', icon: 'loading' }];
    case 'loading':
      return [{ kind: 'message', id: 'message:loading', label: `Reading the status of "${state.environment}"…`, icon: 'loading' }];
    case 'no-environment': {
      const nodes: MigrationsTreeNode[] = [{ kind: 'message', id: 'message:no-environment', label: state.choice.reason === 'none-configured' ? 'No environments configured' : 'No environment selected', tooltip: state.message, icon: 'info' }];
      nodes.push(
        state.choice.reason === 'none-configured'
          ? actionNode('action:open-config', { command: COMMANDS.openConfig, title: 'Open magento-zdd.json' })
          : actionNode('action:select-environment', { command: COMMANDS.selectEnvironment, title: 'Select Environment' }),
      );
      return nodes;
    }
    case 'failed': {
      const nodes: MigrationsTreeNode[] = [{ kind: 'message', id: 'message:failed', label: state.problem.title, tooltip: state.problem.message, icon: 'error' }];
      nodes.push({ kind: 'message', id: 'message:failed-detail', label: state.problem.message, tooltip: state.problem.message, icon: 'info' });
      if (state.retryAt) nodes.push({ kind: 'message', id: 'message:retry', label: `Retrying in ${Math.max(1, Math.round((state.retryAt.getTime() - now.getTime()) / 1000))} s (attempt ${state.attempt})`, icon: 'loading' });
      else if (state.problem.retry) nodes.push({ kind: 'message', id: 'message:retry', label: `Gave up after ${state.attempt} attempts`, tooltip: 'Refresh to try again.', icon: 'warning' });
      if (state.problem.action) nodes.push(actionNode(`action:${state.problem.action.command}`, state.problem.action));
      if (state.problem.action?.command !== COMMANDS.refreshMigrations) nodes.push(actionNode('action:refresh', { command: COMMANDS.refreshMigrations, title: 'Refresh' }));
      return nodes;
    }
    case 'ready': {
      const { migrations, setupModuleError } = state.status;
      const nodes: MigrationsTreeNode[] = [];
      if (setupModuleError) {
        nodes.push({ kind: 'message', id: 'message:setup-module', label: 'setup_module not read: no setup-version drift check', tooltip: setupModuleError.message, icon: 'warning' });
      }
      if (migrations.entries.length === 0) {
        nodes.push({ kind: 'message', id: 'message:empty', label: 'No migrations yet', icon: 'info' });
        nodes.push(actionNode('action:create-migration', { command: COMMANDS.createMigration, title: 'Create Migration' }));
        return nodes;
      }
      return [...nodes, ...groupByModule(migrations.entries, state.environment)];
    }
  }
}

export function childrenOf(node: MigrationsTreeNode): MigrationsTreeNode[] {
  return node.kind === 'module' ? node.children : [];
}
