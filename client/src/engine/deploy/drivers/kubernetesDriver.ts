// Engine room (pure Node, no vscode): the `kubernetes` driver, through kubectl (argv, with the
// environment's --kubeconfig/--context/--namespace). One strategic-merge patch of the Deployment sets
// the new image AND the colour's cache DB pair (env vars of the Magento container) with a RollingUpdate
// of maxSurge 1 / maxUnavailable 0, so Kubernetes itself starts one new pod, waits for its readiness
// probe, then retires one old pod. The Deployment's status is polled (`kubectl get -o json`: one short
// request per poll, nothing to reconnect) and each change is journaled; a failed rollout
// (ProgressDeadlineExceeded), a timeout or a cancel runs `kubectl rollout undo`. Migrations run before
// the patch: a Job made from the Deployment's own pod template with the new image (default), or
// `kubectl exec` into a running pod.
import type { PlannedStep } from '../deployPipeline';
import type { DeploySettings } from '../deploySettings';
import { DeployError } from '../deployError';
import type { SideOfSwitch } from '../rollingSwitch';
import { colourVariables, type DeployDriver, type DriverPlanContext, type DriverRunContext, type RollResult } from './deployDriver';
import type { KubernetesSettings } from './driverSettings';
import { runDriverCommand } from './driverCommand';
import { followStatus, type Observation } from './statusFollower';

const KUBECTL_TIMEOUT_MS = 60_000;
const REQUEST_TIMEOUT = '--request-timeout=20s';
export const RELEASE_ANNOTATION = 'magento-zdd/release';
export const COLOUR_ANNOTATION = 'magento-zdd/colour';

interface Container {
  name: string;
  image?: string;
  readinessProbe?: unknown;
  [key: string]: unknown;
}

export interface DeploymentObject {
  metadata?: { name?: string; generation?: number; annotations?: Record<string, string> };
  spec?: { replicas?: number; template?: { metadata?: Record<string, unknown>; spec?: { containers?: Container[]; [key: string]: unknown } } };
  status?: { observedGeneration?: number; replicas?: number; updatedReplicas?: number; readyReplicas?: number; availableReplicas?: number; unavailableReplicas?: number; conditions?: Array<{ type?: string; status?: string; reason?: string; message?: string }> };
}

interface JobObject {
  status?: { succeeded?: number; failed?: number; active?: number; conditions?: Array<{ type?: string; status?: string; reason?: string; message?: string }> };
}

/** What kubectl's own rollout status reports, as one short line; done when every replica is new and available. */
export function observeDeployment(deployment: DeploymentObject): Observation {
  const wanted = deployment.spec?.replicas ?? 1;
  const status = deployment.status ?? {};
  const updated = status.updatedReplicas ?? 0;
  const available = status.availableReplicas ?? 0;
  const total = status.replicas ?? 0;
  const detail = { wanted, updated, available, total };
  if ((deployment.metadata?.generation ?? 0) > (status.observedGeneration ?? 0)) return { outcome: 'progressing', text: 'waiting for the controller to see the new pod template', detail };
  const deadline = status.conditions?.find((condition) => condition.type === 'Progressing' && condition.reason === 'ProgressDeadlineExceeded');
  if (deadline) return { outcome: 'failed', text: `progress deadline exceeded: ${deadline.message ?? 'no new pod became ready in time'}`, detail };
  const old = Math.max(0, total - updated);
  const text = `${updated}/${wanted} updated, ${available} available${old > 0 ? `, ${old} old` : ''}`;
  const done = updated >= wanted && total <= updated && available >= updated;
  return { outcome: done ? 'done' : 'progressing', text, detail };
}

/** The pod-template patch: image, the colour's variables and the rolling strategy, nothing else. */
export function buildPodTemplatePatch(kubernetes: KubernetesSettings, side: SideOfSwitch, image: string): Record<string, unknown> {
  return {
    spec: {
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      template: {
        metadata: { annotations: { [RELEASE_ANNOTATION]: side.release, [COLOUR_ANNOTATION]: side.colour } },
        spec: { containers: [{ name: kubernetes.container, image, env: colourVariables(kubernetes.envNames, side).map(([name, value]) => ({ name, value })) }] },
      },
    },
  };
}

/** A DNS-1123 name: <deployment>-migrate-<release>, at most 63 characters. */
export function migrationJobName(deployment: string, release: string): string {
  const suffix = release.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
  const name = `${deployment.slice(0, 63 - '-migrate-'.length - suffix.length)}-migrate-${suffix}`;
  return name.slice(0, 63).replace(/^-+|-+$/g, '');
}

/**
 * The migration Job: the Deployment's pod spec (volumes, secrets, env, service account: what the pods
 * use to reach the database), its Magento container alone with the new image running the migrate
 * command, without probes or ports. Its pods carry none of the Deployment's labels, so no Service
 * sends them traffic and no ReplicaSet counts them.
 */
export function buildMigrationJob(kubernetes: KubernetesSettings, deployment: DeploymentObject, release: string, image: string): Record<string, unknown> {
  const podSpec = deployment.spec?.template?.spec ?? {};
  const container = podSpec.containers?.find((candidate) => candidate.name === kubernetes.container);
  if (!container) throw new DeployError('not-configured', `deployment ${kubernetes.deployment} has no container "${kubernetes.container}" (it has ${(podSpec.containers ?? []).map((candidate) => candidate.name).join(', ') || 'none'}); set environments.<env>.deploy.kubernetes.container.`);
  const { readinessProbe: _readiness, livenessProbe: _liveness, startupProbe: _startup, ports: _ports, lifecycle: _lifecycle, args: _args, ...kept } = container;
  const name = migrationJobName(kubernetes.deployment, release);
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, labels: { 'app.kubernetes.io/managed-by': 'magento-zdd', [RELEASE_ANNOTATION]: release.toLowerCase().replace(/[^a-z0-9-]+/g, '-') } },
    spec: {
      backoffLimit: 0,
      activeDeadlineSeconds: Math.ceil(kubernetes.migrate.timeoutMs / 1000),
      ttlSecondsAfterFinished: 86_400,
      template: {
        metadata: { labels: { 'magento-zdd/migration': name } },
        spec: { ...podSpec, restartPolicy: 'Never', containers: [{ ...kept, image, command: kubernetes.migrate.command }] },
      },
    },
  };
}

export class KubernetesDriver implements DeployDriver {
  readonly name = 'kubernetes';
  readonly kind = 'rollout';
  readonly ownsMigrations: boolean;

  constructor(
    private readonly settings: DeploySettings,
    private readonly kubernetes: KubernetesSettings,
  ) {
    this.ownsMigrations = kubernetes.migrate.mode !== 'none';
  }

  kubectl(...args: string[]): string[] {
    const { kubectl, kubeconfig, context, namespace } = this.kubernetes;
    return [...kubectl, ...(kubeconfig ? ['--kubeconfig', kubeconfig] : []), ...(context ? ['--context', context] : []), ...(namespace ? ['--namespace', namespace] : []), ...args];
  }

  image(release: string): string {
    return this.kubernetes.image.split('{release}').join(release);
  }

  getDeploymentArgv(): string[] {
    return this.kubectl('get', 'deployment', this.kubernetes.deployment, '--output', 'json', REQUEST_TIMEOUT);
  }

  patchArgv(side: SideOfSwitch): string[] {
    return this.kubectl('patch', 'deployment', this.kubernetes.deployment, '--type', 'strategic', '--patch', JSON.stringify(buildPodTemplatePatch(this.kubernetes, side, this.image(side.release))));
  }

  undoArgv(): string[] {
    return this.kubectl('rollout', 'undo', `deployment/${this.kubernetes.deployment}`);
  }

  createJobArgv(): string[] {
    // --validate=false: the manifest is the cluster's own pod template with a few keys changed, and the
    // API server validates the Job anyway; client-side validation would first download the cluster's
    // whole OpenAPI document on every deploy.
    return this.kubectl('create', '--filename', '-', '--validate=false', '--output', 'name');
  }

  /** A resumed run reuses its release id, so its Job name: the Job of the failed attempt goes first. */
  deleteJobArgv(name: string): string[] {
    return this.kubectl('delete', 'job', name, '--ignore-not-found', '--wait=true', REQUEST_TIMEOUT);
  }

  getJobArgv(name: string): string[] {
    return this.kubectl('get', 'job', name, '--output', 'json', REQUEST_TIMEOUT);
  }

  jobLogsArgv(name: string): string[] {
    return this.kubectl('logs', `job/${name}`, '--container', this.kubernetes.container, '--tail', '200');
  }

  execArgv(): string[] {
    return this.kubectl('exec', `deployment/${this.kubernetes.deployment}`, '--container', this.kubernetes.container, '--', ...this.kubernetes.migrate.command);
  }

  private run(argv: string[], what: string, context: Pick<DriverRunContext, 'env'>, extra: { input?: string; timeoutMs?: number; onOutput?: (text: string) => void } = {}) {
    return runDriverCommand(argv, { what, cwd: this.settings.root, env: context.env, timeoutMs: extra.timeoutMs ?? KUBECTL_TIMEOUT_MS, input: extra.input, onOutput: extra.onOutput });
  }

  async readDeployment(context: Pick<DriverRunContext, 'env'>): Promise<DeploymentObject> {
    const result = await this.run(this.getDeploymentArgv(), `read deployment ${this.kubernetes.deployment}`, context);
    try {
      return JSON.parse(result.stdout) as DeploymentObject;
    } catch {
      throw new DeployError('driver-failed', `kubectl get deployment ${this.kubernetes.deployment} did not print JSON: ${result.stdout.slice(0, 200)}`);
    }
  }

  /** Without a readiness probe, Kubernetes counts a pod as available before Magento answers: no zero-downtime claim is possible. */
  private checkTemplate(deployment: DeploymentObject): void {
    const containers = deployment.spec?.template?.spec?.containers ?? [];
    const container = containers.find((candidate) => candidate.name === this.kubernetes.container);
    if (!container) throw new DeployError('not-configured', `deployment ${this.kubernetes.deployment} has no container "${this.kubernetes.container}" (it has ${containers.map((candidate) => candidate.name).join(', ') || 'none'}); set environments.${this.settings.environment.name}.deploy.kubernetes.container.`);
    if (!container.readinessProbe) throw new DeployError('not-configured', `container "${this.kubernetes.container}" of deployment ${this.kubernetes.deployment} has no readinessProbe: Kubernetes would send traffic to a new pod before Magento answers. Add one (an httpGet of ${this.settings.health.path}) and deploy again.`);
  }

  async migrate(context: DriverRunContext): Promise<{ summary: string }> {
    if (this.kubernetes.migrate.mode === 'exec') {
      await this.run(this.execArgv(), `run the migrations in a running pod of ${this.kubernetes.deployment}`, context, { timeoutMs: this.kubernetes.migrate.timeoutMs, onOutput: context.onOutput });
      return { summary: `migrations ran with kubectl exec in deployment/${this.kubernetes.deployment}` };
    }
    const deployment = await this.readDeployment(context);
    const job = buildMigrationJob(this.kubernetes, deployment, context.release, this.image(context.release));
    const name = String((job.metadata as { name: string }).name);
    await this.run(this.deleteJobArgv(name), `remove an earlier migration job ${name}`, context);
    await this.run(this.createJobArgv(), `create the migration job ${name}`, context, { input: JSON.stringify(job) });
    const followed = await followStatus({
      intervalMs: this.kubernetes.pollMs,
      timeoutMs: this.kubernetes.migrate.timeoutMs,
      poll: async () => {
        const result = await this.run(this.getJobArgv(name), `read job ${name}`, context);
        const status = (JSON.parse(result.stdout) as JobObject).status ?? {};
        const failed = status.conditions?.find((condition) => condition.type === 'Failed' && condition.status === 'True');
        if ((status.succeeded ?? 0) > 0) return { outcome: 'done', text: 'succeeded' };
        if (failed || (status.failed ?? 0) > 0) return { outcome: 'failed', text: `failed${failed?.reason ? ` (${failed.reason})` : ''}` };
        return { outcome: 'progressing', text: (status.active ?? 0) > 0 ? 'running' : 'pending' };
      },
      onChange: (observation) => context.record('migrate-job', observation.outcome === 'progressing' ? 'started' : observation.outcome === 'done' ? 'succeeded' : 'failed', { job: name, observed: observation.text }),
    });
    const logs = await runDriverCommand(this.jobLogsArgv(name), { what: `read the logs of job ${name}`, cwd: this.settings.root, env: context.env, timeoutMs: KUBECTL_TIMEOUT_MS, allowFailure: true });
    if (logs.stdout) context.onOutput?.(logs.stdout);
    if (followed.outcome !== 'done') {
      const why = followed.outcome === 'timeout' ? `did not finish within ${Math.round(this.kubernetes.migrate.timeoutMs / 1000)} s` : followed.outcome === 'unreachable' ? `could not be followed (${followed.error})` : (followed.last?.text ?? followed.outcome);
      throw new DeployError('migration-failed', `the migration job ${name} ${why}${logs.stdout.trim() ? `; its last output: ${logs.stdout.trim().slice(-400)}` : ''}. The Deployment was not touched: the live pods keep serving.`);
    }
    return { summary: `migration job ${name} succeeded` };
  }

  planMigrate(context: DriverPlanContext): PlannedStep[] {
    if (this.kubernetes.migrate.mode === 'exec') return [{ step: 'migrate', description: `kubectl exec into a running pod of ${this.kubernetes.deployment} (its files are the live release's)`, argv: this.execArgv() }];
    const name = migrationJobName(this.kubernetes.deployment, context.release);
    return [
      { step: 'migrate', description: `read the pod template of ${this.kubernetes.deployment}`, argv: this.getDeploymentArgv() },
      { step: 'migrate', description: `remove job ${name} of an earlier attempt of this release, if any`, argv: this.deleteJobArgv(name) },
      { step: 'migrate', description: `create job ${name} (manifest on stdin: that pod template, container ${this.kubernetes.container} alone with image ${this.image(context.release)} running ${JSON.stringify(this.kubernetes.migrate.command)}, no probes, no Service labels)`, argv: this.createJobArgv() },
      { step: 'migrate', description: `poll every ${this.kubernetes.pollMs} ms until it succeeds or fails (at most ${this.kubernetes.migrate.timeoutMs} ms)`, argv: this.getJobArgv(name) },
      { step: 'migrate', description: 'show its output', argv: this.jobLogsArgv(name) },
    ];
  }

  async roll(context: DriverRunContext): Promise<RollResult> {
    const before = await this.readDeployment(context);
    this.checkTemplate(before);
    context.record('rollout', 'started', { deployment: this.kubernetes.deployment, image: this.image(context.to.release), colour: context.to.colour });
    const since = Date.now();
    await this.run(this.patchArgv(context.to), `patch deployment ${this.kubernetes.deployment}`, context);
    const followed = await this.follow(context, 'rollout');
    if (followed.outcome === 'done') {
      context.record('rollout', 'succeeded', { observed: followed.last?.text ?? '' }, since);
      return { healthWaitMs: followed.waitedMs, drainMs: 0 };
    }
    const why = describeFailure(followed, this.kubernetes.timeoutMs);
    context.record('rollout', followed.outcome === 'cancelled' ? 'cancelled' : 'failed', { error: why }, since);
    const undoSince = Date.now();
    context.record('rollout-undo', 'started', { deployment: this.kubernetes.deployment });
    try {
      await this.run(this.undoArgv(), `undo the rollout of ${this.kubernetes.deployment}`, context);
      const undone = await this.follow({ ...context, signal: undefined }, 'rollout-undo');
      context.record('rollout-undo', undone.outcome === 'done' ? 'succeeded' : 'failed', { observed: undone.last?.text ?? '', ...(undone.outcome !== 'done' ? { error: describeFailure(undone, this.kubernetes.timeoutMs) } : {}) }, undoSince);
    } catch (error) {
      context.record('rollout-undo', 'failed', { error: (error as Error).message }, undoSince);
      throw new DeployError('driver-failed', `the rollout of ${this.kubernetes.deployment} ${why}, and "kubectl rollout undo" failed too: ${(error as Error).message}. Check the Deployment now (kubectl rollout history deployment/${this.kubernetes.deployment}).`);
    }
    if (followed.outcome === 'cancelled') throw new DeployError('cancelled', `the deploy was cancelled during the rollout of ${this.kubernetes.deployment}; it was undone: the ${context.from?.colour ?? 'previous'} pods serve.`);
    throw new DeployError('unhealthy', `the rollout of ${this.kubernetes.deployment} ${why}; it was undone with kubectl rollout undo: the ${context.from?.colour ?? 'previous'} pods serve.`);
  }

  private follow(context: DriverRunContext, step: string) {
    return followStatus({
      intervalMs: this.kubernetes.pollMs,
      timeoutMs: this.kubernetes.timeoutMs,
      signal: context.signal,
      poll: async () => observeDeployment(await this.readDeployment(context)),
      onChange: (observation, index) => context.record(`${step}-${index}`, observation.outcome === 'failed' ? 'failed' : 'succeeded', { observed: observation.text, ...(observation.detail ?? {}) }),
    });
  }

  planRoll(context: DriverPlanContext): PlannedStep[] {
    const { to } = context;
    return [
      { step: 'rollout', description: `read ${this.kubernetes.deployment}: container ${this.kubernetes.container} must exist and have a readinessProbe`, argv: this.getDeploymentArgv() },
      { step: 'rollout', description: `one pod-template patch: image ${this.image(to.release)}, ${colourVariables(this.kubernetes.envNames, to).map(([name, value]) => `${name}=${value}`).join(', ')}, RollingUpdate maxSurge 1 / maxUnavailable 0`, argv: this.patchArgv(to) },
      { step: 'rollout', description: `poll every ${this.kubernetes.pollMs} ms until every replica is updated and available (at most ${this.kubernetes.timeoutMs} ms); each change is journaled`, argv: this.getDeploymentArgv() },
      { step: 'rollout-undo', description: 'only on ProgressDeadlineExceeded, a timeout or a cancel', argv: this.undoArgv() },
    ];
  }
}

function describeFailure(followed: { outcome: string; last: Observation | undefined; error?: string }, timeoutMs: number): string {
  switch (followed.outcome) {
    case 'timeout':
      return `did not finish within ${Math.round(timeoutMs / 1000)} s (last seen: ${followed.last?.text ?? 'nothing'})`;
    case 'unreachable':
      return `could not be followed: ${followed.error}`;
    case 'cancelled':
      return 'was cancelled';
    default:
      return `failed: ${followed.last?.text ?? 'unknown'}`;
  }
}
