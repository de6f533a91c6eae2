// VS Code glue: the Deploys view (Explorer, under Migrations): the deploy journals of the project
// (.magento-zdd/deploys/<env>.jsonl) as runs and steps, from deploysTreeModel.ts. Redrawn when a
// journal file changes (a deploy from the CLI or another window: file events, and a stat every 2 s
// while the view is visible), on every step of a deploy running here, and on Refresh. A run the
// journal shows unfinished is asked about in the background (findRunInProgress): while its owner holds
// the deploy lock it is shown running, not unfinished.
import { statSync } from 'node:fs';
import { relative, sep } from 'node:path';
import * as vscode from 'vscode';
import { deployJournalFolder, listDeployJournals, readDeployHistory } from '../engine/deploy/deployHistory';
import { findRunInProgress } from '../engine/deploy/deployPipeline';
import type { ExtensionServices } from '../extensionServices';
import { deploysChildrenOf, deploysTreeRoots, type DeploysTreeNode, type NodeIcon } from './deploysTreeModel';

const ICONS: Record<NodeIcon, vscode.ThemeIcon> = {
  succeeded: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  failed: new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')),
  cancelled: new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('list.warningForeground')),
  unfinished: new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')),
  abandoned: new vscode.ThemeIcon('discard'),
  skipped: new vscode.ThemeIcon('debug-step-over'),
  started: new vscode.ThemeIcon('circle-large-outline'),
  running: new vscode.ThemeIcon('sync~spin'),
  environment: new vscode.ThemeIcon('server-environment'),
  info: new vscode.ThemeIcon('info'),
};

export class DeploysTreeProvider implements vscode.TreeDataProvider<DeploysTreeNode> {
  private readonly changed = new vscode.EventEmitter<DeploysTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  /** Unfinished runs whose owner holds the lock (asked of Redis in the background, per environment). */
  private runningElsewhere = new Set<string>();
  private checking = false;

  constructor(private readonly services: ExtensionServices) {}

  /** Asks the engine which unfinished runs are in progress elsewhere; refreshes when the answer changed. */
  private checkRunsElsewhere(environments: readonly string[]): void {
    if (this.checking || environments.length === 0) return;
    this.checking = true;
    void (async () => {
      const found = new Set<string>();
      try {
        const project = this.services.project.load();
        for (const environment of environments) {
          // Unreadable settings or Redis: shown as unfinished, as the journal says.
          const inProgress = await findRunInProgress(project, environment).catch(() => undefined);
          if (inProgress) found.add(inProgress.run.runId);
        }
      } catch {
        // No project: nothing is running here.
      } finally {
        this.checking = false;
      }
      const changed = found.size !== this.runningElsewhere.size || [...found].some((runId) => !this.runningElsewhere.has(runId));
      this.runningElsewhere = found;
      if (changed) this.refresh();
    })();
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  getChildren(node?: DeploysTreeNode): DeploysTreeNode[] {
    if (node) return deploysChildrenOf(node);
    const root = this.services.project.root();
    if (root === undefined) return [{ kind: 'message', id: 'message:no-folder', label: 'Open the Magento root folder to see its deploys.' }];
    try {
      const journals = listDeployJournals(root).map(({ environment, file }) => ({ environment, runs: readDeployHistory(file) }));
      const mine = this.services.deploys.running?.runId;
      this.checkRunsElsewhere(journals.filter((journal) => journal.runs.some((run) => run.status === 'unfinished' && run.runId !== mine)).map((journal) => journal.environment));
      return deploysTreeRoots(journals, new Set([...this.runningElsewhere, ...(mine ? [mine] : [])]));
    } catch (error) {
      return [{ kind: 'message', id: 'message:unreadable', label: `The deploy journal could not be read: ${(error as Error).message}` }];
    }
  }

  getTreeItem(node: DeploysTreeNode): vscode.TreeItem {
    const Collapsible = vscode.TreeItemCollapsibleState;
    switch (node.kind) {
      case 'environment':
        return treeItem(node, Collapsible.Expanded, ICONS.environment, 'deploy-environment');
      case 'run':
        return treeItem(node, Collapsible.Collapsed, ICONS[node.icon], node.contextValue);
      case 'step':
        return treeItem(node, Collapsible.None, ICONS[node.icon]);
      case 'message':
        return treeItem(node, Collapsible.None, ICONS.info);
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function treeItem(
  node: { id: string; label: string; description?: string; tooltip?: string },
  collapsible: vscode.TreeItemCollapsibleState,
  icon: vscode.ThemeIcon,
  contextValue?: string,
): vscode.TreeItem {
  const item = new vscode.TreeItem(node.label, collapsible);
  item.id = node.id;
  item.description = node.description;
  item.tooltip = node.tooltip;
  item.iconPath = icon;
  item.contextValue = contextValue;
  return item;
}

const JOURNAL_POLL_MS = 2_000;

function journalSignature(root: string): string {
  try {
    return listDeployJournals(root)
      .map(({ file }) => {
        const stat = statSync(file);
        return `${file}:${stat.size}:${stat.mtimeMs}`;
      })
      .join('|');
  } catch {
    return 'unreadable';
  }
}

export function registerDeploysTree(services: ExtensionServices, viewId: string): { provider: DeploysTreeProvider; disposable: vscode.Disposable } {
  const provider = new DeploysTreeProvider(services);
  const view = vscode.window.createTreeView(viewId, { treeDataProvider: provider, showCollapseAll: true });
  const disposables: vscode.Disposable[] = [
    view,
    provider,
    services.deploys.onDidChange(() => provider.refresh()),
    // Cheap to re-read, and a change may have been missed while the view was hidden.
    view.onDidChangeVisibility((event) => event.visible && provider.refresh()),
  ];
  const root = services.project.root();
  if (root !== undefined) {
    // The journal is appended by whoever deploys (this window, the CLI, another window). The pattern
    // hangs off the root, which exists: a watch based on the journal folder would miss its creation.
    const folder = relative(root, deployJournalFolder(root)).split(sep).join('/');
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(root), `${folder}/*.jsonl`));
    disposables.push(watcher, watcher.onDidCreate(() => provider.refresh()), watcher.onDidChange(() => provider.refresh()), watcher.onDidDelete(() => provider.refresh()));
    // File events can be late or lost (remote hosts, busy or exhausted inotify): while the view is
    // visible, the journals' sizes and times are also compared every few seconds (a stat per file).
    let seen = journalSignature(root);
    const poll = setInterval(() => {
      if (!view.visible) return;
      const now = journalSignature(root);
      if (now !== seen) provider.refresh();
      seen = now;
    }, JOURNAL_POLL_MS);
    disposables.push({ dispose: () => clearInterval(poll) });
  }
  return { provider, disposable: vscode.Disposable.from(...disposables) };
}
