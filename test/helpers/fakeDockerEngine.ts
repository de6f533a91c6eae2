// Test helper: a Docker Engine stand-in on a unix socket, speaking the few API endpoints the docker
// CLI uses for `run --detach`, `stop` and `rm` (ping, containers/create, start, stop, delete). A
// "container" is an HTTP server on the node's address and the published host port that answers 200
// with the environment it was created with, so the real docker CLI, the driver's health check and the
// load balancer commands all meet something real. No image is pulled and nothing is isolated.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { rmSync } from 'node:fs';
import { whenBodyRead } from './requestBody';

interface FakeContainer {
  id: string;
  name: string;
  env: string[];
  labels: Record<string, string>;
  image: string;
  hostPort: number;
  server: Server | undefined;
  waiting: Array<() => void>;
}

export interface EngineCall {
  method: string;
  path: string;
}

export class FakeDockerEngine {
  readonly calls: EngineCall[] = [];
  readonly containers = new Map<string, FakeContainer>();
  /** Containers of this image answer 500 (a release that does not come up). */
  brokenImage: string | undefined;
  private counter = 0;
  /** Swarm: one replicated service; each inspect after an update returns the next UpdateStatus state. */
  readonly service = { id: 'svc0001', name: 'shop_php', version: 10, spec: { Name: 'shop_php', TaskTemplate: { ContainerSpec: { Image: 'registry.example.com/shop:old', Env: [] as string[] } }, Mode: { Replicated: { Replicas: 3 } } } as Record<string, unknown>, updates: [] as Array<{ query: string; spec: unknown }>, states: [] as string[], state: undefined as string | undefined };
  /** UpdateStatus states after an update (`rollbackStates` after a rollback request). */
  updateStates: string[] = ['updating', 'updating', 'completed'];
  rollbackStates: string[] = ['rollback_started', 'rollback_completed'];

  private constructor(
    private readonly server: Server,
    readonly socket: string,
    readonly address: string,
  ) {}

  static async start(socket: string, address: string): Promise<FakeDockerEngine> {
    const server = createServer();
    const engine = new FakeDockerEngine(server, socket, address);
    server.on('request', (request, response) => engine.handle(request, response));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socket, resolve);
    });
    return engine;
  }

  get host(): string {
    return `unix://${this.socket}`;
  }

  async stop(): Promise<void> {
    for (const container of this.containers.values()) await this.stopContainer(container);
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
    rmSync(this.socket, { force: true });
  }

  running(): string[] {
    return [...this.containers.values()].filter((container) => container.server).map((container) => container.name);
  }

  private send(response: ServerResponse, status: number, body?: unknown): void {
    response.writeHead(status, { 'content-type': 'application/json', 'api-version': '1.45', ostype: 'linux', 'docker-experimental': 'false', swarm: 'active/manager' });
    response.end(body === undefined ? '' : JSON.stringify(body));
  }

  private find(reference: string): FakeContainer | undefined {
    return this.containers.get(reference) ?? [...this.containers.values()].find((container) => container.id === reference || container.id.startsWith(reference));
  }

  private routeService(method: string, url: URL, body: string, action: string | undefined, response: ServerResponse): void {
    const state = () => (this.service.state ? { UpdateStatus: { State: this.service.state, Message: `update ${this.service.state}` } } : {});
    if (method === 'GET' && !action) {
      const answer = { ID: this.service.id, Version: { Index: this.service.version }, Spec: this.service.spec, ...state() };
      const next = this.service.states.shift();
      if (next) this.service.state = next;
      return this.send(response, 200, answer);
    }
    if (method === 'POST' && action === 'update') {
      const query = url.searchParams.toString();
      this.service.updates.push({ query, spec: body ? JSON.parse(body) : undefined });
      if (body && !url.searchParams.get('rollback')) this.service.spec = JSON.parse(body) as Record<string, unknown>;
      this.service.version += 1;
      this.service.states = [...(url.searchParams.get('rollback') ? this.rollbackStates : this.updateStates)];
      this.service.state = this.service.states.shift();
      return this.send(response, 200, { Warnings: [] });
    }
    return this.send(response, 404, { message: `page not found: ${method} ${url.pathname}` });
  }

  private async stopContainer(container: FakeContainer): Promise<void> {
    const server = container.server;
    container.server = undefined;
    container.waiting.splice(0).forEach((answer) => answer());
    if (server) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    whenBodyRead(request, (body) => {
      const url = new URL(request.url ?? '/', 'http://docker');
      this.calls.push({ method: request.method ?? '', path: url.pathname + url.search });
      void this.route(request.method ?? 'GET', url, body, response).catch((error: Error) => this.send(response, 500, { message: error.message }));
    });
  }

  private async route(method: string, url: URL, body: string, response: ServerResponse): Promise<void> {
    const path = url.pathname.replace(/^\/v[\d.]+/, '');
    if (path === '/_ping') return this.send(response, 200);
    const service = /^\/services\/([^/]+)(?:\/(update))?$/.exec(path);
    if (service && (decodeURIComponent(service[1] ?? '') === this.service.name || service[1] === this.service.id)) return this.routeService(method, url, body, service[2], response);
    if (path.startsWith('/distribution/')) return this.send(response, 403, { message: 'no registry here' });
    if (method === 'POST' && path === '/containers/create') {
      const name = url.searchParams.get('name') ?? `fake_${this.counter}`;
      if (this.containers.has(name)) return this.send(response, 409, { message: `Conflict. The container name "/${name}" is already in use` });
      const spec = JSON.parse(body) as { Image: string; Env?: string[]; Labels?: Record<string, string>; HostConfig?: { PortBindings?: Record<string, Array<{ HostPort?: string }>> } };
      const binding = Object.values(spec.HostConfig?.PortBindings ?? {})[0]?.[0]?.HostPort;
      this.counter += 1;
      const id = `${this.counter.toString(16).padStart(12, '0')}${'0'.repeat(52)}`;
      this.containers.set(name, { id, name, env: spec.Env ?? [], labels: spec.Labels ?? {}, image: spec.Image, hostPort: Number(binding), server: undefined, waiting: [] });
      return this.send(response, 201, { Id: id, Warnings: [] });
    }
    const match = /^\/containers\/([^/]+)(?:\/(start|stop|json|wait))?$/.exec(path);
    const container = match ? this.find(decodeURIComponent(match[1] ?? '')) : undefined;
    if (match && !container) return this.send(response, 404, { message: `No such container: ${decodeURIComponent(match[1] ?? '')}` });
    if (container && method === 'POST' && match?.[2] === 'start') {
      const served = createServer((_request, answer) => {
        const broken = container.image === this.brokenImage;
        answer.writeHead(broken ? 500 : 200, { 'content-type': 'text/plain' });
        answer.end(broken ? 'Please upgrade your database' : container.env.join('\n'));
      });
      await new Promise<void>((resolve, reject) => {
        served.once('error', reject);
        served.listen(container.hostPort, this.address, resolve);
      });
      container.server = served;
      return this.send(response, 204);
    }
    if (container && method === 'POST' && match?.[2] === 'wait') {
      // Like the engine: the headers at once (the CLI starts the container only then), the body when it stops.
      response.writeHead(200, { 'content-type': 'application/json', 'api-version': '1.45' });
      response.flushHeaders();
      container.waiting.push(() => response.end(JSON.stringify({ StatusCode: 0 })));
      return;
    }
    if (container && method === 'POST' && match?.[2] === 'stop') {
      await this.stopContainer(container);
      return this.send(response, 204);
    }
    if (container && method === 'GET' && match?.[2] === 'json') return this.send(response, 200, { Id: container.id, Name: `/${container.name}`, State: { Running: Boolean(container.server) }, Config: { Env: container.env, Labels: container.labels, Image: container.image } });
    if (container && method === 'DELETE' && !match?.[2]) {
      if (container.server && url.searchParams.get('force') !== '1' && url.searchParams.get('force') !== 'true') return this.send(response, 409, { message: `cannot remove container "/${container.name}": container is running: stop the container before removing or force remove` });
      await this.stopContainer(container);
      this.containers.delete(container.name);
      return this.send(response, 204);
    }
    return this.send(response, 404, { message: `page not found: ${method} ${path}` });
  }
}
