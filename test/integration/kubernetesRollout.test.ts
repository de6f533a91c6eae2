// The kubernetes driver with the real kubectl client against a loopback server that serves the
// Kubernetes API's Deployment, ReplicaSet and Job shapes: the pod-template patch is sent, the rollout
// is followed step by step into the journal, a rollout that exceeds its progress deadline is undone
// with `kubectl rollout undo`, and so is one that outlives its time limit; the migration Job is
// created, followed and its log shown. No cluster is involved.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { StepStatus } from '../../client/src/engine/deploy/auditLog';
import { DeployError } from '../../client/src/engine/deploy/deployError';
import type { DriverRunContext } from '../../client/src/engine/deploy/drivers/deployDriver';
import { KubernetesDriver } from '../../client/src/engine/deploy/drivers/kubernetesDriver';
import { FakeKubernetesApi } from '../helpers/fakeKubernetesApi';
import { createTempDir, removeTempDir } from '../helpers/tempProject';
import { BLUE, driverProject, GREEN, type DriverProject } from '../unit/deploy/driverProject';

interface Line {
  step: string;
  status: StepStatus;
  detail?: Record<string, unknown>;
}

describe('kubernetes driver against a fake API server (real kubectl)', () => {
  let api: FakeKubernetesApi;
  let home: string;
  const made: DriverProject[] = [];

  before(async () => {
    home = createTempDir('kube-home');
  });
  after(async () => {
    made.forEach((entry) => entry.cleanup());
    removeTempDir(home);
  });

  async function setup(timeoutSeconds = 20): Promise<{ driver: KubernetesDriver; context: (lines: Line[]) => DriverRunContext }> {
    api = await FakeKubernetesApi.start(3);
    const kubeconfig = api.writeKubeconfig(home);
    const entry = driverProject({ driver: 'kubernetes', kubernetes: { kubeconfig, namespace: 'shop', deployment: 'magento', container: 'php', image: 'registry.example.com/shop:{release}', pollSeconds: 0.05, timeoutSeconds, migrate: { mode: 'job', timeoutSeconds: 20 } } });
    made.push(entry);
    const settings = entry.settings.driver.name === 'kubernetes' ? entry.settings.driver.kubernetes : assert.fail();
    const driver = new KubernetesDriver(entry.settings, settings);
    // kubectl keeps a discovery cache under $HOME: a throw-away home per run.
    const env = { PATH: process.env.PATH, HOME: home };
    return { driver, context: (lines) => ({ mode: 'deploy', release: GREEN.release, from: BLUE, to: GREEN, env, record: (step, status, detail) => lines.push({ step, status, detail }) }) };
  }

  it('patches the pod template once and journals each observed step until every replica is updated and available', async () => {
    const { driver, context } = await setup();
    try {
      api.scriptRollout([
        { updated: 1, available: 3, total: 4 },
        { updated: 2, available: 3, total: 4 },
        { updated: 3, available: 3, total: 4 },
        { updated: 3, available: 3, total: 3 },
      ]);
      const lines: Line[] = [];
      await driver.roll(context(lines));
      const patches = api.requests.filter((request) => request.method === 'PATCH');
      assert.equal(patches.length, 1);
      assert.match(patches[0]?.contentType ?? '', /strategic-merge-patch/);
      const patch = JSON.parse(patches[0]?.body ?? '{}') as { spec: { template: { spec: { containers: Array<{ image: string; env: Array<{ name: string; value: string }> }> } } } };
      assert.equal(patch.spec.template.spec.containers[0]?.image, `registry.example.com/shop:${GREEN.release}`);
      assert.deepEqual(patch.spec.template.spec.containers[0]?.env.slice(0, 2), [{ name: 'MAGENTO_ZDD_CACHE_DB', value: '2' }, { name: 'MAGENTO_ZDD_PAGE_CACHE_DB', value: '3' }]);
      assert.deepEqual(
        lines.filter((line) => /^rollout-\d+$/.test(line.step)).map((line) => line.detail?.observed),
        ['waiting for the controller to see the new pod template', '1/3 updated, 3 available, 3 old', '2/3 updated, 3 available, 2 old', '3/3 updated, 3 available, 1 old', '3/3 updated, 3 available'],
      );
      assert.deepEqual(lines.filter((line) => line.step === 'rollout').map((line) => line.status), ['started', 'succeeded']);
      assert.ok(!api.requests.some((request) => request.path.includes('replicasets')), 'no undo on success');
    } finally {
      await api.stop();
    }
  });

  it('a rollout that exceeds its progress deadline is undone with kubectl rollout undo, and the deploy fails with the reason', async () => {
    const { driver, context } = await setup();
    try {
      api.scriptRollout([{ updated: 1, available: 3, total: 4 }, { updated: 1, available: 3, total: 4, deadlineExceeded: true }]);
      api.undoScript = [{ updated: 3, available: 3, total: 3 }];
      const lines: Line[] = [];
      await assert.rejects(driver.roll(context(lines)), (error: unknown) => error instanceof DeployError && error.problem === 'unhealthy' && /progress deadline exceeded/.test(error.message) && /rollout undo/.test(error.message));
      const patches = api.requests.filter((request) => request.method === 'PATCH');
      assert.equal(patches.length, 2, 'the update, then the undo');
      assert.match(patches[1]?.contentType ?? '', /json-patch|merge-patch/);
      assert.ok(api.requests.some((request) => request.method === 'GET' && request.path.startsWith('/apis/apps/v1/namespaces/shop/replicasets')), 'undo looked up the previous ReplicaSet');
      assert.deepEqual(lines.filter((line) => line.step === 'rollout' || line.step === 'rollout-undo').map((line) => `${line.step} ${line.status}`), ['rollout started', 'rollout failed', 'rollout-undo started', 'rollout-undo succeeded']);
    } finally {
      await api.stop();
    }
  });

  it('a rollout that never finishes is undone after its time limit', async () => {
    const { driver, context } = await setup(2);
    try {
      const stuck = Array.from({ length: 1000 }, () => ({ updated: 1, available: 3, total: 4 }));
      api.scriptRollout(stuck);
      api.undoScript = [{ updated: 3, available: 3, total: 3 }];
      const lines: Line[] = [];
      await assert.rejects(driver.roll(context(lines)), (error: unknown) => error instanceof DeployError && /did not finish within 2 s/.test(error.message));
      assert.equal(api.requests.filter((request) => request.method === 'PATCH').length, 2);
    } finally {
      await api.stop();
    }
  });

  it('a cancel during the rollout undoes it and ends as cancelled', async () => {
    const { driver, context } = await setup();
    try {
      api.scriptRollout(Array.from({ length: 1000 }, () => ({ updated: 1, available: 3, total: 4 })));
      api.undoScript = [{ updated: 3, available: 3, total: 3 }];
      const abort = new AbortController();
      const lines: Line[] = [];
      const base = context(lines);
      const cancelling = { ...base, signal: abort.signal, record: (step: string, status: StepStatus, detail?: Record<string, unknown>) => {
        lines.push({ step, status, detail });
        if (step === 'rollout-2') abort.abort();
      } };
      await assert.rejects(driver.roll(cancelling as DriverRunContext), (error: unknown) => error instanceof DeployError && error.problem === 'cancelled' && /undone/.test(error.message));
      assert.equal(api.requests.filter((request) => request.method === 'PATCH').length, 2, 'the update, then the undo');
      assert.deepEqual(lines.filter((line) => line.step === 'rollout' || line.step === 'rollout-undo').map((line) => `${line.step} ${line.status}`), ['rollout started', 'rollout cancelled', 'rollout-undo started', 'rollout-undo succeeded']);
    } finally {
      await api.stop();
    }
  });

  it('creates the migration Job through kubectl, follows it until it succeeds and shows its log', async () => {
    const { driver, context } = await setup();
    try {
      api.jobScript = [{ active: 1 }, { active: 1 }, { succeeded: 1 }];
      api.jobLog = 'All Done. Took 0.0311s\n';
      const lines: Line[] = [];
      const output: string[] = [];
      const result = await driver.migrate({ ...context(lines), onOutput: (text) => output.push(text) });
      assert.match(result.summary, /succeeded/);
      const [job] = api.createdJobs() as Array<{ kind: string; spec: { template: { metadata: { labels: Record<string, string> }; spec: { containers: Array<{ image: string; command: string[] }> } } } }>;
      assert.equal(job?.kind, 'Job');
      assert.equal(job?.spec.template.spec.containers[0]?.image, `registry.example.com/shop:${GREEN.release}`);
      assert.deepEqual(lines.filter((line) => line.step === 'migrate-job').map((line) => `${line.status} ${line.detail?.observed}`), ['started running', 'succeeded succeeded']);
      assert.match(output.join(''), /All Done/);
      assert.ok(!api.requests.some((request) => request.method === 'PATCH'), 'the Deployment is not touched by the migration step');
    } finally {
      await api.stop();
    }
  });

  it('a failed migration Job stops the deploy with its log, before the Deployment is touched', async () => {
    const { driver, context } = await setup();
    try {
      api.jobScript = [{ active: 1 }, { failed: 1 }];
      api.jobLog = 'SQLSTATE[42S21]: Column already exists: 1060 Duplicate column name\n';
      await assert.rejects(driver.migrate(context([])), (error: unknown) => error instanceof DeployError && error.problem === 'migration-failed' && /Duplicate column name/.test(error.message) && /not touched/.test(error.message));
      assert.ok(!api.requests.some((request) => request.method === 'PATCH'));
    } finally {
      await api.stop();
    }
  });
});
