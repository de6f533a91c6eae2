// Engine room (pure Node, no vscode): the `docker-swarm` driver. One `docker service update` sets the
// image and the colour's cache DB pair (--env-add) with start-first ordering, one task at a time and an
// automatic rollback on failure, detached; the service's UpdateStatus is then polled (`docker service
// inspect`) and each change journaled. A timeout or a cancel runs `docker service rollback`.
import type { PlannedStep } from '../deployPipeline';
import type { DeploySettings } from '../deploySettings';
import { DeployError } from '../deployError';
import type { SideOfSwitch } from '../rollingSwitch';
import { colourVariables, type DeployDriver, type DriverPlanContext, type DriverRunContext, type RollResult } from './deployDriver';
import type { SwarmSettings } from './driverSettings';
import { runDriverCommand } from './driverCommand';
import { followStatus, type Observation } from './statusFollower';

const DOCKER_TIMEOUT_MS = 120_000;

interface ServiceObject {
  Spec?: { Mode?: { Replicated?: { Replicas?: number } } };
  UpdateStatus?: { State?: string; Message?: string };
}

/** Swarm's UpdateStatus.State: updating, paused, completed, rollback_started, rollback_paused, rollback_completed. */
export function observeService(service: ServiceObject): Observation {
  const state = service.UpdateStatus?.State;
  const message = service.UpdateStatus?.Message ?? '';
  const text = `${state ?? 'no update status yet'}${message ? `: ${message}` : ''}`;
  const detail = { state: state ?? 'none', replicas: service.Spec?.Mode?.Replicated?.Replicas ?? 0 };
  if (state === 'completed') return { outcome: 'done', text, detail };
  if (state === 'rollback_completed' || state === 'paused' || state === 'rollback_paused') return { outcome: 'failed', text, detail };
  return { outcome: 'progressing', text, detail };
}

export class DockerSwarmDriver implements DeployDriver {
  readonly name = 'docker-swarm';
  readonly kind = 'rollout';
  readonly ownsMigrations = false;

  constructor(
    private readonly settings: DeploySettings,
    private readonly swarm: SwarmSettings,
  ) {}

  private client(): string[] {
    return [...this.swarm.docker, ...(this.swarm.dockerHost ? ['-H', this.swarm.dockerHost] : [])];
  }

  image(release: string): string {
    return this.swarm.image.split('{release}').join(release);
  }

  updateArgv(side: SideOfSwitch): string[] {
    return [
      ...this.client(),
      'service',
      'update',
      '--image',
      this.image(side.release),
      ...colourVariables(this.swarm.envNames, side).flatMap(([key, value]) => ['--env-add', `${key}=${value}`]),
      '--label-add',
      `magento-zdd.release=${side.release}`,
      '--label-add',
      `magento-zdd.colour=${side.colour}`,
      '--update-order',
      'start-first',
      '--update-parallelism',
      '1',
      '--update-failure-action',
      'rollback',
      '--with-registry-auth',
      '--detach',
      this.swarm.service,
    ];
  }

  inspectArgv(): string[] {
    return [...this.client(), 'service', 'inspect', '--format', '{{json .}}', this.swarm.service];
  }

  rollbackArgv(): string[] {
    return [...this.client(), 'service', 'rollback', '--detach', this.swarm.service];
  }

  private run(argv: string[], what: string, context: DriverRunContext) {
    return runDriverCommand(argv, { what, cwd: this.settings.root, env: context.env, timeoutMs: DOCKER_TIMEOUT_MS });
  }

  private follow(context: DriverRunContext, step: string, signal: AbortSignal | undefined) {
    return followStatus({
      intervalMs: this.swarm.pollMs,
      timeoutMs: this.swarm.timeoutMs,
      signal,
      poll: async () => observeService(JSON.parse((await this.run(this.inspectArgv(), `inspect service ${this.swarm.service}`, context)).stdout) as ServiceObject),
      onChange: (observation, index) => context.record(`${step}-${index}`, observation.outcome === 'failed' ? 'failed' : 'succeeded', { observed: observation.text, ...(observation.detail ?? {}) }),
    });
  }

  async roll(context: DriverRunContext): Promise<RollResult> {
    const since = Date.now();
    context.record('rollout', 'started', { service: this.swarm.service, image: this.image(context.to.release), colour: context.to.colour });
    await this.run(this.updateArgv(context.to), `update service ${this.swarm.service}`, context);
    const followed = await this.follow(context, 'rollout', context.signal);
    if (followed.outcome === 'done') {
      context.record('rollout', 'succeeded', { observed: followed.last?.text ?? '' }, since);
      return { healthWaitMs: followed.waitedMs, drainMs: 0 };
    }
    const why = followed.outcome === 'timeout' ? `did not complete within ${Math.round(this.swarm.timeoutMs / 1000)} s` : followed.outcome === 'unreachable' ? `could not be followed (${followed.error})` : followed.outcome === 'cancelled' ? 'was cancelled' : `failed (${followed.last?.text})`;
    context.record('rollout', followed.outcome === 'cancelled' ? 'cancelled' : 'failed', { error: why }, since);
    // Swarm rolled back on its own when a new task failed; a timeout or a cancel needs asking.
    if (followed.last?.detail?.state !== 'rollback_completed') await this.run(this.rollbackArgv(), `roll back service ${this.swarm.service}`, context);
    if (followed.outcome === 'cancelled') throw new DeployError('cancelled', `the deploy was cancelled during the update of service ${this.swarm.service}; it was rolled back.`);
    throw new DeployError('unhealthy', `the update of service ${this.swarm.service} ${why}; Swarm rolled it back: the previous tasks serve.`);
  }

  planRoll(context: DriverPlanContext): PlannedStep[] {
    return [
      { step: 'rollout', description: `one service update: image ${this.image(context.to.release)}, ${colourVariables(this.swarm.envNames, context.to).map(([name, value]) => `${name}=${value}`).join(', ')}, start-first, one task at a time, rollback on failure`, argv: this.updateArgv(context.to) },
      { step: 'rollout', description: `poll every ${this.swarm.pollMs} ms until UpdateStatus is completed (at most ${this.swarm.timeoutMs} ms); each change is journaled`, argv: this.inspectArgv() },
      { step: 'rollout-undo', description: 'only on a timeout or a cancel (Swarm rolls back a failed task by itself)', argv: this.rollbackArgv() },
    ];
  }
}
