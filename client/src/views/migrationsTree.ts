// VS Code glue: the Migrations view (Explorer): migrationsTreeModel.ts's nodes as TreeItems, redrawn
// whenever the status store changes. Clicking a migration opens its file.
import * as vscode from 'vscode';
import { migrationsViewDescription } from '../environmentStatusText';
import type { ExtensionServices } from '../extensionServices';
import { childrenOf, migrationsTreeRoots, type MigrationsTreeNode } from './migrationsTreeModel';

const STATE_ICONS = {
  applied: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  pending: new vscode.ThemeIcon('circle-large-outline'),
  missing: new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')),
};

const MESSAGE_ICONS = {
  info: new vscode.ThemeIcon('info'),
  warning: new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')),
  error: new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground')),
  loading: new vscode.ThemeIcon('loading~spin'),
  action: new vscode.ThemeIcon('arrow-right'),
};

export class MigrationsTreeProvider implements vscode.TreeDataProvider<MigrationsTreeNode> {
  private readonly changed = new vscode.EventEmitter<MigrationsTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly services: ExtensionServices) {}

  refresh(): void {
    this.changed.fire(undefined);
  }

  getChildren(node?: MigrationsTreeNode): MigrationsTreeNode[] {
    return node ? childrenOf(node) : migrationsTreeRoots(this.services.status.state);
  }

  getTreeItem(node: MigrationsTreeNode): vscode.TreeItem {
    switch (node.kind) {
      case 'module': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
        item.id = node.id;
        item.description = node.description;
        item.iconPath = new vscode.ThemeIcon('package');
        item.contextValue = 'module';
        return item;
      }
      case 'migration': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
        item.id = node.id;
        item.description = node.description;
        item.tooltip = node.tooltip;
        item.iconPath = STATE_ICONS[node.state];
        item.contextValue = node.contextValue;
        const uri = node.file ? this.services.project.uriOf(node.file) : undefined;
        if (uri) {
          item.resourceUri = uri;
          item.command = { command: 'vscode.open', title: 'Open Migration', arguments: [uri] };
        }
        return item;
      }
      case 'message': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
        item.id = node.id;
        item.tooltip = node.tooltip;
        item.iconPath = MESSAGE_ICONS[node.icon];
        item.contextValue = 'message';
        if (node.command) item.command = node.command;
        return item;
      }
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** Registers the view and keeps it (and its description: the environment) in step with the store. */
export function registerMigrationsTree(services: ExtensionServices, viewId: string): vscode.Disposable {
  const provider = new MigrationsTreeProvider(services);
  const view = vscode.window.createTreeView(viewId, { treeDataProvider: provider, showCollapseAll: true });
  const update = () => {
    view.description = migrationsViewDescription(services.status.state);
    provider.refresh();
  };
  update();
  const subscription = services.status.onDidChange(update);
  return vscode.Disposable.from(view, provider, { dispose: () => subscription.dispose() });
}
