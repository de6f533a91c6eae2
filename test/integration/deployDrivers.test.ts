// The deploy pipeline with drivers other than `local`, against real MariaDB and Redis: the gates,
// the migration step, the cache DB alternation, the live colour in Redis and the journal stay the
// pipeline's; the `command` driver's scripts receive each colour's cache DB pair; the `webhook`
// trigger starts the CI pipeline (a loopback fake of GitLab's API) only after the gates passed here,
// and never for a release that fails them; the `kubernetes` driver (real kubectl, a loopback fake of
// the API server) migrates with a Job and rolls with one patch inside the same pipeline.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { loadProject } from '../../server/src/analysis/project';
import { DeployError } from '../../client/src/engine/deploy/deployError';
import { runDeploy } from '../../client/src/engine/deploy/deployPipeline';
import { runProcess } from '../../server/src/analysis/processes';
import { createDemoShop, type DemoShop } from '../helpers/demoShop';
import { FakeCiServer, TOKENS } from '../helpers/fakeCiServer';
import { FakeKubernetesApi } from '../helpers/fakeKubernetesApi';
import { MariaDbServer } from '../helpers/mariadb';
import type { NginxServer } from '../helpers/nginx';
import { RedisServer } from '../helpers/redis';
import { startTogether } from '../helpers/services';

const CONTROL_SCRIPT = `
const { appendFileSync } = require('node:fs');
appendFileSync('steps.log', process.argv.slice(2).join(' ') + '\\n');
`;

// The demo shop's `local` section needs nginx paths; these drivers never read them.
const NO_NGINX = { prefix: '/nonexistent', config: '/nonexistent/nginx.conf', upstreamFile: '/nonexistent/upstream.conf' } as unknown as NginxServer;

interface JournalLine {
  runId: string;
  step: string;
  status: string;
  detail?: Record<string, unknown>;
}

describe('deploy pipeline with the command, webhook and kubernetes drivers (MariaDB, Redis)', () => {
  let mariadb: MariaDbServer;
  let redis: RedisServer;
  let ci: FakeCiServer;
  const shops: DemoShop[] = [];

  before(async () => {
    [mariadb, redis, ci] = await startTogether(MariaDbServer.start(), RedisServer.start(), FakeCiServer.start());
  });
  after(async () => {
    await Promise.all([redis?.stop(), mariadb?.stop(), ci?.stop()]);
    shops.forEach((shop) => shop.cleanup());
  });

  async function shopWith(driver: Record<string, unknown>): Promise<DemoShop> {
    const shop = await createDemoShop(mariadb, redis, NO_NGINX);
    shops.push(shop);
    const config = JSON.parse(shop.project.read('magento-zdd.json')) as { environments: { local: { deploy: Record<string, unknown> } } };
    const deploy = config.environments.local.deploy;
    delete deploy.local;
    Object.assign(deploy, driver);
    shop.project.write('magento-zdd.json', JSON.stringify(config, null, 2));
    shop.project.write('control.cjs', CONTROL_SCRIPT);
    shop.project.commit('Deploy with another driver');
    return shop;
  }

  const redisCli = (shop: DemoShop, ...args: string[]) => runProcess(['redis-cli', '-s', redis.socket, ...args], { cwd: shop.project.dir });
  const journal = (shop: DemoShop): JournalLine[] => readFileSync(shop.project.path('.magento-zdd/deploys/local.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as JournalLine);

  it('command driver: two deploys alternate colours and cache DB pairs, flush the pairs, record the live colour and journal every node', async () => {
    const control = (step: string, ...args: string[]) => [process.execPath, 'control.cjs', step, '{node}', ...args];
    const shop = await shopWith({
      driver: 'command',
      build: { command: ['true'] },
      command: { nodes: ['web1', 'web2'], start: control('start', '{colour}', 'cache={cacheDb}/{pageCacheDb}'), health: control('health', '{colour}'), enlist: control('enlist', '{colour}'), drain: control('drain', '{colour}'), stop: control('stop', '{colour}') },
    });
    const first = await runDeploy(loadProject(shop.project.dir), 'local', { env: shop.env });
    assert.equal(first.to, 'blue');
    shop.applyNextRelease();
    // Entries in the green pair (left from an older release) and in the live blue pair.
    await redisCli(shop, '-n', '2', 'SET', 'stale-green-entry', 'x');
    await redisCli(shop, '-n', '0', 'SET', 'blue-entry', 'x');
    const second = await runDeploy(loadProject(shop.project.dir), 'local', { env: shop.env });
    assert.equal(second.from, 'blue');
    assert.equal(second.to, 'green');
    const steps = readFileSync(shop.project.path('steps.log'), 'utf8').trim().split('\n');
    assert.deepEqual(steps.filter((line) => line.startsWith('start')), ['start web1 blue cache=0/1', 'start web2 blue cache=0/1', 'start web1 green cache=2/3', 'start web2 green cache=2/3']);
    assert.deepEqual(steps.slice(-5), ['start web2 green cache=2/3', 'health web2 green', 'enlist web2 green', 'drain web2 blue', 'stop web2 blue']);
    assert.equal((await redisCli(shop, '-n', '2', 'EXISTS', 'stale-green-entry')).stdout.trim(), '0', 'the new pair was flushed before the first green instance');
    assert.equal((await redisCli(shop, '-n', '0', 'EXISTS', 'blue-entry')).stdout.trim(), '0', 'the old pair was flushed after the switch');
    const settingsKey = `magento-zdd:${shop.database}:local:live`;
    const live = JSON.parse((await redisCli(shop, '-n', '15', 'GET', settingsKey)).stdout) as { colour: string; release: string; previousRelease: string };
    assert.deepEqual([live.colour, live.release, live.previousRelease], ['green', second.release, first.release]);
    const run = journal(shop).filter((line) => line.runId === second.runId && line.status === 'succeeded').map((line) => line.step);
    assert.deepEqual(run, ['lock', 'live-colour', 'gates', 'build', 'migrate', 'flush-new-cache', 'node-1', 'node-2', 'switch', 'deploy']);
    // The migration ran once, from here, before any green instance started.
    const columns = (await mariadb.rootQuery(`SELECT COLUMN_NAME AS name FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'acme_page_view'`, [shop.database])) as Array<{ name: string }>;
    assert.ok(columns.some((column) => column.name === 'source'));
  });

  const gitlab = { driver: 'webhook', webhook: { provider: 'gitlab', baseUrl: '', tokenEnv: 'GITLAB_TRIGGER_TOKEN', statusTokenEnv: 'GITLAB_READ_TOKEN', project: 'shop/magento', pollSeconds: 0.05, timeoutSeconds: 20 } };
  const tokens = { GITLAB_TRIGGER_TOKEN: TOKENS.gitlabTrigger, GITLAB_READ_TOKEN: TOKENS.gitlabRead };

  it('webhook: the gates run here, then the CI pipeline is started and followed; no build or migration runs here; the live colour is recorded', async () => {
    const shop = await shopWith({ ...gitlab, webhook: { ...gitlab.webhook, baseUrl: ci.url } });
    shop.applyNextRelease();
    ci.requests.length = 0;
    ci.gitlabStatuses = ['pending', 'running', 'success'];
    const result = await runDeploy(loadProject(shop.project.dir), 'local', { env: { ...shop.env, ...tokens } });
    assert.equal(result.to, 'blue');
    assert.ok(result.gates?.pendingMigrations.some((migration) => migration.name === 'AddSourceToAcmePageView'), 'the gates listed the pending migration');
    const form = new URLSearchParams(ci.requests.find((request) => request.method === 'POST')?.body);
    assert.equal(form.get('variables[MAGENTO_ZDD_RELEASE]'), result.release);
    assert.equal(form.get('variables[MAGENTO_ZDD_CACHE_DB]'), '0');
    const lines = journal(shop).filter((line) => line.runId === result.runId);
    assert.deepEqual(lines.filter((line) => line.status === 'succeeded' && !/^pipeline-/.test(line.step)).map((line) => line.step), ['lock', 'live-colour', 'gates', 'flush-new-cache', 'pipeline', 'switch', 'deploy']);
    assert.deepEqual(lines.filter((line) => /^pipeline-\d+$/.test(line.step)).map((line) => line.detail?.observed), ['pending', 'running', 'success']);
    const columns = (await mariadb.rootQuery(`SELECT COLUMN_NAME AS name FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'acme_page_view'`, [shop.database])) as Array<{ name: string }>;
    assert.ok(!columns.some((column) => column.name === 'source'), 'the migration is the CI pipeline\'s job');
    const text = readFileSync(shop.project.path('.magento-zdd/deploys/local.jsonl'), 'utf8');
    assert.ok(!text.includes(TOKENS.gitlabTrigger) && !text.includes(TOKENS.gitlabRead), 'no token in the journal');
  });

  it('webhook: a release that fails the gates never starts the CI pipeline', async () => {
    const shop = await shopWith({ ...gitlab, webhook: { ...gitlab.webhook, baseUrl: ci.url } });
    shop.project.edit('app/code/Acme/Shop/etc/module.xml', 'setup_version="1.0.0"', 'setup_version="1.0.1"');
    shop.project.commit('Bump Acme_Shop');
    ci.requests.length = 0;
    await assert.rejects(runDeploy(loadProject(shop.project.dir), 'local', { env: { ...shop.env, ...tokens } }), (error: unknown) => error instanceof DeployError && error.problem === 'gates-failed');
    assert.equal(ci.requests.length, 0, 'no request reached the CI');
  });

  it('kubernetes: the migration runs as a Job (not from here), then one patch with the new pair; the rollout steps are journaled', async () => {
    const api = await FakeKubernetesApi.start(2);
    try {
      const kubeconfig = api.writeKubeconfig(redis.dir);
      const shop = await shopWith({ driver: 'kubernetes', build: { command: ['true'] }, kubernetes: { kubeconfig, namespace: 'shop', deployment: 'magento', container: 'php', image: 'registry.example.com/shop:{release}', pollSeconds: 0.05, timeoutSeconds: 20 } });
      shop.applyNextRelease();
      api.jobScript = [{ active: 1 }, { succeeded: 1 }];
      api.scriptRollout([{ updated: 1, available: 2, total: 3 }, { updated: 2, available: 2, total: 2 }]);
      const result = await runDeploy(loadProject(shop.project.dir), 'local', { env: { ...shop.env, HOME: redis.dir } });
      assert.equal(result.to, 'blue');
      const lines = journal(shop).filter((line) => line.runId === result.runId);
      assert.deepEqual(lines.filter((line) => line.status === 'succeeded' && !/^rollout-\d+$/.test(line.step)).map((line) => line.step), ['lock', 'live-colour', 'gates', 'build', 'migrate-job', 'migrate', 'flush-new-cache', 'rollout', 'switch', 'deploy']);
      assert.deepEqual(lines.filter((line) => /^rollout-\d+$/.test(line.step)).map((line) => line.detail?.observed), ['waiting for the controller to see the new pod template', '1/2 updated, 2 available, 2 old', '2/2 updated, 2 available']);
      const patch = api.requests.find((request) => request.method === 'PATCH');
      assert.match(patch?.body ?? '', /"name":"MAGENTO_ZDD_CACHE_DB","value":"0"/);
      assert.match(patch?.body ?? '', new RegExp(`registry.example.com/shop:${result.release}`));
      const columns = (await mariadb.rootQuery(`SELECT COLUMN_NAME AS name FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'acme_page_view'`, [shop.database])) as Array<{ name: string }>;
      assert.ok(!columns.some((column) => column.name === 'source'), 'phinx did not run from here: the Job is the migration');
    } finally {
      await api.stop();
    }
  });
});
