// VS Code glue: "Magento ZDD: Select Environment": a quick pick of magento-zdd.json's environments,
// remembered for this workspace; then the status of the new one is read (asking for its password
// when none is stored).
import * as vscode from 'vscode';
import type { ProjectModel } from '../../../server/src/analysis/project';
import { describeEndpoint } from '../engine/databaseStatus';
import { listEnvironmentNames, resolveEnvironment } from '../engine/environments';
import type { ExtensionServices } from '../extensionServices';
import { userMessageOf } from '../workspaceProject';

/**
 * `environment`: select it without asking; `null`: forget the selection. Returns the environment
 * selected afterwards (undefined when none is, or the user dismissed the pick).
 */
export async function selectEnvironment(services: ExtensionServices, environment?: string | null): Promise<string | undefined> {
  let project: ProjectModel;
  try {
    project = services.project.load();
  } catch (error) {
    void vscode.window.showErrorMessage(`Magento ZDD: ${userMessageOf(error)}`);
    return undefined;
  }
  const names = listEnvironmentNames(project);
  if (environment === null) {
    await services.selection.pick(undefined);
    await services.status.refresh({ interactive: true });
    return services.selection.choose(project).name;
  }
  if (names.length === 0) {
    void vscode.window.showErrorMessage('Magento ZDD: magento-zdd.json defines no environments. Add one, e.g. "environments": {"local": {"database": {"fromEnvPhp": true}}}.');
    return undefined;
  }
  let chosen = environment;
  if (chosen === undefined) {
    chosen = await pickEnvironment(project, names, services.selection.choose(project).name, 'Select the environment whose migration status and setup_module the editor shows');
    if (chosen === undefined) return undefined;
  } else if (!names.includes(chosen)) {
    void vscode.window.showErrorMessage(`Magento ZDD: unknown environment "${chosen}"; magento-zdd.json defines ${names.map((name) => `"${name}"`).join(', ')}.`);
    return undefined;
  }
  await services.selection.pick(chosen);
  await services.status.refresh({ interactive: true });
  return chosen;
}

/** A quick pick of environments, the current one first; undefined when dismissed. */
export async function pickEnvironment(project: ProjectModel, names: readonly string[], current: string | undefined, placeHolder: string): Promise<string | undefined> {
  const ordered = current !== undefined && names.includes(current) ? [current, ...names.filter((name) => name !== current)] : [...names];
  const items = ordered.map((name) => ({ label: name, description: describeEnvironment(project, name, name === current) }));
  const picked = await vscode.window.showQuickPick(items, { title: 'Magento ZDD: environment', placeHolder, ignoreFocusOut: true });
  return picked?.label;
}

function describeEnvironment(project: ProjectModel, name: string, selected: boolean): string {
  const parts: string[] = [];
  if (selected) parts.push('selected');
  try {
    const environment = resolveEnvironment(project, name);
    if (environment.production) parts.push('production');
    if (environment.database) parts.push(`${environment.database.database} at ${describeEndpoint(environment.database)}`);
    else parts.push('no database settings');
  } catch (error) {
    // The pick still works; reading the status will show the full message.
    parts.push(`settings incomplete: ${userMessageOf(error)}`);
  }
  return parts.join(' · ');
}
