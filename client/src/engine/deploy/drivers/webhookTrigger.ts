// Engine room (pure Node, no vscode): the `webhook` trigger. After the gates passed here (a CI deploy of
// a release that is not backward compatible is never started), the environment's existing CI pipeline
// is started with the release, the colour and its cache DB pair as variables, and followed until it
// ends; each status change is journaled. GitLab: POST .../trigger/pipeline, then GET .../pipelines/:id
// (a read_api token: a trigger token cannot read pipelines). GitHub: POST .../dispatches with
// return_run_details (a 204 from an older API: the run is found in the workflow's runs), then GET
// .../actions/runs/:id. Jenkins: POST .../buildWithParameters, then the queue item, then the build.
// Requests go to the configured base URL's origin only (a Location or build URL elsewhere is refused);
// tokens come from environment variables and are masked in every message and journal line.
import type { PlannedStep } from '../deployPipeline';
import type { DeploySettings } from '../deploySettings';
import { DeployError } from '../deployError';
import { DEFAULT_ENV_NAMES, type WebhookSettings } from './driverSettings';
import { colourVariables, type DeployDriver, type DriverPlanContext, type DriverRunContext, type RollResult } from './deployDriver';
import { SecretMask } from './secretMask';
import { followStatus, type Observation } from './statusFollower';

const REQUEST_TIMEOUT_MS = 20_000;

interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
}

interface HttpAnswer {
  status: number;
  location: string | undefined;
  json: unknown;
}

/** The pipeline as the CI reports it; `poll` is bounded by the follower. */
interface StartedPipeline {
  url: string | undefined;
  poll: () => Promise<Observation>;
}

export class WebhookTrigger implements DeployDriver {
  readonly name = 'webhook';
  readonly kind = 'trigger';
  readonly ownsMigrations = true;
  private readonly origin: string;

  constructor(
    private readonly settings: DeploySettings,
    private readonly webhook: WebhookSettings,
  ) {
    try {
      this.origin = new URL(webhook.baseUrl).origin;
    } catch {
      throw new DeployError('not-configured', `environments.${settings.environment.name}.deploy.webhook.baseUrl "${webhook.baseUrl}" is not a URL.`);
    }
  }

  /** What the pipeline receives; ours win over configured ones of the same name. */
  variables(context: DriverPlanContext): Record<string, string> {
    return {
      ...this.webhook.variables,
      MAGENTO_ZDD_ENVIRONMENT: this.settings.environment.name,
      MAGENTO_ZDD_MODE: context.mode,
      ...Object.fromEntries(colourVariables(DEFAULT_ENV_NAMES, context.to)),
    };
  }

  private secret(name: string | undefined, env: NodeJS.ProcessEnv, purpose: string): string {
    const value = name ? env[name] : undefined;
    if (!name || !value) throw new DeployError('not-configured', `the ${this.webhook.provider} webhook needs ${purpose} in the environment variable ${name ?? '(not named)'}, which is not set.`);
    if (value.length < 4) throw new DeployError('not-configured', `the environment variable ${name} holds fewer than 4 characters: not a ${this.webhook.provider} token.`);
    return value;
  }

  private projectPath(): string {
    return `${this.webhook.baseUrl}/api/v4/projects/${encodeURIComponent(this.webhook.project ?? '')}`;
  }

  private githubPath(): string {
    return `${this.webhook.baseUrl}/repos/${encodeURIComponent(this.webhook.owner ?? '')}/${encodeURIComponent(this.webhook.repo ?? '')}/actions`;
  }

  private jenkinsJobPath(): string {
    return `${this.webhook.baseUrl}/${(this.webhook.job ?? '')
      .split('/')
      .filter(Boolean)
      .map((part) => `job/${encodeURIComponent(part)}`)
      .join('/')}`;
  }

  /** The start request with the token in place, or MASK in the plan. */
  startRequest(context: DriverPlanContext, token: string, user?: string): HttpRequest {
    const variables = this.variables(context);
    switch (this.webhook.provider) {
      case 'gitlab': {
        const form = new URLSearchParams({ token, ref: this.webhook.ref });
        for (const [key, value] of Object.entries(variables)) form.append(`variables[${key}]`, value);
        return { method: 'POST', url: `${this.projectPath()}/trigger/pipeline`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() };
      }
      case 'github':
        return {
          method: 'POST',
          url: `${this.githubPath()}/workflows/${encodeURIComponent(this.webhook.workflow ?? '')}/dispatches`,
          headers: { accept: 'application/vnd.github+json', authorization: `Bearer ${token}`, 'x-github-api-version': '2022-11-28', 'content-type': 'application/json' },
          body: JSON.stringify({ ref: this.webhook.ref, inputs: variables, return_run_details: true }),
        };
      case 'jenkins':
        return {
          method: 'POST',
          url: `${this.jenkinsJobPath()}/buildWithParameters`,
          headers: { authorization: `Basic ${Buffer.from(`${user ?? ''}:${token}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(variables).toString(),
        };
    }
  }

  private async request(request: HttpRequest, mask: SecretMask): Promise<HttpAnswer> {
    if (new URL(request.url).origin !== this.origin) throw new DeployError('driver-failed', `the ${this.webhook.provider} API pointed to ${mask.mask(request.url)}, outside ${this.origin} (environments.${this.settings.environment.name}.deploy.webhook.baseUrl): refused.`);
    let response: Response;
    try {
      response = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body, redirect: 'manual', signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      throw new DeployError('driver-failed', `${request.method} ${mask.mask(request.url)} failed (${cause ?? (error as Error).name}).`);
    }
    const text = await response.text();
    if (response.status >= 400) throw new DeployError('driver-failed', `${request.method} ${mask.mask(request.url)} answered ${response.status}: ${mask.mask(text.replace(/\s+/g, ' ').slice(0, 300))}`);
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: response.status, location: response.headers.get('location') ?? undefined, json };
  }

  private async start(context: DriverRunContext, mask: SecretMask, token: string): Promise<StartedPipeline> {
    const env = context.env;
    switch (this.webhook.provider) {
      case 'gitlab': {
        const statusToken = this.secret(this.webhook.statusTokenEnv, env, 'a token with read_api to follow the pipeline');
        const started = (await this.request(this.startRequest(context, token), mask)).json as { id?: number; web_url?: string };
        if (typeof started?.id !== 'number') throw new DeployError('driver-failed', 'GitLab accepted the trigger but returned no pipeline id.');
        const url = `${this.projectPath()}/pipelines/${started.id}`;
        return {
          url: started.web_url,
          poll: async () => observeGitlab((await this.request({ method: 'GET', url, headers: { 'private-token': statusToken } }, mask)).json as { status?: string }),
        };
      }
      case 'github': {
        const headers = { accept: 'application/vnd.github+json', authorization: `Bearer ${token}`, 'x-github-api-version': '2022-11-28' };
        const since = Date.now();
        const answer = await this.request(this.startRequest(context, token), mask);
        let runId = (answer.json as { workflow_run_id?: number } | undefined)?.workflow_run_id;
        let htmlUrl = (answer.json as { html_url?: string } | undefined)?.html_url;
        return {
          get url() {
            return htmlUrl;
          },
          poll: async () => {
            if (runId === undefined) {
              // An API without return_run_details answers 204: the run appears in the list a little later.
              const list = `${this.githubPath()}/workflows/${encodeURIComponent(this.webhook.workflow ?? '')}/runs?event=workflow_dispatch&branch=${encodeURIComponent(this.webhook.ref)}&per_page=20`;
              const runs = ((await this.request({ method: 'GET', url: list, headers }, mask)).json as { workflow_runs?: Array<{ id: number; created_at?: string; html_url?: string }> } | undefined)?.workflow_runs ?? [];
              // GitHub's created_at has whole seconds: a run of this dispatch is at most a second older than `since`.
              const ours = runs.filter((run) => Date.parse(run.created_at ?? '') >= since - 1_000).sort((a, b) => Date.parse(a.created_at ?? '') - Date.parse(b.created_at ?? ''))[0];
              if (!ours) return { outcome: 'progressing', text: 'waiting for the workflow run to appear' };
              runId = ours.id;
              htmlUrl = ours.html_url;
            }
            return observeGithub((await this.request({ method: 'GET', url: `${this.githubPath()}/runs/${runId}`, headers }, mask)).json as { status?: string; conclusion?: string | null });
          },
        };
      }
      case 'jenkins': {
        const user = this.secret(this.webhook.userEnv, env, 'the user of the API token');
        const headers = { authorization: `Basic ${Buffer.from(`${user}:${token}`).toString('base64')}` };
        const answer = await this.request(this.startRequest(context, token, user), mask);
        if (!answer.location) throw new DeployError('driver-failed', `Jenkins answered ${answer.status} without a Location header: the queue item of the build is unknown.`);
        const queueItem = new URL(answer.location, this.webhook.baseUrl).toString();
        let buildUrl: string | undefined;
        return {
          get url() {
            return buildUrl ?? queueItem;
          },
          poll: async () => {
            if (!buildUrl) {
              const item = (await this.request({ method: 'GET', url: `${withSlash(queueItem)}api/json`, headers }, mask)).json as { cancelled?: boolean; why?: string | null; executable?: { url?: string; number?: number } | null };
              if (item?.cancelled) return { outcome: 'failed', text: 'cancelled in the queue' };
              if (!item?.executable?.url) return { outcome: 'progressing', text: `queued${item?.why ? `: ${item.why}` : ''}` };
              buildUrl = item.executable.url;
            }
            return observeJenkins((await this.request({ method: 'GET', url: `${withSlash(buildUrl)}api/json`, headers }, mask)).json as { building?: boolean; result?: string | null });
          },
        };
      }
    }
  }

  async roll(context: DriverRunContext): Promise<RollResult> {
    const token = this.secret(this.webhook.tokenEnv, context.env, 'the token that starts the pipeline');
    const mask = new SecretMask([token, this.webhook.statusTokenEnv ? context.env[this.webhook.statusTokenEnv] : undefined]);
    const since = Date.now();
    context.record('pipeline', 'started', { provider: this.webhook.provider, release: context.release, colour: context.to.colour });
    let pipeline: StartedPipeline;
    try {
      pipeline = await this.start(context, mask, token);
    } catch (error) {
      context.record('pipeline', 'failed', { error: mask.mask((error as Error).message) }, since);
      throw error;
    }
    const followed = await followStatus({
      intervalMs: this.webhook.pollMs,
      timeoutMs: this.webhook.timeoutMs,
      signal: context.signal,
      poll: pipeline.poll,
      onChange: (observation, index) => context.record(`pipeline-${index}`, observation.outcome === 'failed' ? 'failed' : 'succeeded', { observed: mask.mask(observation.text), ...(pipeline.url ? { url: mask.mask(pipeline.url) } : {}) }),
    });
    if (followed.outcome === 'done') {
      context.record('pipeline', 'succeeded', { observed: followed.last?.text ?? '' }, since);
      return { healthWaitMs: followed.waitedMs, drainMs: 0 };
    }
    const where = pipeline.url ? ` (${mask.mask(pipeline.url)})` : '';
    const why =
      followed.outcome === 'timeout'
        ? `did not finish within ${Math.round(this.webhook.timeoutMs / 1000)} s (last seen: ${followed.last?.text ?? 'nothing'}); it may still be running`
        : followed.outcome === 'unreachable'
          ? `could not be followed: ${followed.error}`
          : followed.outcome === 'cancelled'
            ? 'stopped being followed (cancelled here; the CI pipeline itself was not cancelled)'
            : `ended as ${followed.last?.text}`;
    context.record('pipeline', followed.outcome === 'cancelled' ? 'cancelled' : 'failed', { error: mask.mask(why) }, since);
    throw new DeployError(followed.outcome === 'cancelled' ? 'cancelled' : 'driver-failed', mask.mask(`the ${this.webhook.provider} pipeline${where} ${why}. The live colour recorded here was not changed; check the pipeline for what it did to the instances.`));
  }

  planRoll(context: DriverPlanContext): PlannedStep[] {
    // The plan names the variables instead of reading them: no token value can reach it.
    const token = `<$${this.webhook.tokenEnv}>`;
    const request = this.startRequest(context, token, this.webhook.userEnv ? `<$${this.webhook.userEnv}>` : undefined);
    const body = request.headers['content-type'] === 'application/json' ? (request.body ?? '') : [...new URLSearchParams(request.body ?? '')].map(([key, value]) => `${key}=${value}`).join(' ');
    const auth = { gitlab: 'token in the form', github: `Authorization: Bearer ${token}`, jenkins: `basic auth <$${this.webhook.userEnv}>:${token}` }[this.webhook.provider];
    const statusUrl =
      this.webhook.provider === 'gitlab'
        ? `${this.projectPath()}/pipelines/<pipeline id>`
        : this.webhook.provider === 'github'
          ? `${this.githubPath()}/runs/<run id>`
          : `<queue item from Location>/api/json, then <build url>/api/json`;
    const statusAuth = { gitlab: `PRIVATE-TOKEN: <$${this.webhook.statusTokenEnv}>`, github: `Authorization: Bearer ${token}`, jenkins: `basic auth <$${this.webhook.userEnv}>:${token}` }[this.webhook.provider];
    return [
      { step: 'pipeline', description: `${request.method} ${request.url} (${auth}): ${body}`, urls: [request.url] },
      { step: 'pipeline', description: `GET every ${this.webhook.pollMs} ms until it ends (at most ${this.webhook.timeoutMs} ms; ${statusAuth}); each status change is journaled`, urls: [statusUrl] },
    ];
  }
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

/** GitLab pipeline status: created, waiting_for_resource, preparing, pending, running, success, failed, canceled, skipped, manual, scheduled. */
export function observeGitlab(pipeline: { status?: string } | undefined): Observation {
  const status = pipeline?.status ?? 'unknown';
  if (status === 'success') return { outcome: 'done', text: status };
  if (status === 'failed' || status === 'canceled' || status === 'skipped') return { outcome: 'failed', text: status };
  return { outcome: 'progressing', text: status };
}

/** GitHub run: status queued/in_progress/waiting/requested/pending/completed, conclusion when completed. */
export function observeGithub(run: { status?: string; conclusion?: string | null } | undefined): Observation {
  const status = run?.status ?? 'unknown';
  if (status !== 'completed') return { outcome: 'progressing', text: status };
  const conclusion = run?.conclusion ?? 'unknown';
  return { outcome: conclusion === 'success' ? 'done' : 'failed', text: `completed: ${conclusion}` };
}

/** Jenkins build: building true while running; result SUCCESS, UNSTABLE, FAILURE, NOT_BUILT or ABORTED when done. */
export function observeJenkins(build: { building?: boolean; result?: string | null } | undefined): Observation {
  if (build?.building || !build?.result) return { outcome: 'progressing', text: 'building' };
  return { outcome: build.result === 'SUCCESS' ? 'done' : 'failed', text: build.result };
}
