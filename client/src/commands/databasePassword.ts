// VS Code glue: "Magento ZDD: Set Database Password" and "Clear Database Password": the password of
// an environment in VS Code's secret storage (used when neither passwordEnv nor env.php gives one).
// The password is never logged or shown.
import * as vscode from 'vscode';
import type { ProjectModel } from '../../../server/src/analysis/project';
import type { ExtensionServices } from '../extensionServices';
import { pickEnvironmentFor } from './environmentPick';

/** `password` skips the input box (tests); returns the environment whose password was stored. */
export async function setDatabasePassword(services: ExtensionServices, environment?: string, password?: string): Promise<string | undefined> {
  const target = await environmentFor(services, environment, 'Store the database password of which environment?');
  if (target === undefined) return undefined;
  const { project, name } = target;
  if (password === undefined) {
    const entered = await services.passwords.askFor(name, `The database password of environment "${name}" (${project.root}). Kept in VS Code's secret storage; used when passwordEnv is not set. Leave empty for none.`);
    if (entered === undefined) return undefined;
  } else {
    await services.passwords.store(name, password);
  }
  void vscode.window.showInformationMessage(`Magento ZDD: stored the database password of "${name}".`);
  if (services.selection.choose(project).name === name) await services.status.refresh({ interactive: false });
  return name;
}

/** Returns the environment whose stored password was removed. */
export async function clearDatabasePassword(services: ExtensionServices, environment?: string): Promise<string | undefined> {
  const target = await environmentFor(services, environment, 'Remove the stored database password of which environment?');
  if (target === undefined) return undefined;
  await services.passwords.delete(target.name);
  void vscode.window.showInformationMessage(`Magento ZDD: removed the stored database password of "${target.name}".`);
  if (services.selection.choose(target.project).name === target.name) await services.status.refresh({ interactive: false });
  return target.name;
}

async function environmentFor(services: ExtensionServices, environment: string | undefined, placeHolder: string): Promise<{ project: ProjectModel; name: string } | undefined> {
  const picked = await pickEnvironmentFor(services, { given: environment, placeHolder });
  if (picked.status === 'refused') void vscode.window.showErrorMessage(`Magento ZDD: ${picked.message}`);
  return picked.status === 'picked' ? picked : undefined;
}
