// Engine room (pure Node, no vscode): everything the editor shows about one environment, read over a
// single connection (one password prompt, one connect): the migration status from phinxlog and the
// setup_module snapshot for setup-version-drift. A database without setup_module (Magento not
// installed there yet) still has a migration status, so that one problem is returned, not thrown.
import type { ProjectModel } from '../../../server/src/analysis/project';
import type { SetupModuleSnapshot } from '../../../server/src/analysis/setupModuleDrift';
import { DatabaseError, withDatabase, type DatabaseOptions } from './databaseStatus';
import { resolveConnection, resolveEnvironment, type ConnectionOptions } from './environments';
import { migrationStatusFromPhinxlog, type MigrationStatusReport } from './migrationStatus';

export interface EnvironmentStatus {
  environment: string;
  migrations: MigrationStatusReport;
  /** Undefined when setup_module cannot be read; setupModuleError then says why. */
  setupModule: SetupModuleSnapshot | undefined;
  setupModuleError: DatabaseError | undefined;
}

/** Throws EnvironmentError / DatabaseError when the environment or its phinxlog cannot be read. */
export async function readEnvironmentStatus(project: ProjectModel, environment: string, options: ConnectionOptions & DatabaseOptions = {}): Promise<EnvironmentStatus> {
  const { requestCheckDisabled } = resolveEnvironment(project, environment);
  const settings = await resolveConnection(project, environment, options);
  return withDatabase(
    settings,
    async (session) => {
      const migrations = migrationStatusFromPhinxlog(project, environment, await session.readPhinxlog());
      try {
        const { snapshot } = await session.readSetupModule(requestCheckDisabled);
        return { environment, migrations, setupModule: snapshot, setupModuleError: undefined };
      } catch (error) {
        if (error instanceof DatabaseError && error.problem === 'missing-table') return { environment, migrations, setupModule: undefined, setupModuleError: error };
        throw error;
      }
    },
    options,
  );
}
