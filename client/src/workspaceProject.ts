// VS Code glue: the Magento project the commands work on, loaded fresh for each action (it is cheap,
// and magento-zdd.json, phinx.php or composer.lock may have changed). With several workspace folders,
// the first one is the project, as for the language server's first session.
import { isAbsolute, relative, sep } from 'node:path';
import * as vscode from 'vscode';
import { ConfigError } from '../../server/src/analysis/config';
import { findMagentoRoot, loadProject, type ProjectModel } from '../../server/src/analysis/project';
import { EngineError } from './engine/engineError';

export class NoProjectError extends EngineError {}

export class WorkspaceProject {
  private memo: ProjectModel | undefined;

  /** The Magento root; undefined without a local workspace folder. */
  root(): string | undefined {
    const folder = vscode.workspace.workspaceFolders?.find((candidate) => candidate.uri.scheme === 'file');
    return folder ? findMagentoRoot(folder.uri.fsPath) : undefined;
  }

  /** Throws NoProjectError without a workspace folder, ConfigError when magento-zdd.json is invalid. */
  load(): ProjectModel {
    const root = this.root();
    if (root === undefined) throw new NoProjectError('Open the Magento root folder (where app/etc/env.php or magento-zdd.json is) to use Magento ZDD.');
    return loadProject(root);
  }

  /** The project as last loaded, for what runs on every keystroke (CodeLens); invalidate() when its files change. */
  cached(): ProjectModel {
    this.memo ??= this.load();
    return this.memo;
  }

  invalidate(): void {
    this.memo = undefined;
  }

  /** A project path (forward slashes) of a file inside the root; undefined outside it. */
  projectPath(uri: vscode.Uri): string | undefined {
    const root = this.root();
    if (root === undefined || uri.scheme !== 'file') return undefined;
    const path = relative(root, uri.fsPath);
    if (path === '' || path.startsWith('..') || isAbsolute(path)) return undefined;
    return path.split(sep).join('/');
  }

  uriOf(projectPath: string): vscode.Uri | undefined {
    const root = this.root();
    return root === undefined ? undefined : vscode.Uri.joinPath(vscode.Uri.file(root), ...projectPath.split('/'));
  }
}

/** The message to show for an error from loading the project or the engine; rethrows a bug. */
export function userMessageOf(error: unknown): string {
  if (error instanceof ConfigError) return `magento-zdd.json is invalid: ${error.message}`;
  if (error instanceof EngineError) return error.message;
  throw error;
}
