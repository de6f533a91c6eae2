// Engine room (pure Node, no vscode): the check before `migrate`. The pending migrations are analysed
// with the project checker (schema replayed from every earlier migration, suppressions applied); their
// error findings are returned, and the caller blocks the run unless the user overrides it.
import { ProjectChecker } from '../../../server/src/analysis/projectChecker';
import type { ProjectModel } from '../../../server/src/analysis/project';
import type { Finding } from '../../../server/src/analysis/types';

export interface MigrateGateResult {
  /** Project paths of the migrations that were analysed. */
  checked: string[];
  /** Error findings in them: the run should not start unless overridden. */
  blocking: Finding[];
  /** Warnings and infos, to show without blocking. */
  other: Finding[];
}

export async function checkPendingMigrations(project: ProjectModel, pendingFiles: readonly string[]): Promise<MigrateGateResult> {
  const checker = new ProjectChecker(project);
  // Lists every migration, so each pending one is analysed on the schema its predecessors leave.
  checker.listFiles();
  const blocking: Finding[] = [];
  const other: Finding[] = [];
  const checked: string[] = [];
  for (const file of pendingFiles) {
    const text = await checker.readText(file);
    if (text === undefined) continue;
    checked.push(file);
    for (const finding of await checker.checkFile(file, text)) (finding.severity === 'error' ? blocking : other).push(finding);
  }
  return { checked, blocking, other };
}
