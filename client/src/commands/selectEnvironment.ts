// VS Code glue: "Magento ZDD: Select Environment": a quick pick of magento-zdd.json's environments,
// remembered for this workspace; then the status of the new one is read (asking for its password
// when none is stored).
import * as vscode from 'vscode';
import type { ExtensionServices } from '../extensionServices';
import { userMessageOf } from '../workspaceProject';
import { pickEnvironmentFor } from './environmentPick';

/**
 * `environment`: select it without asking; `null`: forget the selection. Returns the environment
 * selected afterwards (undefined when none is, or the user dismissed the pick).
 */
export async function selectEnvironment(services: ExtensionServices, environment?: string | null): Promise<string | undefined> {
  if (environment === null) {
    await services.selection.pick(undefined);
    await services.status.refresh({ interactive: true });
    try {
      return services.selection.choose(services.project.load()).name;
    } catch (error) {
      void vscode.window.showErrorMessage(`Magento ZDD: ${userMessageOf(error)}`);
      return undefined;
    }
  }
  const picked = await pickEnvironmentFor(services, { given: environment, placeHolder: 'Select the environment whose migration status and setup_module the editor shows' });
  if (picked.status === 'refused') void vscode.window.showErrorMessage(`Magento ZDD: ${picked.message}`);
  if (picked.status !== 'picked') return undefined;
  await services.selection.pick(picked.name);
  await services.status.refresh({ interactive: true });
  return picked.name;
}
