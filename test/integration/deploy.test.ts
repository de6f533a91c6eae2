// The blue-green rolling deploy against real services: MariaDB, Redis (unix socket) and nginx in temp
// folders, the demo shop as `php -S` instances of the local driver. While a bounded load generator
// sends steady traffic through nginx, the engine deploys a release with a backward-compatible
// migration: 0 failed requests. The same release deployed the naive way (stop all, bump
// setup_version, upgrade, start) fails requests. Numbers are printed for the report.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { loadProject } from '../../server/src/analysis/project';
import type { AuditEntry } from '../../client/src/engine/deploy/auditLog';
import { resolveDeploySettings } from '../../client/src/engine/deploy/deploySettings';
import { DeployError } from '../../client/src/engine/deploy/deployError';
import { planDeploy, runDeploy } from '../../client/src/engine/deploy/deployPipeline';
import { LocalDriver } from '../../client/src/engine/deploy/localDriver';
import { runProcess } from '../../server/src/analysis/processes';
import { createDemoShop, NODES, type DemoShop } from '../helpers/demoShop';
import { describeLoad, LoadGenerator, type LoadReport } from '../helpers/loadGenerator';
import { MariaDbServer } from '../helpers/mariadb';
import { bumpSetupVersion, naiveDeploy } from '../helpers/naiveDeploy';
import { NginxServer } from '../helpers/nginx';
import { RedisServer } from '../helpers/redis';
import { startTogether } from '../helpers/services';

const LOAD = { concurrency: 4, maxDurationMs: 90_000, maxRequests: 200_000, timeoutMs: 10_000 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Steady traffic for a fixed time, as the baseline for p99. */
async function steadyLoad(url: string, ms: number): Promise<LoadReport> {
  const load = new LoadGenerator({ ...LOAD, url, maxDurationMs: ms });
  return load.done;
}

describe('blue-green deploy with the local driver (MariaDB, Redis, nginx, php -S)', () => {
  let mariadb: MariaDbServer;
  let redis: RedisServer;
  let nginx: NginxServer;
  const shops: DemoShop[] = [];
  const drivers: LocalDriver[] = [];

  before(async () => {
    [mariadb, redis, nginx] = await startTogether(MariaDbServer.start(), RedisServer.start(), NginxServer.start());
  });
  after(async () => {
    for (const driver of drivers) await driver.stopAll();
    await Promise.all([nginx?.stop(), redis?.stop(), mariadb?.stop()]);
    shops.forEach((shop) => shop.cleanup());
  });

  async function shop(deploy: Parameters<typeof createDemoShop>[3] = {}): Promise<{ shop: DemoShop; driver: LocalDriver }> {
    const created = await createDemoShop(mariadb, redis, nginx, deploy);
    shops.push(created);
    const settings = resolveDeploySettings(loadProject(created.project.dir), 'local', created.env);
    const driver = new LocalDriver(settings.local, settings.nodes, created.env);
    drivers.push(driver);
    return { shop: created, driver };
  }

  async function pageViews(target: DemoShop): Promise<{ total: number; withSource: number }> {
    const [row] = (await mariadb.rootQuery(`SELECT COUNT(*) AS total, ${'SUM(source IS NOT NULL)'} AS withSource FROM \`${target.database}\`.acme_page_view`)) as Array<{ total: number; withSource: string | null }>;
    return { total: Number(row.total), withSource: Number(row.withSource ?? 0) };
  }

  it('deploys a backward-compatible migration under load with 0 failed requests, and journals every step', async () => {
    const { shop: demo, driver } = await shop();
    const first = await runDeploy(loadProject(demo.project.dir), 'local', { driver, env: demo.env });
    assert.equal(first.to, 'blue');
    assert.equal((await fetch(`${nginx.url}/`)).status, 200);

    demo.applyNextRelease();
    const project = loadProject(demo.project.dir);
    const plan = await planDeploy(project, 'local', { env: demo.env });
    assert.deepEqual(
      plan.map((step) => step.step),
      ['lock', 'live-colour', 'gates', 'build', 'migrate', 'flush-new-cache', ...Array.from({ length: NODES }, (_, index) => `node-${index + 1}`), 'reload', 'switch'],
    );
    assert.match(plan.find((step) => step.step === 'live-colour')?.description ?? '', /blue serves release/);
    assert.ok(plan.find((step) => step.step === 'node-1')?.argv?.includes('-S'));

    const steady = await steadyLoad(nginx.url, 2_000);
    const load = new LoadGenerator({ ...LOAD, url: nginx.url });
    const second = await runDeploy(project, 'local', { driver, env: demo.env });
    // A little traffic after the switch, on the new colour only.
    await sleep(500);
    const during = await load.stop();
    console.log(describeLoad('steady state', steady));
    console.log(describeLoad('during the blue-green deploy', during));
    console.log(`pipeline: ${second.totalMs} ms total, ${second.healthWaitMs} ms waiting for health, ${second.drainMs} ms draining, overhead ${second.totalMs - second.healthWaitMs - second.drainMs} ms`);

    assert.equal(second.from, 'blue');
    assert.equal(second.to, 'green');
    assert.equal(steady.failed, 0, describeLoad('steady', steady));
    assert.ok(during.total > 50, `the load generator ran during the deploy (${during.total} requests)`);
    assert.equal(during.failed, 0, describeLoad('during the deploy', during));
    assert.ok(second.gates?.pendingMigrations.some((migration) => migration.name === 'AddSourceToAcmePageView'));
    // The new code writes the new column; only green instances are in nginx now.
    assert.ok((await pageViews(demo)).withSource > 0);
    assert.deepEqual(driver.backends().sort(), [driver.port('green', 0), driver.port('green', 1)].sort());
    assert.equal(driver.isRunning('blue', 0) || driver.isRunning('blue', 1), false);

    const journal = readFileSync(demo.project.path('.magento-zdd/deploys/local.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { runId: string; step: string; status: string; durationMs?: number });
    const run = journal.filter((entry) => entry.runId === second.runId);
    assert.deepEqual(
      run.filter((entry) => entry.status === 'succeeded').map((entry) => entry.step),
      ['lock', 'live-colour', 'gates', 'build', 'migrate', 'flush-new-cache', 'node-1', 'node-2', 'switch', 'deploy'],
    );
    assert.ok(run.filter((entry) => entry.status === 'succeeded').every((entry) => typeof entry.durationMs === 'number'));

    // Rollback: the previous release on its own (flushed) cache pair through the same cycle; no migration runs.
    const rollbackLoad = new LoadGenerator({ ...LOAD, url: nginx.url });
    const rolledBack = await runDeploy(project, 'local', { driver, env: demo.env, mode: 'rollback' });
    await sleep(300);
    const duringRollback = await rollbackLoad.stop();
    console.log(describeLoad('during the rollback', duringRollback));
    assert.equal(rolledBack.release, first.release);
    assert.equal(rolledBack.to, 'blue');
    assert.equal(duringRollback.failed, 0, describeLoad('rollback', duringRollback));
    const rollbackSteps = readFileSync(demo.project.path('.magento-zdd/deploys/local.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { runId: string; step: string }).filter((entry) => entry.runId === rolledBack.runId).map((entry) => entry.step);
    assert.ok(!rollbackSteps.includes('migrate') && !rollbackSteps.includes('build'));
    const columns = (await mariadb.rootQuery(`SELECT COLUMN_NAME AS name FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'acme_page_view'`, [demo.database])) as Array<{ name: string }>;
    assert.ok(columns.some((column) => column.name === 'source'), 'the schema goes forward only');
    await driver.stopAll();
  });

  it('a new instance failing its health check mid-rollout is stopped, the switched node goes back, and no request fails', async () => {
    const { shop: demo, driver } = await shop({ healthTimeoutMs: 2_000 });
    await runDeploy(loadProject(demo.project.dir), 'local', { driver, env: demo.env });
    // The next release's second green instance cannot reach its cache.
    demo.project.write('var/health-fail', `${driver.port('green', 1)}\n`);
    demo.project.commit('A release broken on one node');
    const load = new LoadGenerator({ ...LOAD, url: nginx.url });
    const journaled: AuditEntry[] = [];
    await assert.rejects(runDeploy(loadProject(demo.project.dir), 'local', { driver, env: demo.env, onEntry: (entry) => journaled.push(entry) }), (error: unknown) => error instanceof DeployError && error.problem === 'unhealthy' && /green instance 2/.test(error.message));
    const nodeLines = journaled.filter((entry) => entry.step.startsWith('node-'));
    assert.deepEqual(nodeLines.map((entry) => `${entry.step} ${entry.status}`), ['node-1 started', 'node-1 succeeded', 'node-2 started', 'node-2 failed', 'node-1-back started', 'node-1-back succeeded']);
    const failed = nodeLines[3]?.detail;
    assert.equal(failed?.colour, 'green');
    assert.equal(failed?.port, driver.port('green', 1));
    assert.equal(typeof failed?.healthWaitMs, 'number');
    assert.match(String(failed?.error), /was not healthy after/);
    assert.deepEqual(nodeLines[4]?.detail, { colour: 'blue', port: driver.port('blue', 0) });
    await sleep(300);
    const during = await load.stop();
    console.log(describeLoad('health check failing on node 2', during));
    assert.equal(during.failed, 0, describeLoad('fault', during));
    assert.deepEqual(driver.backends().sort(), [driver.port('blue', 0), driver.port('blue', 1)].sort());
    assert.equal(driver.isRunning('green', 0) || driver.isRunning('green', 1), false);
    assert.equal((await fetch(`${nginx.url}/`)).status, 200);
    await driver.stopAll();
  });

  it('refuses a second deploy of the same environment while the lock is held, naming its owner and age', async () => {
    const { shop: demo, driver } = await shop();
    const project = loadProject(demo.project.dir);
    await runDeploy(project, 'local', { driver, env: demo.env });
    const settings = resolveDeploySettings(project, 'local', demo.env);
    const lockKey = `${settings.keyPrefix}local:lock`;
    const held = JSON.stringify({ owner: 'ci@build-7 pid 4242', runId: 'other-run', since: Date.now() - 90_000 });
    const set = await runProcess(['redis-cli', '-s', redis.socket, '-n', String(settings.stateDatabase), 'SET', lockKey, held, 'PX', '60000'], { cwd: demo.project.dir });
    assert.equal(set.exitCode, 0, set.stderr);
    await assert.rejects(runDeploy(project, 'local', { driver, env: demo.env }), (error: unknown) => error instanceof DeployError && error.problem === 'locked' && /ci@build-7 pid 4242/.test(error.message) && /9\d s ago/.test(error.message));
    // The live colour was not touched.
    assert.deepEqual(driver.backends().sort(), [driver.port('blue', 0), driver.port('blue', 1)].sort());
    await driver.stopAll();
  });

  it('the naive deploy of the same release (stop all, bump setup_version, upgrade, start) fails requests', async () => {
    const { shop: demo, driver } = await shop();
    await runDeploy(loadProject(demo.project.dir), 'local', { driver, env: demo.env });
    demo.applyNextRelease();
    bumpSetupVersion(demo);
    const release = 'naive-release';

    const load = new LoadGenerator({ ...LOAD, url: nginx.url });
    await sleep(500);
    const { downtimeMs } = await naiveDeploy(demo, driver, release);
    await sleep(500);
    const during = await load.stop();
    console.log(describeLoad('during the naive deploy', during));
    console.log(`naive deploy: ${downtimeMs} ms from stop to healthy`);
    assert.ok(during.failed > 0, describeLoad('naive', during));
    assert.ok(existsSync(driver.releaseDir(release)));
    await driver.stopAll();
  });
});
