// VS Code glue: "Magento ZDD: Create Migration": pick a bespoke module (those with migrations first),
// type the class name (checked live as the project's Phinx would), pick the style when the project
// leaves a choice, then the engine writes the file and the editor opens it inside the method.
import * as vscode from 'vscode';
import type { ProjectModel } from '../../../server/src/analysis/project';
import {
  createMigration as createMigrationFile,
  defaultMigrationStyle,
  listModulesForMigrations,
  migrationClassNameProblem,
  MIGRATION_STYLES,
  type CreatedMigration,
  type MigrationModule,
  type MigrationStyle,
} from '../engine/migrationScaffold';
import type { ExtensionServices } from '../extensionServices';
import { userMessageOf } from '../workspaceProject';

const STYLE_DESCRIPTIONS: Record<MigrationStyle, string> = {
  change: 'change(): Phinx reverses it on rollback',
  'up-down': 'up() and down(): the rollback written out',
};

/**
 * Arguments skip the matching prompt. Returns the created migration, or undefined when the user
 * dismissed a prompt or the engine refused the input (its message was shown).
 */
export async function createMigration(services: ExtensionServices, moduleName?: string, className?: string, style?: MigrationStyle): Promise<CreatedMigration | undefined> {
  let project: ProjectModel;
  try {
    project = services.project.load();
  } catch (error) {
    void vscode.window.showErrorMessage(`Magento ZDD: ${userMessageOf(error)}`);
    return undefined;
  }
  const module = moduleName ?? (await pickModule(project));
  if (module === undefined) return undefined;
  const name = className ?? (await askClassName(project, module));
  if (name === undefined) return undefined;
  // Only a prompted run asks for the style: a caller that named the class wants no more questions.
  const chosenStyle = style ?? (className === undefined ? await pickStyle(project) : undefined);
  if (chosenStyle === null) return undefined;

  let created: CreatedMigration;
  try {
    created = createMigrationFile(project, { module, className: name.trim(), style: chosenStyle });
  } catch (error) {
    void vscode.window.showErrorMessage(`Magento ZDD: ${userMessageOf(error)}`);
    return undefined;
  }
  const editor = await vscode.window.showTextDocument(vscode.Uri.file(created.absolutePath));
  const cursor = new vscode.Position(created.cursor.line, created.cursor.character);
  editor.selection = new vscode.Selection(cursor, cursor);
  editor.revealRange(new vscode.Range(cursor, cursor));
  if (created.createdFolder) void vscode.window.setStatusBarMessage(`Magento ZDD: created ${created.module.migrationsFolder}`, 5000);
  // The new file is pending on the selected environment.
  services.status.refreshSoon();
  return created;
}

async function pickModule(project: ProjectModel): Promise<string | undefined> {
  const modules = listModulesForMigrations(project);
  if (modules.length === 0) {
    void vscode.window.showErrorMessage(
      `Magento ZDD: no bespoke module with an etc/module.xml under ${project.config.bespokePaths.join(', ')}: create the module first, or set "bespokePaths" in magento-zdd.json.`,
    );
    return undefined;
  }
  const items = modules.map((module) => ({ label: module.name, description: module.folder, detail: countText(module), module }));
  const picked = await vscode.window.showQuickPick(items, { title: 'Magento ZDD: Create Migration (1/2)', placeHolder: 'Module for the new migration', matchOnDescription: true, ignoreFocusOut: true });
  return picked?.module.name;
}

function countText(module: MigrationModule): string {
  if (module.migrationCount === 0) return `no migrations yet: creates ${module.migrationsFolder}`;
  return `${module.migrationCount} migration${module.migrationCount === 1 ? '' : 's'} in ${module.migrationsFolder}`;
}

async function askClassName(project: ProjectModel, module: string): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title: 'Magento ZDD: Create Migration (2/2)',
    prompt: `Class name of the new migration in ${module} (PascalCase, unique across all migration folders)`,
    placeHolder: 'AddGiftNoteToSalesOrder',
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim() === '' ? 'Enter a class name, e.g. AddGiftNoteToSalesOrder.' : migrationClassNameProblem(project, value.trim())?.message),
  });
}

/** undefined = the project's default without asking; null = dismissed. */
async function pickStyle(project: ProjectModel): Promise<MigrationStyle | undefined | null> {
  // MX_PhinxMigrations wants up/down in every migration: no choice to offer there.
  if (project.composer.mxPhinxMigrations) return undefined;
  const preferred = defaultMigrationStyle(project);
  const ordered = [preferred, ...MIGRATION_STYLES.filter((style) => style !== preferred)];
  const picked = await vscode.window.showQuickPick(
    ordered.map((style) => ({ label: style, description: STYLE_DESCRIPTIONS[style], style })),
    { title: 'Magento ZDD: Create Migration', placeHolder: 'Migration style', ignoreFocusOut: true },
  );
  return picked ? picked.style : null;
}
