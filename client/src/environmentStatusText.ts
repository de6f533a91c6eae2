// VS Code glue, pure (no vscode import): the environment status bar item and the Migrations view's
// description for a store state.
import type { MigrationStatusState } from './migrationStatusStore';

export interface StatusBarText {
  text: string;
  tooltip: string;
  /** Warning background: the status of the selected environment is unknown. */
  warning: boolean;
}

export function environmentStatusBarText(state: MigrationStatusState): StatusBarText {
  const select = 'Click to select another environment.';
  switch (state.kind) {
    case 'idle':
      return { text: '$(database) ZDD', tooltip: 'Magento ZDD: reading the migration status…', warning: false };
    case 'no-environment':
      return { text: '$(database) no environment', tooltip: `Magento ZDD: ${state.message}\n\nClick to select an environment.`, warning: false };
    case 'loading':
      return { text: `$(sync~spin) ${state.environment}`, tooltip: `Magento ZDD: reading the status of "${state.environment}"…`, warning: false };
    case 'failed':
      return {
        text: `$(warning) ${state.environment ?? 'ZDD'}`,
        tooltip: `Magento ZDD: ${state.problem.title}.\n\n${state.problem.message}${state.retryAt ? `\n\nRetrying at ${state.retryAt.toLocaleTimeString()}.` : ''}\n\n${select}`,
        warning: true,
      };
    case 'ready': {
      const { pendingCount, missingCount, appliedCount } = state.status.migrations;
      const counts = [pendingCount > 0 ? `${pendingCount} pending` : '', missingCount > 0 ? `${missingCount} missing` : ''].filter(Boolean).join(', ');
      return {
        text: `$(database) ${state.environment}${counts ? `: ${counts}` : ''}`,
        tooltip: `Magento ZDD environment "${state.environment}": ${appliedCount} applied, ${pendingCount} pending, ${missingCount} missing (read ${state.readAt.toLocaleTimeString()}).\n\n${select}`,
        warning: false,
      };
    }
  }
}

export function migrationsViewDescription(state: MigrationStatusState): string | undefined {
  switch (state.kind) {
    case 'ready':
    case 'loading':
      return state.environment;
    case 'failed':
      return state.environment;
    default:
      return undefined;
  }
}
