// The webhook trigger against a loopback server that answers like GitLab, GitHub Actions and Jenkins:
// the start request carries the release, colour and cache DB pair, the pipeline is followed through its
// statuses into the journal, a failed pipeline fails the deploy, and no token ever shows in a journal
// line, an error message or the plan.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { StepStatus } from '../../client/src/engine/deploy/auditLog';
import { DeployError } from '../../client/src/engine/deploy/deployError';
import { planDeploy } from '../../client/src/engine/deploy/deployPipeline';
import type { DriverRunContext } from '../../client/src/engine/deploy/drivers/deployDriver';
import type { WebhookDeployConfig } from '../../server/src/analysis/config';
import { WebhookTrigger } from '../../client/src/engine/deploy/drivers/webhookTrigger';
import { FakeCiServer, TOKENS } from '../helpers/fakeCiServer';
import { BLUE, driverProject, GREEN, type DriverProject } from '../unit/deploy/driverProject';

interface Line {
  step: string;
  status: StepStatus;
  detail?: Record<string, unknown>;
}

const ENV = { GITLAB_TRIGGER_TOKEN: TOKENS.gitlabTrigger, GITLAB_READ_TOKEN: TOKENS.gitlabRead, GITHUB_TOKEN: TOKENS.github, JENKINS_USER: TOKENS.jenkinsUser, JENKINS_TOKEN: TOKENS.jenkins };
const ALL_TOKENS = [TOKENS.gitlabTrigger, TOKENS.gitlabRead, TOKENS.github, TOKENS.jenkins];

describe('webhook trigger against fake GitLab, GitHub and Jenkins APIs', () => {
  let ci: FakeCiServer;
  const made: DriverProject[] = [];
  before(async () => {
    ci = await FakeCiServer.start();
  });
  after(async () => {
    await ci.stop();
    made.forEach((entry) => entry.cleanup());
  });

  function trigger(webhook: Omit<WebhookDeployConfig, 'baseUrl' | 'pollSeconds'>, env: NodeJS.ProcessEnv = ENV): { trigger: WebhookTrigger; entry: DriverProject } {
    const entry = driverProject({ driver: 'webhook', webhook: { baseUrl: `${ci.url}/`, pollSeconds: 0.05, timeoutSeconds: 10, ...webhook } }, env);
    made.push(entry);
    return { trigger: new WebhookTrigger(entry.settings, entry.settings.driver.name === 'webhook' ? entry.settings.driver.webhook : assert.fail()), entry };
  }

  function context(lines: Line[], env: NodeJS.ProcessEnv = ENV): DriverRunContext {
    return { mode: 'deploy', release: GREEN.release, from: BLUE, to: GREEN, env, record: (step, status, detail) => lines.push({ step, status, detail }) };
  }

  function assertNoToken(text: string): void {
    for (const token of ALL_TOKENS) assert.ok(!text.includes(token), `a token leaked into: ${text.slice(0, 200)}`);
  }

  const GITLAB = { provider: 'gitlab', tokenEnv: 'GITLAB_TRIGGER_TOKEN', statusTokenEnv: 'GITLAB_READ_TOKEN', project: 'shop/magento', ref: 'main', variables: { DEPLOY_TARGET: 'production' } } as const;
  const GITHUB = { provider: 'github', tokenEnv: 'GITHUB_TOKEN', owner: 'acme', repo: 'shop', workflow: 'deploy.yml', ref: 'main' } as const;
  const JENKINS = { provider: 'jenkins', tokenEnv: 'JENKINS_TOKEN', userEnv: 'JENKINS_USER', job: 'deploy/production' } as const;

  it('GitLab: triggers the pipeline with the release, colour and cache DB pair as variables and follows it to success', async () => {
    ci.requests.length = 0;
    ci.gitlabStatuses = ['pending', 'running', 'running', 'success'];
    const lines: Line[] = [];
    await trigger(GITLAB).trigger.roll(context(lines));
    const start = ci.requests.find((request) => request.method === 'POST');
    assert.equal(start?.path, '/api/v4/projects/shop%2Fmagento/trigger/pipeline');
    const form = new URLSearchParams(start?.body);
    assert.equal(form.get('ref'), 'main');
    assert.equal(form.get('variables[MAGENTO_ZDD_RELEASE]'), GREEN.release);
    assert.equal(form.get('variables[MAGENTO_ZDD_COLOUR]'), 'green');
    assert.equal(form.get('variables[MAGENTO_ZDD_CACHE_DB]'), '2');
    assert.equal(form.get('variables[MAGENTO_ZDD_PAGE_CACHE_DB]'), '3');
    assert.equal(form.get('variables[MAGENTO_ZDD_MODE]'), 'deploy');
    assert.equal(form.get('variables[DEPLOY_TARGET]'), 'production');
    assert.deepEqual(lines.filter((line) => /^pipeline-\d+$/.test(line.step)).map((line) => line.detail?.observed), ['pending', 'running', 'success']);
    assert.deepEqual(lines.filter((line) => line.step === 'pipeline').map((line) => line.status), ['started', 'succeeded']);
    assertNoToken(JSON.stringify(lines));
  });

  it('GitLab: a failed pipeline fails the deploy with its status, and the message holds no token', async () => {
    ci.gitlabStatuses = ['running', 'failed'];
    const lines: Line[] = [];
    await assert.rejects(trigger(GITLAB).trigger.roll(context(lines)), (error: unknown) => {
      assert.ok(error instanceof DeployError);
      assert.match(error.message, /ended as failed/);
      assertNoToken(error.message);
      return true;
    });
    assert.deepEqual(lines.filter((line) => line.step === 'pipeline').map((line) => line.status), ['started', 'failed']);
  });

  it('GitHub: dispatches the workflow with inputs, takes the run id from the answer and follows status and conclusion', async () => {
    ci.requests.length = 0;
    ci.githubAnswers204 = false;
    ci.githubRuns = [{ status: 'queued', conclusion: null }, { status: 'in_progress', conclusion: null }, { status: 'completed', conclusion: 'success' }];
    const lines: Line[] = [];
    await trigger(GITHUB).trigger.roll(context(lines));
    const start = ci.requests.find((request) => request.method === 'POST');
    assert.equal(start?.path, '/repos/acme/shop/actions/workflows/deploy.yml/dispatches');
    const body = JSON.parse(start?.body ?? '{}') as { ref: string; inputs: Record<string, string>; return_run_details: boolean };
    assert.equal(body.ref, 'main');
    assert.equal(body.return_run_details, true);
    assert.equal(body.inputs.MAGENTO_ZDD_CACHE_DB, '2');
    assert.equal(body.inputs.MAGENTO_ZDD_RELEASE, GREEN.release);
    assert.deepEqual(lines.filter((line) => /^pipeline-\d+$/.test(line.step)).map((line) => line.detail?.observed), ['queued', 'in_progress', 'completed: success']);
    assertNoToken(JSON.stringify(lines));
  });

  it('GitHub: after a 204 (no run details), finds the run among the workflow_dispatch runs of the branch, newer than the dispatch', async () => {
    ci.requests.length = 0;
    ci.githubAnswers204 = true;
    ci.githubListDelay = 1;
    ci.githubRuns = [{ status: 'in_progress', conclusion: null }, { status: 'completed', conclusion: 'success' }];
    const lines: Line[] = [];
    await trigger(GITHUB).trigger.roll(context(lines));
    const list = ci.requests.filter((request) => request.path.startsWith('/repos/acme/shop/actions/workflows/deploy.yml/runs'));
    assert.ok(list.length >= 2, 'the list was read until the run appeared');
    assert.match(list[0]?.path ?? '', /event=workflow_dispatch&branch=main/);
    assert.ok(!ci.requests.some((request) => request.path === '/repos/acme/shop/actions/runs/8000'), 'an older run is never followed');
    assert.deepEqual(lines.filter((line) => /^pipeline-\d+$/.test(line.step)).map((line) => line.detail?.observed), ['waiting for the workflow run to appear', 'in_progress', 'completed: success']);
  });

  it('Jenkins: buildWithParameters, then the queue item from Location, then the build until its result', async () => {
    ci.requests.length = 0;
    ci.jenkinsQueue = ['waiting', 'started'];
    ci.jenkinsBuilds = [{ building: true, result: null }, { building: false, result: 'SUCCESS' }];
    const lines: Line[] = [];
    await trigger(JENKINS).trigger.roll(context(lines));
    const start = ci.requests.find((request) => request.method === 'POST');
    assert.equal(start?.path, '/job/deploy/job/production/buildWithParameters');
    assert.equal(new URLSearchParams(start?.body).get('MAGENTO_ZDD_COLOUR'), 'green');
    assert.deepEqual(lines.filter((line) => /^pipeline-\d+$/.test(line.step)).map((line) => line.detail?.observed), ['queued: Waiting for next available executor', 'building', 'SUCCESS']);
    assert.equal(lines.at(-2)?.detail?.url, `${ci.url}/job/deploy/job/production/5/`);
  });

  it('Jenkins: a FAILURE result fails the deploy', async () => {
    ci.jenkinsQueue = ['started'];
    ci.jenkinsBuilds = [{ building: false, result: 'FAILURE' }];
    await assert.rejects(trigger(JENKINS).trigger.roll(context([])), (error: unknown) => error instanceof DeployError && /ended as FAILURE/.test(error.message));
  });

  it('Jenkins: a queue item Location outside the configured base URL is refused, not followed', async () => {
    ci.jenkinsLocation = 'http://192.0.2.10:8080/queue/item/77/';
    try {
      await assert.rejects(trigger(JENKINS).trigger.roll(context([])), (error: unknown) => error instanceof DeployError && /outside http:\/\/127\.0\.0\.1/.test(error.message) && /refused/.test(error.message));
    } finally {
      ci.jenkinsLocation = undefined;
    }
  });

  it('a missing token variable is a configuration error naming the variable, before any request', async () => {
    ci.requests.length = 0;
    const env = { GITHUB_TOKEN: '' };
    await assert.rejects(trigger(GITHUB, env).trigger.roll(context([], env)), (error: unknown) => error instanceof DeployError && error.problem === 'not-configured' && /GITHUB_TOKEN/.test(error.message));
    assert.equal(ci.requests.length, 0);
  });

  it('a token the CI rejects gives its answer, masked', async () => {
    const env = { ...ENV, GITLAB_TRIGGER_TOKEN: `${TOKENS.gitlabTrigger}-revoked` };
    await assert.rejects(trigger(GITLAB, env).trigger.roll(context([], env)), (error: unknown) => {
      assert.ok(error instanceof DeployError);
      assert.match(error.message, /answered 404/);
      assert.ok(!error.message.includes(`${TOKENS.gitlabTrigger}-revoked`));
      return true;
    });
  });

  it('the plan shows the start request and the status URL with the token masked', async () => {
    const { entry } = trigger(GITLAB);
    const plan = await planDeploy(entry.project, 'prod', { env: ENV });
    assert.deepEqual(plan.map((step) => step.step), ['lock', 'live-colour', 'gates', 'build', 'migrate', 'flush-new-cache', 'pipeline', 'pipeline', 'switch']);
    const start = plan.find((step) => step.step === 'pipeline');
    assert.deepEqual(start?.urls, [`${ci.url}/api/v4/projects/shop%2Fmagento/trigger/pipeline`]);
    assert.match(start?.description ?? '', /token=<\$GITLAB_TRIGGER_TOKEN> ref=main variables\[DEPLOY_TARGET\]=production variables\[MAGENTO_ZDD_ENVIRONMENT\]=prod /);
    assertNoToken(JSON.stringify(plan));
  });
});
