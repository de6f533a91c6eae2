// Engine room (pure Node, no vscode): the `docker` driver. On each node (docker -H <dockerHost>,
// ssh:// included) one container per colour, named zdd-<environment>-<colour>, on the colour's host
// port. The per-node cycle: run the new colour's container with its cache DB pair, wait until its
// health URL and a real page answer 200, enlist it in the load balancer (configured argv), drain the
// old one (configured argv), stop and remove it. Every docker call is argv, shown as is by the plan.
import type { DeploySettings } from '../deploySettings';
import { waitUntilHealthy } from '../healthCheck';
import type { PlannedStep } from '../deployPipeline';
import { rollingSwitch, type InstanceOperations, type SideOfSwitch } from '../rollingSwitch';
import { colourVariables, type DeployDriver, type DriverPlanContext, type DriverRunContext, type RollResult } from './deployDriver';
import type { DockerSettings } from './driverSettings';
import { runDriverCommand } from './driverCommand';
import { fillArgv } from './placeholders';

// `docker run -d` returns once the container is created; pulls can be slow on a fresh node.
const DOCKER_TIMEOUT_MS = 600_000;

export class DockerDriver implements DeployDriver {
  readonly name = 'docker';
  readonly kind = 'instances';
  readonly ownsMigrations = false;

  constructor(
    private readonly settings: DeploySettings,
    private readonly docker: DockerSettings,
  ) {}

  containerName(colour: string): string {
    return `zdd-${this.settings.environment.name}-${colour}`;
  }

  image(release: string): string {
    return this.docker.image.split('{release}').join(release);
  }

  private client(index: number): string[] {
    const host = this.docker.nodes[index]?.dockerHost;
    return [...this.docker.docker, ...(host ? ['-H', host] : [])];
  }

  private hostPort(side: SideOfSwitch): number {
    return this.docker.hostPorts[side.colour];
  }

  baseUrl(index: number, side: SideOfSwitch): string {
    return `http://${this.docker.nodes[index]?.address}:${this.hostPort(side)}`;
  }

  removeLeftoverArgv(index: number, side: SideOfSwitch): string[] {
    return [...this.client(index), 'rm', '--force', this.containerName(side.colour)];
  }

  runArgv(index: number, side: SideOfSwitch): string[] {
    const name = this.containerName(side.colour);
    const environment = this.settings.environment.name;
    return [
      ...this.client(index),
      'run',
      '--detach',
      '--name',
      name,
      '--restart',
      'unless-stopped',
      '--publish',
      `${this.hostPort(side)}:${this.docker.containerPort}`,
      ...colourVariables(this.docker.envNames, side).flatMap(([key, value]) => ['--env', `${key}=${value}`]),
      '--label',
      `magento-zdd.environment=${environment}`,
      '--label',
      `magento-zdd.colour=${side.colour}`,
      '--label',
      `magento-zdd.release=${side.release}`,
      ...this.docker.runArgs,
      this.image(side.release),
    ];
  }

  stopArgv(index: number, side: SideOfSwitch): string[] {
    return [...this.client(index), 'stop', '--time', String(this.docker.stopTimeoutSeconds), this.containerName(side.colour)];
  }

  removeArgv(index: number, side: SideOfSwitch): string[] {
    return [...this.client(index), 'rm', this.containerName(side.colour)];
  }

  loadBalancerArgv(action: 'enlist' | 'drain', index: number, side: SideOfSwitch): string[] {
    const node = this.docker.nodes[index];
    return fillArgv(this.docker.loadBalancer[action], { node: node?.name ?? '', address: node?.address ?? '', port: String(this.hostPort(side)), colour: side.colour, release: side.release, container: this.containerName(side.colour) }, `environments.${this.settings.environment.name}.deploy.docker.loadBalancer.${action}`);
  }

  private operations(context: DriverRunContext): InstanceOperations {
    const run = (argv: string[], what: string, allowFailure = false) => runDriverCommand(argv, { what, cwd: this.settings.root, env: context.env, timeoutMs: DOCKER_TIMEOUT_MS, onOutput: context.onOutput, allowFailure });
    const health = this.settings.health;
    return {
      nodes: this.docker.nodes.length,
      journalDetail: (index, side) => ({ node: this.docker.nodes[index]?.name ?? '', colour: side.colour }),
      describe: (index, side) => `instance on ${this.docker.nodes[index]?.name} (release ${side.release})`,
      start: async (index, side) => {
        // A leftover of a killed run would hold the name and the port; "no such container" is fine.
        await run(this.removeLeftoverArgv(index, side), `remove a leftover ${side.colour} container on ${this.docker.nodes[index]?.name}`, true);
        await run(this.runArgv(index, side), `start the ${side.colour} container on ${this.docker.nodes[index]?.name}`);
      },
      waitHealthy: async (index, side) => {
        const base = this.baseUrl(index, side);
        const result = await waitUntilHealthy({ healthUrl: `${base}${health.path}`, pageUrl: `${base}${health.page}`, timeoutMs: health.timeoutMs, intervalMs: health.intervalMs });
        return { problem: result.healthy ? undefined : (result.lastProblem ?? 'no answer'), waitedMs: result.waitedMs };
      },
      enlist: async (index, side) => {
        await run(this.loadBalancerArgv('enlist', index, side), `enlist the ${side.colour} container of ${this.docker.nodes[index]?.name} in the load balancer`);
      },
      drain: async (index, side) => {
        await run(this.loadBalancerArgv('drain', index, side), `take the ${side.colour} container of ${this.docker.nodes[index]?.name} out of the load balancer`);
      },
      stop: async (index, side) => {
        await run(this.stopArgv(index, side), `stop the ${side.colour} container on ${this.docker.nodes[index]?.name}`);
        await run(this.removeArgv(index, side), `remove the ${side.colour} container on ${this.docker.nodes[index]?.name}`);
      },
    };
  }

  roll(context: DriverRunContext): Promise<RollResult> {
    return rollingSwitch(this.operations(context), context, this.settings.drainMs);
  }

  planRoll(context: DriverPlanContext): PlannedStep[] {
    const { from, to } = context;
    const health = this.settings.health;
    return this.docker.nodes.flatMap((node, index): PlannedStep[] => {
      const base = this.baseUrl(index, to);
      const step = `node-${index + 1}`;
      return [
        { step, description: `on ${node.name}: remove a leftover ${this.containerName(to.colour)} of a killed run (a missing one is fine)`, argv: this.removeLeftoverArgv(index, to) },
        { step, description: `on ${node.name}: run the ${to.colour} container (${this.image(to.release)}, cache DBs ${to.cacheDatabases.join('/')}) on port ${this.hostPort(to)}, then wait until healthy (timeout ${health.timeoutMs} ms)`, argv: this.runArgv(index, to), urls: [`${base}${health.path}`, `${base}${health.page}`] },
        { step, description: `enlist ${node.name}:${this.hostPort(to)} in the load balancer`, argv: this.loadBalancerArgv('enlist', index, to) },
        ...(from
          ? [
              { step, description: `take ${node.name}:${this.hostPort(from)} (${from.colour}) out of the load balancer, then wait ${this.settings.drainMs} ms`, argv: this.loadBalancerArgv('drain', index, from) },
              { step, description: `stop the ${from.colour} container on ${node.name}`, argv: this.stopArgv(index, from) },
              { step, description: `remove it`, argv: this.removeArgv(index, from) },
            ]
          : []),
      ];
    });
  }
}
