// Engine room (pure Node, no vscode): the driver sections of environments.<name>.deploy (docker,
// swarm, kubernetes, command, webhook) with every default filled in and paths made absolute. Secrets
// are not read here: only the names of the variables that hold them.
import type { DeployConfig, InstanceEnvNames } from '../../../../../server/src/analysis/config';
import { DeployError } from '../deployError';

export type ResolvedEnvNames = Required<InstanceEnvNames>;

/** What env.php reads with getenv(); the local driver sets the same names. */
export const DEFAULT_ENV_NAMES: Readonly<ResolvedEnvNames> = { cacheDb: 'MAGENTO_ZDD_CACHE_DB', pageCacheDb: 'MAGENTO_ZDD_PAGE_CACHE_DB', colour: 'MAGENTO_ZDD_COLOUR', release: 'MAGENTO_ZDD_RELEASE' };

export interface DockerSettings {
  docker: string[];
  image: string;
  containerPort: number;
  hostPorts: { blue: number; green: number };
  runArgs: string[];
  stopTimeoutSeconds: number;
  envNames: ResolvedEnvNames;
  nodes: Array<{ name: string; dockerHost: string | undefined; address: string }>;
  loadBalancer: { enlist: string[]; drain: string[] };
}

export interface SwarmSettings {
  docker: string[];
  dockerHost: string | undefined;
  service: string;
  image: string;
  envNames: ResolvedEnvNames;
  timeoutMs: number;
  pollMs: number;
}

export interface KubernetesSettings {
  kubectl: string[];
  kubeconfig: string | undefined;
  context: string | undefined;
  namespace: string | undefined;
  deployment: string;
  container: string;
  image: string;
  envNames: ResolvedEnvNames;
  timeoutMs: number;
  pollMs: number;
  migrate: { mode: 'job' | 'exec' | 'none'; command: string[]; timeoutMs: number };
}

export interface CommandSettings {
  nodes: string[];
  start: string[];
  health: string[] | undefined;
  healthUrl: string | undefined;
  enlist: string[];
  drain: string[];
  stop: string[];
  timeoutMs: number;
}

export type WebhookProvider = 'gitlab' | 'github' | 'jenkins';

export interface WebhookSettings {
  provider: WebhookProvider;
  /** Without a trailing slash. */
  baseUrl: string;
  tokenEnv: string;
  statusTokenEnv: string | undefined;
  userEnv: string | undefined;
  project: string | undefined;
  owner: string | undefined;
  repo: string | undefined;
  workflow: string | undefined;
  job: string | undefined;
  ref: string;
  variables: Record<string, string>;
  timeoutMs: number;
  pollMs: number;
}

export type DriverSettings =
  | { name: 'local' }
  | { name: 'docker'; docker: DockerSettings }
  | { name: 'docker-swarm'; swarm: SwarmSettings }
  | { name: 'kubernetes'; kubernetes: KubernetesSettings }
  | { name: 'command'; command: CommandSettings }
  | { name: 'webhook'; webhook: WebhookSettings };

function missing(environment: string, driver: string, section: string, what: string): DeployError {
  return new DeployError('not-configured', `environments.${environment}.deploy uses the ${driver} driver but has no "${section}" settings (${what}).`);
}

export function resolveDriverSettings(deploy: DeployConfig, environment: string, absolute: (path: string) => string): DriverSettings {
  const envNames = (names: InstanceEnvNames | undefined): ResolvedEnvNames => ({ ...DEFAULT_ENV_NAMES, ...names });
  switch (deploy.driver) {
    case 'local':
      return { name: 'local' };
    case 'docker': {
      const docker = deploy.docker;
      if (!docker) throw missing(environment, 'docker', 'docker', 'image, nodes, loadBalancer');
      const hostPorts = { blue: docker.hostPorts?.blue ?? 8081, green: docker.hostPorts?.green ?? 8082 };
      if (hostPorts.blue === hostPorts.green) throw new DeployError('not-configured', `environments.${environment}.deploy.docker.hostPorts: blue and green both use port ${hostPorts.blue}; both colours run side by side on a node during the switch.`);
      return {
        name: 'docker',
        docker: {
          docker: docker.docker ?? ['docker'],
          image: docker.image,
          containerPort: docker.containerPort ?? 80,
          hostPorts,
          runArgs: docker.runArgs ?? [],
          stopTimeoutSeconds: docker.stopTimeoutSeconds ?? 30,
          envNames: envNames(docker.envNames),
          nodes: docker.nodes.map((node) => ({ name: node.name, dockerHost: node.dockerHost, address: node.address })),
          loadBalancer: { enlist: docker.loadBalancer.enlist, drain: docker.loadBalancer.drain },
        },
      };
    }
    case 'docker-swarm': {
      const swarm = deploy.swarm;
      if (!swarm) throw missing(environment, 'docker-swarm', 'swarm', 'service, image');
      return { name: 'docker-swarm', swarm: { docker: swarm.docker ?? ['docker'], dockerHost: swarm.dockerHost, service: swarm.service, image: swarm.image, envNames: envNames(swarm.envNames), timeoutMs: (swarm.timeoutSeconds ?? 600) * 1000, pollMs: (swarm.pollSeconds ?? 2) * 1000 } };
    }
    case 'kubernetes': {
      const kubernetes = deploy.kubernetes;
      if (!kubernetes) throw missing(environment, 'kubernetes', 'kubernetes', 'deployment, container, image');
      return {
        name: 'kubernetes',
        kubernetes: {
          kubectl: kubernetes.kubectl ?? ['kubectl'],
          kubeconfig: kubernetes.kubeconfig ? absolute(kubernetes.kubeconfig) : undefined,
          context: kubernetes.context,
          namespace: kubernetes.namespace,
          deployment: kubernetes.deployment,
          container: kubernetes.container,
          image: kubernetes.image,
          envNames: envNames(kubernetes.envNames),
          timeoutMs: (kubernetes.timeoutSeconds ?? 600) * 1000,
          pollMs: (kubernetes.pollSeconds ?? 2) * 1000,
          migrate: { mode: kubernetes.migrate?.mode ?? 'job', command: kubernetes.migrate?.command ?? ['vendor/bin/phinx', 'migrate'], timeoutMs: (kubernetes.migrate?.timeoutSeconds ?? 900) * 1000 },
        },
      };
    }
    case 'command': {
      const command = deploy.command;
      if (!command) throw missing(environment, 'command', 'command', 'nodes, start, enlist, drain, stop');
      if (!command.health && !command.healthUrl) throw new DeployError('not-configured', `environments.${environment}.deploy.command needs "health" (a command that exits 0 when the new instance is healthy) or "healthUrl": no instance gets traffic unchecked.`);
      return { name: 'command', command: { nodes: command.nodes, start: command.start, health: command.health, healthUrl: command.healthUrl, enlist: command.enlist, drain: command.drain, stop: command.stop, timeoutMs: (command.timeoutSeconds ?? 300) * 1000 } };
    }
    case 'webhook': {
      const webhook = deploy.webhook;
      if (!webhook) throw missing(environment, 'webhook', 'webhook', 'provider, baseUrl, tokenEnv');
      const needs: Record<WebhookProvider, Array<keyof typeof webhook>> = { gitlab: ['project', 'statusTokenEnv'], github: ['owner', 'repo', 'workflow'], jenkins: ['job', 'userEnv'] };
      const absent = needs[webhook.provider].filter((key) => !webhook[key]);
      if (absent.length > 0) throw new DeployError('not-configured', `environments.${environment}.deploy.webhook with provider "${webhook.provider}" needs ${absent.map((key) => `"${key}"`).join(' and ')}.`);
      return {
        name: 'webhook',
        webhook: {
          provider: webhook.provider,
          baseUrl: webhook.baseUrl.replace(/\/+$/, ''),
          tokenEnv: webhook.tokenEnv,
          statusTokenEnv: webhook.statusTokenEnv,
          userEnv: webhook.userEnv,
          project: webhook.project,
          owner: webhook.owner,
          repo: webhook.repo,
          workflow: webhook.workflow,
          job: webhook.job,
          ref: webhook.ref ?? 'main',
          variables: webhook.variables ?? {},
          timeoutMs: (webhook.timeoutSeconds ?? 3600) * 1000,
          pollMs: (webhook.pollSeconds ?? 5) * 1000,
        },
      };
    }
  }
}
