// VS Code glue: the CodeLenses on migration files (migrationLensModel.ts says which), redrawn when
// the status store changes.
import * as vscode from 'vscode';
import { isMigrationPath } from '../../../server/src/analysis/migrations/migrationFiles';
import { SETTINGS } from '../commandIds';
import type { ExtensionServices } from '../extensionServices';
import { classDeclarationLine, migrationLenses } from './migrationLensModel';

export class MigrationCodeLensProvider implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly services: ExtensionServices) {}

  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!vscode.workspace.getConfiguration().get<boolean>(SETTINGS.codeLensEnabled, true)) return [];
    const path = this.services.project.projectPath(document.uri);
    if (path === undefined) return [];
    try {
      // Only files phinx.php scans are migrations; another *.php that happens to match the pattern gets no lens.
      if (!isMigrationPath(this.services.project.cached(), path)) return [];
    } catch {
      return [];
    }
    const line = classDeclarationLine(document.getText());
    const range = new vscode.Range(line, 0, line, 0);
    return migrationLenses(this.services.status.state, path).map((command) => new vscode.CodeLens(range, command));
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export function registerMigrationCodeLens(services: ExtensionServices): vscode.Disposable {
  const provider = new MigrationCodeLensProvider(services);
  const registration = vscode.languages.registerCodeLensProvider({ scheme: 'file', pattern: '**/*.php' }, provider);
  const subscription = services.status.onDidChange(() => provider.refresh());
  const settings = vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration(SETTINGS.codeLensEnabled)) provider.refresh();
  });
  return vscode.Disposable.from(registration, provider, settings, { dispose: () => subscription.dispose() });
}
