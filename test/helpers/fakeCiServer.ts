// Test helper: one loopback HTTP server that answers the request and status shapes of the three CI
// APIs the webhook trigger uses: GitLab (trigger/pipeline + pipelines/:id), GitHub Actions
// (workflow dispatches + runs) and Jenkins (buildWithParameters + queue item + build). Each status
// GET returns the next entry of a scripted sequence; every request is recorded for the assertions.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { whenBodyRead } from './requestBody';

export interface CiRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export const TOKENS = { gitlabTrigger: 'glptt-5e1f0c9a7b3d2e4f', gitlabRead: 'glpat-Xq9v7TtR2wLm8nB3', github: 'ghp_R4nd0mT0k3nV4lu3Ab', jenkinsUser: 'deployer', jenkins: '11a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7' };

export class FakeCiServer {
  readonly requests: CiRequest[] = [];
  gitlabStatuses: string[] = ['pending', 'running', 'running', 'success'];
  githubRuns: Array<{ status: string; conclusion: string | null }> = [
    { status: 'queued', conclusion: null },
    { status: 'in_progress', conclusion: null },
    { status: 'completed', conclusion: 'success' },
  ];
  /** GitHub before return_run_details: 204 and the run only in the list (after `githubListDelay` list reads). */
  githubAnswers204 = false;
  githubListDelay = 1;
  jenkinsQueue: Array<'waiting' | 'started' | 'cancelled'> = ['waiting', 'started'];
  jenkinsBuilds: Array<{ building: boolean; result: string | null }> = [
    { building: true, result: null },
    { building: false, result: 'SUCCESS' },
  ];
  /** Jenkins with a misconfigured root URL hands out a Location on another host. */
  jenkinsLocation: string | undefined;
  private listReads = 0;

  private constructor(private readonly server: Server) {}

  static async start(): Promise<FakeCiServer> {
    const server = createServer();
    const ci = new FakeCiServer(server);
    server.on('request', (request, response) => ci.handle(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return ci;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    whenBodyRead(request, (body) => {
      const url = new URL(request.url ?? '/', this.url);
      this.requests.push({ method: request.method ?? '', path: url.pathname + url.search, headers: request.headers, body });
      this.route(request, url, body, response);
    });
  }

  private json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(body === undefined ? '' : JSON.stringify(body));
  }

  private route(request: IncomingMessage, url: URL, body: string, response: ServerResponse): void {
    const path = url.pathname;
    const method = request.method;
    // GitLab
    if (method === 'POST' && path === '/api/v4/projects/shop%2Fmagento/trigger/pipeline') {
      const form = new URLSearchParams(body);
      if (form.get('token') !== TOKENS.gitlabTrigger) return this.json(response, 404, { message: '404 Not Found' });
      return this.json(response, 201, { id: 4711, iid: 12, project_id: 42, status: 'created', ref: form.get('ref'), web_url: `${this.url}/shop/magento/-/pipelines/4711` });
    }
    if (method === 'GET' && path === '/api/v4/projects/shop%2Fmagento/pipelines/4711') {
      if (request.headers['private-token'] !== TOKENS.gitlabRead) return this.json(response, 401, { message: '401 Unauthorized' });
      const status = this.gitlabStatuses.length > 1 ? this.gitlabStatuses.shift() : this.gitlabStatuses[0];
      return this.json(response, 200, { id: 4711, status, web_url: `${this.url}/shop/magento/-/pipelines/4711` });
    }
    // GitHub
    const bearer = request.headers.authorization === `Bearer ${TOKENS.github}`;
    if (path.startsWith('/repos/') && !bearer) return this.json(response, 401, { message: 'Bad credentials' });
    if (method === 'POST' && path === '/repos/acme/shop/actions/workflows/deploy.yml/dispatches') {
      if (this.githubAnswers204) {
        response.writeHead(204);
        response.end();
        return;
      }
      return this.json(response, 200, { workflow_run_id: 9001, run_url: `${this.url}/repos/acme/shop/actions/runs/9001`, html_url: `${this.url}/acme/shop/actions/runs/9001` });
    }
    if (method === 'GET' && path === '/repos/acme/shop/actions/workflows/deploy.yml/runs') {
      this.listReads += 1;
      const old = { id: 8000, created_at: new Date(Date.now() - 3_600_000).toISOString(), html_url: `${this.url}/acme/shop/actions/runs/8000` };
      const ours = { id: 9001, created_at: new Date().toISOString(), html_url: `${this.url}/acme/shop/actions/runs/9001` };
      const runs = this.listReads > this.githubListDelay ? [ours, old] : [old];
      return this.json(response, 200, { total_count: runs.length, workflow_runs: runs });
    }
    if (method === 'GET' && path === '/repos/acme/shop/actions/runs/9001') {
      const run = this.githubRuns.length > 1 ? this.githubRuns.shift() : this.githubRuns[0];
      return this.json(response, 200, { id: 9001, ...run, html_url: `${this.url}/acme/shop/actions/runs/9001` });
    }
    // Jenkins
    const basic = request.headers.authorization === `Basic ${Buffer.from(`${TOKENS.jenkinsUser}:${TOKENS.jenkins}`).toString('base64')}`;
    if ((path.startsWith('/job/') || path.startsWith('/queue/')) && !basic) return this.json(response, 401, undefined);
    if (method === 'POST' && path === '/job/deploy/job/production/buildWithParameters') {
      response.writeHead(201, { location: this.jenkinsLocation ?? `${this.url}/queue/item/77/` });
      response.end();
      return;
    }
    if (method === 'GET' && path === '/queue/item/77/api/json') {
      const state = this.jenkinsQueue.length > 1 ? this.jenkinsQueue.shift() : this.jenkinsQueue[0];
      if (state === 'cancelled') return this.json(response, 200, { _class: 'hudson.model.Queue$CancelledItem', id: 77, cancelled: true });
      if (state === 'waiting') return this.json(response, 200, { _class: 'hudson.model.Queue$WaitingItem', id: 77, why: 'Waiting for next available executor', executable: null });
      return this.json(response, 200, { _class: 'hudson.model.Queue$LeftItem', id: 77, executable: { _class: 'hudson.model.FreeStyleBuild', number: 5, url: `${this.url}/job/deploy/job/production/5/` } });
    }
    if (method === 'GET' && path === '/job/deploy/job/production/5/api/json') {
      const build = this.jenkinsBuilds.length > 1 ? this.jenkinsBuilds.shift() : this.jenkinsBuilds[0];
      return this.json(response, 200, { _class: 'hudson.model.FreeStyleBuild', number: 5, ...build, url: `${this.url}/job/deploy/job/production/5/` });
    }
    return this.json(response, 404, { message: `no route ${method} ${path}` });
  }
}
