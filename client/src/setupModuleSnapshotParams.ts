// VS Code glue, pure (no vscode import): which setup_module snapshot the language server should
// have for a status store state (setupModuleSync.ts sends it).
import { toSetupModuleSnapshotParams, type SetupModuleSnapshotParams } from '../../server/src/protocol';
import type { MigrationStatusState } from './migrationStatusStore';

/** The snapshot to send for a state; a loading state keeps what was sent (undefined = no change). */
export function snapshotParamsFor(state: MigrationStatusState): SetupModuleSnapshotParams | undefined {
  switch (state.kind) {
    case 'idle':
    case 'loading':
      return undefined;
    case 'ready':
      return toSetupModuleSnapshotParams(state.status.setupModule, state.root);
    case 'no-environment':
      return toSetupModuleSnapshotParams(undefined, state.root);
    case 'failed':
      // Unknown now: diagnostics from an old read would claim what the database may no longer hold.
      return toSetupModuleSnapshotParams(undefined, state.root);
  }
}
