// VS Code glue: sends the selected environment's setup_module to the language server
// (magentoZdd/setupModuleSnapshot), which then reports setup-version-drift on module.xml in the
// Problems panel. Sent only when it changed (a periodic re-read would otherwise re-check every
// module.xml), cleared when no snapshot is known, and sent again after a server restart.
import type * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { SETUP_MODULE_SNAPSHOT_NOTIFICATION, type SetupModuleSnapshotParams } from '../../server/src/protocol';
import type { MigrationStatusState, MigrationStatusStore } from './migrationStatusStore';
import { snapshotParamsFor } from './setupModuleSnapshotParams';

export function registerSetupModuleSync(client: LanguageClient, store: MigrationStatusStore): vscode.Disposable {
  let lastSent: string | undefined;
  let latest: SetupModuleSnapshotParams | undefined;
  const send = () => {
    if (!latest || !client.isRunning()) return;
    const text = JSON.stringify(latest);
    if (text === lastSent) return;
    lastSent = text;
    void client.sendNotification(SETUP_MODULE_SNAPSHOT_NOTIFICATION, latest).catch(() => {
      lastSent = undefined;
    });
  };
  const onState = (state: MigrationStatusState) => {
    const params = snapshotParamsFor(state);
    if (params === undefined) return;
    latest = params;
    send();
  };
  const subscription = store.onDidChange(onState);
  const restarts = client.onDidChangeState((event) => {
    if (event.newState !== State.Running) return;
    // A restarted server starts without a snapshot.
    lastSent = undefined;
    send();
  });
  onState(store.state);
  return { dispose: () => (subscription.dispose(), restarts.dispose()) };
}
