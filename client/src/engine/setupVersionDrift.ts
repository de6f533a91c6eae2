// Engine room (pure Node, no vscode): reads an environment's setup_module and hands it to the pure
// analysis (rule setup-version-drift) as plain data. `check --env` passes the snapshot to
// checkProject; the language server sets ProjectChecker.setupModule for the selected environment.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { analyzeModuleXml } from '../../../server/src/analysis/analyzer';
import { listBespokeModuleXmlFiles, type ProjectModel } from '../../../server/src/analysis/project';
import { setupVersionDrift } from '../../../server/src/analysis/rules/setup-version-drift';
import type { SetupModuleSnapshot } from '../../../server/src/analysis/setupModuleDrift';
import type { Finding } from '../../../server/src/analysis/types';
import { withDatabase, type DatabaseOptions } from './databaseStatus';
import { resolveConnection, resolveEnvironment, type ConnectionOptions } from './environments';

/** setup_module of the environment (with its table prefix). Throws EnvironmentError / DatabaseError. */
export async function readSetupModuleSnapshot(project: ProjectModel, environment: string, options: ConnectionOptions & DatabaseOptions = {}): Promise<SetupModuleSnapshot> {
  const { requestCheckDisabled } = resolveEnvironment(project, environment);
  const settings = await resolveConnection(project, environment, options);
  const read = await withDatabase(settings, (session) => session.readSetupModule(requestCheckDisabled), options);
  return read.snapshot;
}

/** Only the setup-version-drift findings of every bespoke module.xml against the snapshot (suppressions applied). */
export async function checkSetupVersionDrift(project: ProjectModel, snapshot: SetupModuleSnapshot): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const file of listBespokeModuleXmlFiles(project)) {
    const text = await readFile(join(project.root, file), 'utf8');
    // No git here: the baseline rules are skipped and do not count as unused suppressions.
    const all = analyzeModuleXml(project, file, text, { kind: 'unavailable', reason: 'not compared with git' }, snapshot);
    findings.push(...all.filter((finding) => finding.code === setupVersionDrift.id));
  }
  return findings;
}
