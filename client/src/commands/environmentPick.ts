// VS Code glue: the one way a command learns which environment of magento-zdd.json to act on: the
// name it was given (checked), the selected one when the command may use it, else a quick pick of the
// configured environments with the current one first. Used by Select Environment, the password
// commands, Migrate / Roll Back and Deploy.
import * as vscode from 'vscode';
import type { ProjectModel } from '../../../server/src/analysis/project';
import { describeEndpoint } from '../engine/databaseStatus';
import { listEnvironmentNames, resolveEnvironment } from '../engine/environments';
import type { ExtensionServices } from '../extensionServices';
import { userMessageOf } from '../workspaceProject';

export interface EnvironmentRequest {
  /** A name passed to the command (palette arguments, tests): checked, never asked. */
  given?: string;
  /** The quick pick's placeholder: what the environment is picked for. */
  placeHolder: string;
  /** Take the selected environment without asking when there is one (Migrate, Roll Back). */
  useSelected?: boolean;
  /** Shown in the pick's title after "Magento ZDD: ". */
  title?: string;
  /** Only environments this accepts are offered (Deploy: those with deploy settings); `why` says what the others lack. */
  filter?: { accepts: (project: ProjectModel, name: string) => boolean; why: string };
}

export type EnvironmentPick =
  | { status: 'picked'; project: ProjectModel; name: string }
  | { status: 'cancelled' }
  | { status: 'refused'; message: string };

export async function pickEnvironmentFor(services: ExtensionServices, request: EnvironmentRequest): Promise<EnvironmentPick> {
  let project: ProjectModel;
  try {
    project = services.project.load();
  } catch (error) {
    return { status: 'refused', message: userMessageOf(error) };
  }
  const configured = listEnvironmentNames(project);
  if (configured.length === 0) return { status: 'refused', message: 'magento-zdd.json defines no environments. Add one, e.g. "environments": {"local": {"database": {"fromEnvPhp": true}}}.' };
  const names = request.filter ? configured.filter((name) => request.filter?.accepts(project, name)) : configured;
  const known = (list: readonly string[]) => list.map((name) => `"${name}"`).join(', ');
  if (request.given !== undefined) {
    if (!configured.includes(request.given)) return { status: 'refused', message: `unknown environment "${request.given}"; magento-zdd.json defines ${known(configured)}.` };
    if (!names.includes(request.given)) return { status: 'refused', message: `environment "${request.given}" ${request.filter?.why ?? 'cannot be used here'}.` };
    return { status: 'picked', project, name: request.given };
  }
  if (names.length === 0) return { status: 'refused', message: `no environment of magento-zdd.json (${known(configured)}) can be used: each ${request.filter?.why ?? 'is unusable here'}.` };
  const current = services.selection.choose(project).name;
  if (request.useSelected && current !== undefined && names.includes(current)) return { status: 'picked', project, name: current };
  const name = await pickEnvironment(project, names, current, request.placeHolder, request.title);
  return name === undefined ? { status: 'cancelled' } : { status: 'picked', project, name };
}

/** A quick pick of environments, the current one first; undefined when dismissed. */
async function pickEnvironment(project: ProjectModel, names: readonly string[], current: string | undefined, placeHolder: string, title = 'environment'): Promise<string | undefined> {
  const ordered = current !== undefined && names.includes(current) ? [current, ...names.filter((name) => name !== current)] : [...names];
  const items = ordered.map((name) => ({ label: name, description: describeEnvironment(project, name, name === current) }));
  const picked = await vscode.window.showQuickPick(items, { title: `Magento ZDD: ${title}`, placeHolder, ignoreFocusOut: true });
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
    // The pick still works; the command will show the full message.
    parts.push(`settings incomplete: ${userMessageOf(error)}`);
  }
  return parts.join(' · ');
}
