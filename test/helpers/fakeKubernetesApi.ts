// Test helper: a loopback HTTP server that speaks the few Kubernetes API shapes kubectl needs for the
// kubernetes driver (legacy discovery, one Deployment with its ReplicaSets, Jobs), so the real kubectl
// client runs against it. After a PATCH of the pod template, each GET of the Deployment returns the
// next status of a scripted rollout, the way the controller would move it. Not a cluster: the
// rollout logic itself is Kubernetes'; this only serves its status shapes.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { whenBodyRead } from './requestBody';

export interface StatusStep {
  updated: number;
  available: number;
  total: number;
  deadlineExceeded?: boolean;
}

export interface RecordedRequest {
  method: string;
  path: string;
  contentType: string | undefined;
  body: string;
}

const UID = '6d1c5f0e-4b8a-4c57-9d7e-1f2a3b4c5d6e';

export class FakeKubernetesApi {
  readonly requests: RecordedRequest[] = [];
  private generation = 1;
  private patched = false;
  private observed = 1;
  private revision = 1;
  private script: StatusStep[] = [];
  private status: StatusStep;
  private template: Record<string, unknown>;
  private previousTemplate: Record<string, unknown> | undefined;
  /** Statuses after a `rollout undo`. */
  undoScript: StatusStep[] = [];
  /** Job statuses, one per GET, after a Job is created. */
  jobScript: Array<{ active?: number; succeeded?: number; failed?: number }> = [];
  /** What `kubectl logs job/...` prints. */
  jobLog = '';
  private jobs = new Map<string, { body: unknown; step: number }>();

  private constructor(
    private readonly server: Server,
    readonly replicas: number,
  ) {
    this.status = { updated: replicas, available: replicas, total: replicas };
    this.template = { metadata: { labels: { app: 'magento' } }, spec: { containers: [{ name: 'php', image: 'registry.example.com/shop:old', readinessProbe: { httpGet: { path: '/health_check.php', port: 8080 } } }] } };
  }

  static async start(replicas = 3): Promise<FakeKubernetesApi> {
    const server = createServer();
    const api = new FakeKubernetesApi(server, replicas);
    server.on('request', (request, response) => api.handle(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return api;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The statuses the next pod-template patch walks through, one per GET. */
  scriptRollout(steps: StatusStep[]): void {
    this.script = [...steps];
  }

  /** A kubeconfig file for kubectl, pointing at this server. */
  writeKubeconfig(dir: string): string {
    const file = join(dir, 'kubeconfig');
    writeFileSync(
      file,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'fake', cluster: { server: this.url } }],
        users: [{ name: 'deployer', user: { token: 'fake-token' } }],
        contexts: [{ name: 'fake-context', context: { cluster: 'fake', user: 'deployer', namespace: 'default' } }],
        'current-context': 'fake-context',
      }),
    );
    return file;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private deployment(): Record<string, unknown> {
    const { updated, available, total, deadlineExceeded } = this.status;
    return {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'magento', namespace: 'shop', uid: UID, generation: this.generation, resourceVersion: String(100 + this.generation), annotations: { 'deployment.kubernetes.io/revision': String(this.revision) }, labels: { app: 'magento' } },
      spec: { replicas: this.replicas, selector: { matchLabels: { app: 'magento' } }, template: this.template, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } },
      status: {
        observedGeneration: this.observed,
        replicas: total,
        updatedReplicas: updated,
        readyReplicas: available,
        availableReplicas: available,
        conditions: [deadlineExceeded ? { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet "magento-new" has timed out progressing.' } : { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' }],
      },
    };
  }

  private replicaSet(revision: number, template: Record<string, unknown>): Record<string, unknown> {
    return {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: `magento-r${revision}`, namespace: 'shop', uid: `rs-${revision}`, labels: { app: 'magento', 'pod-template-hash': `h${revision}` }, annotations: { 'deployment.kubernetes.io/revision': String(revision) }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'magento', uid: UID, controller: true }] },
      spec: { replicas: 0, selector: { matchLabels: { app: 'magento', 'pod-template-hash': `h${revision}` } }, template: { ...template, metadata: { labels: { app: 'magento', 'pod-template-hash': `h${revision}` } } } },
      status: { replicas: 0 },
    };
  }

  private send(response: ServerResponse, status: number, body: unknown): void {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  }

  private notFound(response: ServerResponse, what: string): void {
    this.send(response, 404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', message: `${what} not found`, reason: 'NotFound', code: 404 });
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    whenBodyRead(request, (body) => {
      const url = new URL(request.url ?? '/', this.url);
      this.requests.push({ method: request.method ?? '', path: url.pathname + url.search, contentType: request.headers['content-type'], body });
      this.route(request.method ?? 'GET', url, request.headers['content-type'], body, response);
    });
  }

  private route(method: string, url: URL, contentType: string | undefined, body: string, response: ServerResponse): void {
    const path = url.pathname;
    const resource = (name: string, singularName: string, kind: string, shortNames: string[] = []) => ({ name, singularName, namespaced: true, kind, verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'], shortNames });
    if (path === '/api') return this.send(response, 200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:443' }] });
    if (path === '/apis') {
      const group = (name: string) => ({ name, versions: [{ groupVersion: `${name}/v1`, version: 'v1' }], preferredVersion: { groupVersion: `${name}/v1`, version: 'v1' } });
      return this.send(response, 200, { kind: 'APIGroupList', apiVersion: 'v1', groups: [group('apps'), group('batch')] });
    }
    if (path === '/api/v1') return this.send(response, 200, { kind: 'APIResourceList', groupVersion: 'v1', resources: [resource('pods', 'pod', 'Pod', ['po'])] });
    if (path === '/openapi/v2') return this.send(response, 200, { swagger: '2.0', info: { title: 'fake', version: 'v1' }, paths: {}, definitions: {} });
    if (path === '/apis/apps/v1') return this.send(response, 200, { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: 'apps/v1', resources: [resource('deployments', 'deployment', 'Deployment', ['deploy']), resource('replicasets', 'replicaset', 'ReplicaSet', ['rs'])] });
    if (path === '/apis/batch/v1') return this.send(response, 200, { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: 'batch/v1', resources: [resource('jobs', 'job', 'Job')] });
    if (path === '/apis/apps/v1/namespaces/shop/deployments/magento') {
      if (method === 'GET') {
        const answer = this.deployment();
        // The controller moves on between two reads, once a patch gave it something to roll.
        const next = this.patched ? this.script.shift() : undefined;
        if (next) {
          this.observed = this.generation;
          this.status = next;
        }
        return this.send(response, 200, answer);
      }
      if (method === 'PATCH') {
        if (contentType?.includes('strategic-merge-patch')) {
          const patch = JSON.parse(body) as { spec?: { template?: { spec?: { containers?: Array<{ name: string; image?: string }> } } } };
          const image = patch.spec?.template?.spec?.containers?.[0]?.image;
          this.previousTemplate = this.template;
          this.template = { ...this.template, spec: { containers: [{ name: 'php', image, readinessProbe: { httpGet: { path: '/health_check.php', port: 8080 } } }] } };
        } else {
          // `kubectl rollout undo` patches the previous ReplicaSet's template back.
          this.template = this.previousTemplate ?? this.template;
          this.script = [...this.undoScript];
        }
        this.patched = true;
        this.generation += 1;
        this.revision += 1;
        return this.send(response, 200, this.deployment());
      }
    }
    if (path === '/apis/apps/v1/namespaces/shop/replicasets' && method === 'GET') {
      const sets = this.previousTemplate ? [this.replicaSet(this.revision - 1, this.previousTemplate), this.replicaSet(this.revision, this.template)] : [this.replicaSet(this.revision, this.template)];
      return this.send(response, 200, { kind: 'ReplicaSetList', apiVersion: 'apps/v1', metadata: { resourceVersion: '1' }, items: sets });
    }
    if (path === '/apis/batch/v1/namespaces/shop/jobs' && method === 'POST') {
      const job = JSON.parse(body) as { metadata: { name: string } };
      this.jobs.set(job.metadata.name, { body: job, step: 0 });
      return this.send(response, 201, { ...job, metadata: { ...job.metadata, namespace: 'shop', uid: 'job-uid' } });
    }
    const jobMatch = /^\/apis\/batch\/v1\/namespaces\/shop\/jobs\/([^/]+)$/.exec(path);
    if (jobMatch && method === 'GET') {
      const job = this.jobs.get(decodeURIComponent(jobMatch[1] ?? ''));
      if (!job) return this.notFound(response, 'job');
      const status = this.jobScript[Math.min(job.step, this.jobScript.length - 1)] ?? {};
      job.step += 1;
      const body = job.body as { metadata: Record<string, unknown>; spec: Record<string, unknown> };
      return this.send(response, 200, { ...body, metadata: { ...body.metadata, namespace: 'shop', uid: 'job-uid' }, spec: { ...body.spec, selector: { matchLabels: { 'controller-uid': 'job-uid' } } }, status });
    }
    if (path === '/api/v1/namespaces/shop/pods' && method === 'GET') {
      const items = [...this.jobs.keys()].map((name) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `${name}-x7k2p`, namespace: 'shop', labels: { 'controller-uid': 'job-uid', 'job-name': name }, creationTimestamp: '2026-11-28T00:00:00Z' }, spec: { containers: [{ name: 'php', image: 'x' }] }, status: { phase: 'Succeeded' } }));
      return this.send(response, 200, { kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '1' }, items });
    }
    if (/^\/api\/v1\/namespaces\/shop\/pods\/[^/]+\/log$/.test(path) && method === 'GET') {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end(this.jobLog);
      return;
    }
    return this.notFound(response, `${method} ${path}`);
  }

  /** The Job bodies kubectl created. */
  createdJobs(): unknown[] {
    return [...this.jobs.values()].map((job) => job.body);
  }
}
