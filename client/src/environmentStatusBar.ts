// VS Code glue: the second status bar item: the selected environment and its migration state; a
// click selects another environment.
import * as vscode from 'vscode';
import { COMMANDS } from './commandIds';
import { environmentStatusBarText } from './environmentStatusText';
import type { MigrationStatusStore } from './migrationStatusStore';

export class EnvironmentStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('magentoZdd.environment', vscode.StatusBarAlignment.Left, 9);
  private readonly subscription: { dispose(): void };

  constructor(private readonly store: MigrationStatusStore) {
    this.item.name = 'Magento ZDD Environment';
    this.item.command = COMMANDS.selectEnvironment;
    this.subscription = store.onDidChange(() => this.update());
    this.update();
    this.item.show();
  }

  private update(): void {
    const { text, tooltip, warning } = environmentStatusBarText(this.store.state);
    this.item.text = text;
    this.item.tooltip = tooltip;
    this.item.backgroundColor = warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
