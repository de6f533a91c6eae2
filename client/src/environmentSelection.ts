// VS Code glue: the environment picked in this workspace (workspaceState, so each project remembers
// its own), falling back to the magentoZdd.environment setting (environmentChoice.ts decides).
import * as vscode from 'vscode';
import type { ProjectModel } from '../../server/src/analysis/project';
import { SETTINGS } from './commandIds';
import { listEnvironmentNames } from './engine/environments';
import { chooseEnvironment, type EnvironmentChoice } from './environmentChoice';

const PICKED_KEY = 'magentoZdd.selectedEnvironment';

export class EnvironmentSelection {
  constructor(private readonly workspaceState: vscode.Memento) {}

  picked(): string | undefined {
    return this.workspaceState.get<string>(PICKED_KEY);
  }

  /** Remembers the pick; undefined forgets it (the setting or the only environment then apply). */
  async pick(environment: string | undefined): Promise<void> {
    await this.workspaceState.update(PICKED_KEY, environment);
  }

  choose(project: ProjectModel): EnvironmentChoice {
    const setting = vscode.workspace.getConfiguration().get<string>(SETTINGS.environment);
    return chooseEnvironment(listEnvironmentNames(project), this.picked(), setting);
  }
}
