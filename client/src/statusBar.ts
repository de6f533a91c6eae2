// VS Code glue: the status bar item showing the check state; a click opens the Problems panel.
import * as vscode from 'vscode';
import type { StatusParams } from '../../server/src/protocol';

export class CheckStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('magentoZdd.status', vscode.StatusBarAlignment.Left, 10);

  constructor() {
    this.item.name = 'Magento ZDD';
    this.item.command = 'workbench.actions.view.problems';
    this.show({ state: 'checking', errors: 0, warnings: 0, infos: 0, filesChecked: 0 });
    this.item.show();
  }

  show(status: StatusParams): void {
    const notice = status.notice ? `\n\n${status.notice}` : '';
    if (status.state === 'checking') {
      this.item.text = '$(sync~spin) ZDD';
      this.item.tooltip = `Magento ZDD: checking…${notice}`;
      this.item.backgroundColor = undefined;
      return;
    }
    const problems = status.errors + status.warnings;
    this.item.text = status.errors > 0 ? `$(error) ZDD ${status.errors}` : status.warnings > 0 ? `$(warning) ZDD ${status.warnings}` : '$(check) ZDD';
    this.item.backgroundColor = status.errors > 0 ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    const summary =
      problems === 0
        ? `no zero-downtime problems in ${status.filesChecked} module.xml file(s)`
        : `${status.errors} error(s), ${status.warnings} warning(s), ${status.infos} info`;
    this.item.tooltip = `Magento ZDD: ${summary}${status.notice ? ' (partial check)' : ''}. Click to open the Problems panel.${notice}`;
  }

  dispose(): void {
    this.item.dispose();
  }
}
