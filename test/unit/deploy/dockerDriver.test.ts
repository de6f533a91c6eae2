// The docker and docker-swarm drivers' commands for a given config, argv for argv: what `--plan`
// shows is exactly what runs (docker -H per node, ssh:// included; the colour's cache DB pair as
// --env; the load balancer's configured argv with placeholders filled in per argument).
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { planDeploy } from '../../../client/src/engine/deploy/deployPipeline';
import { DockerDriver } from '../../../client/src/engine/deploy/drivers/dockerDriver';
import { DockerSwarmDriver } from '../../../client/src/engine/deploy/drivers/dockerSwarmDriver';
import { DeployError } from '../../../client/src/engine/deploy/deployError';
import { BLUE, driverProject, GREEN, type DriverProject } from './driverProject';

const DOCKER = {
  image: 'registry.example.com/shop:{release}',
  containerPort: 8080,
  runArgs: ['--network', 'shop', '--env-file', '/etc/shop/magento.env'],
  nodes: [
    { name: 'web1', dockerHost: 'ssh://deploy@web1.internal', address: '10.0.0.11' },
    { name: 'web2', dockerHost: 'tcp://10.0.0.12:2376', address: '10.0.0.12' },
  ],
  loadBalancer: { enlist: ['bin/haproxy-server', 'enable', 'shop/{node}-{colour}', '{address}:{port}'], drain: ['bin/haproxy-server', 'drain', 'shop/{node}-{colour}'] },
};

describe('docker driver', () => {
  const made: DriverProject[] = [];
  after(() => made.forEach((entry) => entry.cleanup()));
  const docker = (extra: Record<string, unknown> = {}) => {
    const entry = driverProject({ driver: 'docker', docker: { ...DOCKER, ...extra } });
    made.push(entry);
    return { entry, driver: new DockerDriver(entry.settings, entry.settings.driver.name === 'docker' ? entry.settings.driver.docker : assert.fail()) };
  };

  it('plans, per node, a leftover removal, the run with the colour\'s cache DB pair, the enlist, the drain and the stop', () => {
    const { driver } = docker();
    const plan = driver.planRoll({ mode: 'deploy', release: GREEN.release, from: BLUE, to: GREEN, env: {} });
    const web1 = ['docker', '-H', 'ssh://deploy@web1.internal'];
    assert.deepEqual(
      plan.filter((step) => step.step === 'node-1').map((step) => step.argv),
      [
        [...web1, 'rm', '--force', 'zdd-prod-green'],
        [...web1, 'run', '--detach', '--name', 'zdd-prod-green', '--restart', 'unless-stopped', '--publish', '8082:8080', '--env', 'MAGENTO_ZDD_CACHE_DB=2', '--env', 'MAGENTO_ZDD_PAGE_CACHE_DB=3', '--env', 'MAGENTO_ZDD_COLOUR=green', '--env', `MAGENTO_ZDD_RELEASE=${GREEN.release}`, '--label', 'magento-zdd.environment=prod', '--label', 'magento-zdd.colour=green', '--label', `magento-zdd.release=${GREEN.release}`, '--network', 'shop', '--env-file', '/etc/shop/magento.env', `registry.example.com/shop:${GREEN.release}`],
        ['bin/haproxy-server', 'enable', 'shop/web1-green', '10.0.0.11:8082'],
        ['bin/haproxy-server', 'drain', 'shop/web1-blue'],
        [...web1, 'stop', '--time', '30', 'zdd-prod-blue'],
        [...web1, 'rm', 'zdd-prod-blue'],
      ],
    );
    assert.deepEqual(plan.filter((step) => step.step === 'node-2').map((step) => step.argv?.slice(0, 4)), [
      ['docker', '-H', 'tcp://10.0.0.12:2376', 'rm'],
      ['docker', '-H', 'tcp://10.0.0.12:2376', 'run'],
      ['bin/haproxy-server', 'enable', 'shop/web2-green', '10.0.0.12:8082'],
      ['bin/haproxy-server', 'drain', 'shop/web2-blue'],
      ['docker', '-H', 'tcp://10.0.0.12:2376', 'stop'],
      ['docker', '-H', 'tcp://10.0.0.12:2376', 'rm'],
    ]);
    assert.deepEqual(plan.find((step) => step.urls)?.urls, ['http://10.0.0.11:8082/health_check.php', 'http://10.0.0.11:8082/']);
  });

  it('a placeholder value stays one argument: a release id with spaces or ; is never split or interpreted', () => {
    const { driver } = docker();
    const odd = { ...GREEN, release: 'r1; rm -rf /' };
    const argv = driver.loadBalancerArgv('enlist', 0, odd);
    assert.deepEqual(argv, ['bin/haproxy-server', 'enable', 'shop/web1-green', '10.0.0.11:8082']);
    const run = driver.runArgv(0, odd);
    assert.ok(run.includes('MAGENTO_ZDD_RELEASE=r1; rm -rf /'));
    assert.equal(run.at(-1), 'registry.example.com/shop:r1; rm -rf /');
  });

  it('an unknown placeholder in the load balancer argv is a configuration error that names it', () => {
    const { driver } = docker({ loadBalancer: { enlist: ['lb', 'add', '{hostname}'], drain: ['lb', 'del'] } });
    assert.throws(() => driver.loadBalancerArgv('enlist', 0, GREEN), (error: unknown) => error instanceof DeployError && /\{hostname\}/.test(error.message) && /\{address\}/.test(error.message));
  });

  it('the whole plan of a first deploy: build, the phinx of the environment, then the nodes without drain or stop', async () => {
    const { entry } = docker();
    const plan = await planDeploy(entry.project, 'prod', { env: {} });
    assert.deepEqual(plan.map((step) => step.step), ['lock', 'live-colour', 'gates', 'build', 'migrate', 'flush-new-cache', 'node-1', 'node-1', 'node-1', 'node-2', 'node-2', 'node-2', 'switch']);
    assert.deepEqual(plan.find((step) => step.step === 'migrate')?.argv?.[0], 'vendor/bin/phinx');
  });

  it('refuses hostPorts that give both colours the same port', () => {
    assert.throws(() => docker({ hostPorts: { blue: 8080, green: 8080 } }), (error: unknown) => error instanceof DeployError && /both use port 8080/.test(error.message));
  });
});

describe('docker-swarm driver', () => {
  const made: DriverProject[] = [];
  after(() => made.forEach((entry) => entry.cleanup()));

  it('plans one service update (start-first, one at a time, rollback on failure), the status polling and the rollback, argv for argv', () => {
    const entry = driverProject({ driver: 'docker-swarm', swarm: { dockerHost: 'ssh://deploy@manager1', service: 'shop_php', image: 'registry.example.com/shop:{release}' } });
    made.push(entry);
    const driver = new DockerSwarmDriver(entry.settings, entry.settings.driver.name === 'docker-swarm' ? entry.settings.driver.swarm : assert.fail());
    const plan = driver.planRoll({ mode: 'deploy', release: GREEN.release, from: BLUE, to: GREEN, env: {} });
    const client = ['docker', '-H', 'ssh://deploy@manager1'];
    assert.deepEqual(plan.map((step) => step.argv), [
      [...client, 'service', 'update', '--image', `registry.example.com/shop:${GREEN.release}`, '--env-add', 'MAGENTO_ZDD_CACHE_DB=2', '--env-add', 'MAGENTO_ZDD_PAGE_CACHE_DB=3', '--env-add', 'MAGENTO_ZDD_COLOUR=green', '--env-add', `MAGENTO_ZDD_RELEASE=${GREEN.release}`, '--label-add', `magento-zdd.release=${GREEN.release}`, '--label-add', 'magento-zdd.colour=green', '--update-order', 'start-first', '--update-parallelism', '1', '--update-failure-action', 'rollback', '--with-registry-auth', '--detach', 'shop_php'],
      [...client, 'service', 'inspect', '--format', '{{json .}}', 'shop_php'],
      [...client, 'service', 'rollback', '--detach', 'shop_php'],
    ]);
  });
});
