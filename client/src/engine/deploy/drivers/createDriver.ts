// Engine room (pure Node, no vscode): the driver of an environment, from its resolved settings.
// undefined for `local`, whose LocalDriver the pipeline makes itself (tests and resumed runs hand it one).
import type { DeploySettings } from '../deploySettings';
import { CommandDriver } from './commandDriver';
import type { DeployDriver } from './deployDriver';
import { DockerDriver } from './dockerDriver';
import { DockerSwarmDriver } from './dockerSwarmDriver';
import { KubernetesDriver } from './kubernetesDriver';
import { WebhookTrigger } from './webhookTrigger';

export function createDeployDriver(settings: DeploySettings): DeployDriver | undefined {
  const driver = settings.driver;
  switch (driver.name) {
    case 'local':
      return undefined;
    case 'docker':
      return new DockerDriver(settings, driver.docker);
    case 'docker-swarm':
      return new DockerSwarmDriver(settings, driver.swarm);
    case 'kubernetes':
      return new KubernetesDriver(settings, driver.kubernetes);
    case 'command':
      return new CommandDriver(settings, driver.command);
    case 'webhook':
      return new WebhookTrigger(settings, driver.webhook);
  }
}
