// What the VS Code deploy command asks the engine before it starts (real Redis, MariaDB and nginx from
// test/helpers; no deploy runs): a journal's unfinished run is "in progress" while its owner holds the
// lock, and unfinished once the lock is gone; the live colour Redis records; and the plan of a roll
// back that restores that colour (no cache flush of the target, each node back on the live colour).
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadProject } from '../../server/src/analysis/project';
import { findRunInProgress, findUnfinishedRun, lockKey, planDeploy, readRecordedLive, stateKey } from '../../client/src/engine/deploy/deployPipeline';
import { resolveDeploySettings } from '../../client/src/engine/deploy/deploySettings';
import { writeLiveState } from '../../client/src/engine/deploy/liveState';
import { RedisConnection } from '../../client/src/engine/deploy/redisConnection';
import { createDemoShop, type DemoShop } from '../helpers/demoShop';
import { MariaDbServer } from '../helpers/mariadb';
import { NginxServer } from '../helpers/nginx';
import { RedisServer } from '../helpers/redis';
import { startTogether } from '../helpers/services';

describe('the run state the VS Code deploy command reads (Redis, journal)', () => {
  let mariadb: MariaDbServer;
  let redis: RedisServer;
  let nginx: NginxServer;
  let demo: DemoShop;

  before(async () => {
    [mariadb, redis, nginx] = await startTogether(MariaDbServer.start(), RedisServer.start(), NginxServer.start());
    demo = await createDemoShop(mariadb, redis, nginx);
  });
  after(async () => {
    demo?.cleanup();
    await Promise.all([nginx?.stop(), redis?.stop(), mariadb?.stop()]);
  });

  async function withRedis<T>(work: (connection: RedisConnection) => Promise<T>): Promise<T> {
    const settings = resolveDeploySettings(loadProject(demo.project.dir), 'local', demo.env);
    const connection = await RedisConnection.open(settings.redis);
    try {
      await connection.command('SELECT', settings.stateDatabase);
      return await work(connection);
    } finally {
      connection.close();
    }
  }

  it('a run holding the lock from another machine is in progress (owner named), not unfinished; without the lock it is unfinished', async () => {
    const project = loadProject(demo.project.dir);
    const settings = resolveDeploySettings(project, 'local', demo.env);
    const runId = '20261128010000-kill';
    const at = new Date().toISOString();
    mkdirSync(dirname(settings.auditLog), { recursive: true });
    appendFileSync(
      settings.auditLog,
      [
        { runId, environment: 'local', step: 'deploy', status: 'started', at, detail: { mode: 'deploy' } },
        { runId, environment: 'local', step: 'lock', status: 'succeeded', at, durationMs: 3 },
        { runId, environment: 'local', step: 'node-1', status: 'started', at, detail: { colour: 'green', port: 1 } },
      ]
        .map((entry) => `${JSON.stringify(entry)}\n`)
        .join(''),
    );
    const holder = { owner: 'ci@build-9 pid 77', runId, since: Date.now() - 30_000, host: 'build-9.example', pid: 77 };
    await withRedis((connection) => connection.command('SET', lockKey(settings), JSON.stringify(holder), 'PX', 60_000));

    const inProgress = await findRunInProgress(project, 'local', { env: demo.env });
    assert.equal(inProgress?.run.runId, runId);
    assert.equal(inProgress?.run.lastStep, 'node-1');
    assert.equal(inProgress?.holder.owner, 'ci@build-9 pid 77');
    assert.equal(await findUnfinishedRun(project, 'local', { env: demo.env }), undefined, 'a running run is not unfinished');

    await withRedis((connection) => connection.command('DEL', lockKey(settings)));
    assert.equal(await findRunInProgress(project, 'local', { env: demo.env }), undefined);
    assert.equal((await findUnfinishedRun(project, 'local', { env: demo.env }))?.runId, runId);
  });

  it('reads the recorded live colour, and plans a restore back onto it', async () => {
    const project = loadProject(demo.project.dir);
    const settings = resolveDeploySettings(project, 'local', demo.env);
    assert.equal(await readRecordedLive(project, 'local', { env: demo.env }), undefined, 'nothing recorded yet');
    await withRedis((connection) => writeLiveState(connection, stateKey(settings), { colour: 'blue', release: '20261128000000-aaaa', cacheDatabases: settings.cacheDatabases.blue, previousRelease: undefined, runId: 'r', at: new Date().toISOString() }));
    const live = await readRecordedLive(project, 'local', { env: demo.env });
    assert.equal(live?.colour, 'blue');
    assert.equal(live?.release, '20261128000000-aaaa');

    const restore = await planDeploy(project, 'local', { env: demo.env, mode: 'rollback', restore: true });
    assert.deepEqual(restore.map((step) => step.step), ['lock', 'live-colour', 'node-1', 'node-2', 'reload', 'switch']);
    assert.match(restore[2].description, /^start blue instance on port \d+ .*take out port \d+/);
    assert.ok(restore[2].argv?.some((argument) => argument.includes('20261128000000-aaaa')), 'the live release is started again');
    assert.match(restore.at(-1)?.description ?? '', /^blue stays recorded as live; FLUSHDB on the abandoned green DBs/);
    // Without restore, a roll back is the usual one: to the other colour (no previous release recorded here).
    const usual = await planDeploy(project, 'local', { env: demo.env, mode: 'rollback' });
    assert.ok(usual.some((step) => step.step === 'flush-new-cache'));
    assert.match(usual.find((step) => step.step === 'node-1')?.description ?? '', /^start green instance/);
  });
});
