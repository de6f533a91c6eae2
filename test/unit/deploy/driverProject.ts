// Test helper: a shop folder whose magento-zdd.json has one environment "prod" deployed by the given
// driver section; Redis points at a closed loopback port, so a plan runs as a first deploy.
import { loadProject, type ProjectModel } from '../../../server/src/analysis/project';
import type { DeployConfig } from '../../../server/src/analysis/config';
import { resolveDeploySettings, type DeploySettings } from '../../../client/src/engine/deploy/deploySettings';
import type { SideOfSwitch } from '../../../client/src/engine/deploy/rollingSwitch';
import { TempProject } from '../../helpers/tempProject';

export const BLUE: SideOfSwitch = { colour: 'blue', release: '20261127100000-aaaa', cacheDatabases: [0, 1] };
export const GREEN: SideOfSwitch = { colour: 'green', release: '20261128100000-bbbb', cacheDatabases: [2, 3] };

export interface DriverProject {
  shop: TempProject;
  project: ProjectModel;
  settings: DeploySettings;
  cleanup: () => void;
}

export function driverProject(deploy: Partial<DeployConfig> & Pick<DeployConfig, 'driver'>, env: NodeJS.ProcessEnv = {}): DriverProject {
  const shop = TempProject.create('drivers');
  shop.write(
    'magento-zdd.json',
    JSON.stringify({
      environments: {
        prod: {
          database: { host: '127.0.0.1', port: 1, user: 'magento', database: 'magento' },
          phinx: { command: ['vendor/bin/phinx'] },
          deploy: { redis: { host: '127.0.0.1', port: 1 }, build: { command: ['bin/build-image', '{release}'] }, health: { timeoutMs: 2000, intervalMs: 50 }, drainMs: 0, ...deploy },
        },
      },
    }),
  );
  const project = loadProject(shop.dir);
  return { shop, project, settings: resolveDeploySettings(project, 'prod', env), cleanup: () => shop.cleanup() };
}
