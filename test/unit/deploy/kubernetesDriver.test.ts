// The kubernetes driver's commands for a given config, argv for argv, and its pod-template patch and
// migration Job checked by kubectl itself without a cluster (`kubectl patch --local`), on a Deployment
// manifest as a team would keep it in its repository.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { runProcess } from '../../../server/src/analysis/processes';
import { planDeploy } from '../../../client/src/engine/deploy/deployPipeline';
import { buildMigrationJob, buildPodTemplatePatch, KubernetesDriver, migrationJobName, observeDeployment } from '../../../client/src/engine/deploy/drivers/kubernetesDriver';
import { BLUE, driverProject, GREEN, type DriverProject } from './driverProject';

const KUBERNETES = { kubeconfig: 'deploy/kubeconfig', context: 'prod-eu', namespace: 'shop', deployment: 'magento', container: 'php', image: 'registry.example.com/shop:{release}' };

const DEPLOYMENT_YAML = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: magento
  namespace: shop
  labels:
    app: magento
spec:
  replicas: 3
  selector:
    matchLabels:
      app: magento
  template:
    metadata:
      labels:
        app: magento
    spec:
      serviceAccountName: magento
      volumes:
        - name: env-php
          secret:
            secretName: magento-env-php
      containers:
        - name: php
          image: registry.example.com/shop:20261127100000-aaaa
          ports:
            - containerPort: 8080
          env:
            - name: MAGE_MODE
              value: production
            - name: MAGENTO_ZDD_CACHE_DB
              value: "0"
            - name: MAGENTO_ZDD_PAGE_CACHE_DB
              value: "1"
          readinessProbe:
            httpGet:
              path: /health_check.php
              port: 8080
          volumeMounts:
            - name: env-php
              mountPath: /var/www/html/app/etc/env.php
              subPath: env.php
        - name: nginx
          image: nginx:1.27
`;

function kubectl(args: string[], cwd: string, input?: string) {
  return runProcess(['kubectl', ...args], { cwd, input, timeoutMs: 30_000, env: { ...process.env, KUBECONFIG: '/dev/null' } });
}

describe('kubernetes driver', () => {
  const made: DriverProject[] = [];
  after(() => made.forEach((entry) => entry.cleanup()));
  const setup = (extra: Record<string, unknown> = {}) => {
    const entry = driverProject({ driver: 'kubernetes', kubernetes: { ...KUBERNETES, ...extra } });
    made.push(entry);
    const driver = new KubernetesDriver(entry.settings, entry.settings.driver.name === 'kubernetes' ? entry.settings.driver.kubernetes : assert.fail('not kubernetes'));
    return { ...entry, driver };
  };

  it('plans every kubectl call with the environment\'s kubeconfig, context and namespace, argv for argv', async () => {
    const { project, shop } = setup();
    const plan = await planDeploy(project, 'prod', { env: {} });
    const base = ['kubectl', '--kubeconfig', shop.path('deploy/kubeconfig'), '--context', 'prod-eu', '--namespace', 'shop'];
    const job = migrationJobName('magento', '<new release id>');
    const patch = JSON.stringify({
      spec: {
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
        template: {
          metadata: { annotations: { 'magento-zdd/release': '<new release id>', 'magento-zdd/colour': 'blue' } },
          spec: { containers: [{ name: 'php', image: 'registry.example.com/shop:<new release id>', env: [{ name: 'MAGENTO_ZDD_CACHE_DB', value: '0' }, { name: 'MAGENTO_ZDD_PAGE_CACHE_DB', value: '1' }, { name: 'MAGENTO_ZDD_COLOUR', value: 'blue' }, { name: 'MAGENTO_ZDD_RELEASE', value: '<new release id>' }] }] },
        },
      },
    });
    assert.deepEqual(
      plan.map((step) => [step.step, step.argv]),
      [
        ['lock', undefined],
        ['live-colour', undefined],
        ['gates', undefined],
        ['build', ['bin/build-image', '<new release id>']],
        ['migrate', [...base, 'get', 'deployment', 'magento', '--output', 'json', '--request-timeout=20s']],
        ['migrate', [...base, 'delete', 'job', job, '--ignore-not-found', '--wait=true', '--request-timeout=20s']],
        ['migrate', [...base, 'create', '--filename', '-', '--validate=false', '--output', 'name']],
        ['migrate', [...base, 'get', 'job', job, '--output', 'json', '--request-timeout=20s']],
        ['migrate', [...base, 'logs', `job/${job}`, '--container', 'php', '--tail', '200']],
        ['flush-new-cache', undefined],
        ['rollout', [...base, 'get', 'deployment', 'magento', '--output', 'json', '--request-timeout=20s']],
        ['rollout', [...base, 'patch', 'deployment', 'magento', '--type', 'strategic', '--patch', patch]],
        ['rollout', [...base, 'get', 'deployment', 'magento', '--output', 'json', '--request-timeout=20s']],
        ['rollout-undo', [...base, 'rollout', 'undo', 'deployment/magento']],
        ['switch', undefined],
      ],
    );
  });

  it('plans `kubectl exec` into a running pod when migrate.mode is exec, with the configured command', () => {
    const { driver } = setup({ kubeconfig: undefined, context: undefined, namespace: undefined, kubectl: ['/opt/bin/kubectl'], migrate: { mode: 'exec', command: ['php', 'vendor/bin/phinx', 'migrate', '-e', 'production'] } });
    assert.deepEqual(driver.planMigrate({ mode: 'deploy', release: GREEN.release, from: BLUE, to: GREEN, env: {} }).map((step) => step.argv), [['/opt/bin/kubectl', 'exec', 'deployment/magento', '--container', 'php', '--', 'php', 'vendor/bin/phinx', 'migrate', '-e', 'production']]);
  });

  it('the patch, applied by kubectl to the Deployment manifest, sets image, cache DB pair and strategy and keeps every other variable and container', async () => {
    const { driver, shop, settings } = setup();
    shop.write('deployment.yaml', DEPLOYMENT_YAML);
    const patch = JSON.stringify(buildPodTemplatePatch(settings.driver.name === 'kubernetes' ? settings.driver.kubernetes : assert.fail(), GREEN, driver.image(GREEN.release)));
    const result = await kubectl(['patch', '--local', '--filename', 'deployment.yaml', '--type', 'strategic', '--patch', patch, '--output', 'json'], shop.dir);
    assert.equal(result.exitCode, 0, result.stderr);
    const patched = JSON.parse(result.stdout) as { spec: { strategy: unknown; template: { metadata: { annotations: Record<string, string> }; spec: { containers: Array<{ name: string; image: string; env: Array<{ name: string; value: string }>; readinessProbe?: unknown }> } } } };
    assert.deepEqual(patched.spec.strategy, { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
    assert.deepEqual(patched.spec.template.metadata.annotations, { 'magento-zdd/release': GREEN.release, 'magento-zdd/colour': 'green' });
    const [php, nginx] = patched.spec.template.spec.containers;
    assert.equal(php.name, 'php');
    assert.equal(php.image, `registry.example.com/shop:${GREEN.release}`);
    assert.deepEqual(Object.fromEntries(php.env.map((variable) => [variable.name, variable.value])), { MAGE_MODE: 'production', MAGENTO_ZDD_CACHE_DB: '2', MAGENTO_ZDD_PAGE_CACHE_DB: '3', MAGENTO_ZDD_COLOUR: 'green', MAGENTO_ZDD_RELEASE: GREEN.release });
    assert.ok(php.readinessProbe, 'the readiness probe stays');
    assert.deepEqual([nginx.name, nginx.image], ['nginx', 'nginx:1.27']);
  });

  it('the migration Job runs the new image on the Deployment\'s pod spec, without probes, ports or Service labels, and kubectl decodes it as a batch/v1 Job', async () => {
    const { driver, shop, settings } = setup();
    shop.write('deployment.yaml', DEPLOYMENT_YAML);
    // `patch --local` with an empty patch: kubectl's own decoding, without an API server.
    const asJson = await kubectl(['patch', '--local', '--filename', 'deployment.yaml', '--type', 'merge', '--patch', '{}', '--output', 'json'], shop.dir);
    assert.equal(asJson.exitCode, 0, asJson.stderr);
    const job = buildMigrationJob(settings.driver.name === 'kubernetes' ? settings.driver.kubernetes : assert.fail(), JSON.parse(asJson.stdout), GREEN.release, driver.image(GREEN.release));
    shop.write('job.json', JSON.stringify(job));
    const checked = await kubectl(['patch', '--local', '--filename', 'job.json', '--type', 'merge', '--patch', '{}', '--output', 'json'], shop.dir);
    assert.equal(checked.exitCode, 0, checked.stderr);
    const created = JSON.parse(checked.stdout) as { kind: string; metadata: { name: string }; spec: { backoffLimit: number; template: { metadata: { labels: Record<string, string> }; spec: { restartPolicy: string; serviceAccountName: string; volumes: unknown[]; containers: Array<Record<string, unknown>> } } } };
    assert.equal(created.kind, 'Job');
    assert.equal(created.metadata.name, `magento-migrate-${GREEN.release}`);
    assert.equal(created.spec.backoffLimit, 0);
    assert.deepEqual(created.spec.template.metadata.labels, { 'magento-zdd/migration': created.metadata.name });
    assert.equal(created.spec.template.spec.restartPolicy, 'Never');
    assert.equal(created.spec.template.spec.serviceAccountName, 'magento');
    assert.equal(created.spec.template.spec.volumes.length, 1);
    assert.equal(created.spec.template.spec.containers.length, 1);
    const [container] = created.spec.template.spec.containers;
    assert.equal(container.image, `registry.example.com/shop:${GREEN.release}`);
    assert.deepEqual(container.command, ['vendor/bin/phinx', 'migrate']);
    assert.equal(container.readinessProbe, undefined);
    assert.equal(container.ports, undefined);
    assert.ok(Array.isArray(container.volumeMounts));
  });

  it('reads the Deployment status the way kubectl rollout status does', () => {
    assert.deepEqual(observeDeployment({ metadata: { generation: 5 }, spec: { replicas: 3 }, status: { observedGeneration: 4, replicas: 3, updatedReplicas: 0, availableReplicas: 3 } }).outcome, 'progressing');
    assert.equal(observeDeployment({ metadata: { generation: 5 }, spec: { replicas: 3 }, status: { observedGeneration: 5, replicas: 4, updatedReplicas: 2, availableReplicas: 3 } }).text, '2/3 updated, 3 available, 2 old');
    assert.equal(observeDeployment({ metadata: { generation: 5 }, spec: { replicas: 3 }, status: { observedGeneration: 5, replicas: 3, updatedReplicas: 3, availableReplicas: 3 } }).outcome, 'done');
    assert.equal(observeDeployment({ metadata: { generation: 5 }, spec: { replicas: 3 }, status: { observedGeneration: 5, replicas: 4, updatedReplicas: 1, availableReplicas: 3, conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet "magento-7d9" has timed out progressing.' }] } }).outcome, 'failed');
  });
});
