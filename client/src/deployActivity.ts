// VS Code glue: the deploy in progress (one at a time per window) and a change event the Deploys view
// listens to, fired on every journal event of a running deploy and when one ends.
import * as vscode from 'vscode';

export class DeployActivity implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  /** The environment being deployed and, once its first journal line is written, the run's id. */
  running: { environment: string; runId: string | undefined } | undefined;

  notify(): void {
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}
