// VS Code glue: what the command handlers, views and CodeLens share, created once in activate().
import type * as vscode from 'vscode';
import type { DeployActivity } from './deployActivity';
import type { EnvironmentSelection } from './environmentSelection';
import type { MigrationStatusStore } from './migrationStatusStore';
import type { DatabasePasswords } from './secrets';
import type { WorkspaceProject } from './workspaceProject';

export interface ExtensionServices {
  project: WorkspaceProject;
  selection: EnvironmentSelection;
  passwords: DatabasePasswords;
  status: MigrationStatusStore;
  /** "Magento ZDD: Phinx": phinx's output as it streams, and what the commands decided (overrides). */
  phinxOutput: vscode.OutputChannel;
  /** One phinx at a time: two runs on one database would interleave migrations. */
  phinxRunning: boolean;
  /** "Magento ZDD: Deploy" (language magento-zdd-deploy): the plan, every journal event, build and phinx output. */
  deployOutput: vscode.OutputChannel;
  deploys: DeployActivity;
}
