// The deploy's failure modes through the BUILT command line (bin/magento-zdd.js -> dist/cli.js), as CI
// runs it, against real MariaDB, Redis (unix socket), nginx and `php -S` instances of the demo shop.
// A bounded loopback load generator sends traffic through nginx during each: a failing migration, a
// deploy killed with SIGKILL mid-rollout (then resumed, or rolled back), two deploys at once, and a
// cancel with SIGINT. Every one of them must fail 0 requests and end with the right exit code.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { after, before, describe, it } from 'node:test';
import { loadProject } from '../../server/src/analysis/project';
import { AuditLog } from '../../client/src/engine/deploy/auditLog';
import { resolveDeploySettings, type DeploySettings } from '../../client/src/engine/deploy/deploySettings';
import { readLiveState, type LiveState } from '../../client/src/engine/deploy/liveState';
import { LocalDriver, portAnswers } from '../../client/src/engine/deploy/localDriver';
import { RedisConnection } from '../../client/src/engine/deploy/redisConnection';
import { ensureCliBuilt, runCli, startCli, type BackgroundCli } from '../helpers/cli';
import { createDemoShop, NODES, type DemoShop } from '../helpers/demoShop';
import { describeLoad, LoadGenerator, type LoadReport } from '../helpers/loadGenerator';
import { MariaDbServer } from '../helpers/mariadb';
import { bumpSetupVersion } from '../helpers/naiveDeploy';
import { NginxServer } from '../helpers/nginx';
import { RedisServer } from '../helpers/redis';
import { startTogether } from '../helpers/services';

const LOAD = { concurrency: 4, maxDurationMs: 120_000, maxRequests: 300_000, timeoutMs: 10_000 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface JsonLine {
  event: string;
  step?: string;
  status?: string;
  runId?: string;
  exitCode?: number;
  problem?: string;
  message?: string;
  resumed?: boolean;
  restored?: boolean;
  release?: string;
}

function jsonLines(stdout: string): JsonLine[] {
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as JsonLine);
}

describe('magento-zdd deploy under faults (built CLI, MariaDB, Redis, nginx, php -S)', () => {
  let mariadb: MariaDbServer;
  let redis: RedisServer;
  let nginx: NginxServer;
  const shops: DemoShop[] = [];
  const drivers: LocalDriver[] = [];
  const running: BackgroundCli[] = [];

  before(async () => {
    ensureCliBuilt();
    [mariadb, redis, nginx] = await startTogether(MariaDbServer.start(), RedisServer.start(), NginxServer.start());
  });
  after(async () => {
    for (const cli of running) if (cli.child.exitCode === null && cli.child.signalCode === null) cli.child.kill('SIGKILL');
    for (const driver of drivers) await driver.stopAll();
    await Promise.all([nginx?.stop(), redis?.stop(), mariadb?.stop()]);
    shops.forEach((shop) => shop.cleanup());
  });

  interface Deployed {
    demo: DemoShop;
    settings: DeploySettings;
    driver: LocalDriver;
    cli: (args: string[]) => ReturnType<typeof runCli>;
    background: (args: string[]) => BackgroundCli;
  }

  /** A demo shop whose first release is live on blue, deployed through the CLI. */
  async function deployedShop(deploy: Parameters<typeof createDemoShop>[3] = {}): Promise<Deployed> {
    const demo = await createDemoShop(mariadb, redis, nginx, deploy);
    shops.push(demo);
    const settings = resolveDeploySettings(loadProject(demo.project.dir), 'local', demo.env);
    const driver = new LocalDriver(settings.local, settings.nodes, demo.env);
    drivers.push(driver);
    const cli = (args: string[]) => runCli(args, { cwd: demo.project.dir, env: demo.env });
    const background = (args: string[]) => {
      const started = startCli(args, { cwd: demo.project.dir, env: demo.env });
      running.push(started);
      return started;
    };
    const first = await background(['deploy', '--env', 'local']).done;
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /Deployed release \S+ to blue on "local"/);
    return { demo, settings, driver, cli, background };
  }

  async function redisGet<T>(settings: DeploySettings, read: (connection: RedisConnection) => Promise<T>): Promise<T> {
    const connection = await RedisConnection.open(settings.redis);
    try {
      await connection.command('SELECT', settings.stateDatabase);
      return await read(connection);
    } finally {
      connection.close();
    }
  }
  const lockValue = (settings: DeploySettings) => redisGet(settings, (connection) => connection.command('GET', `${settings.keyPrefix}local:lock`));
  const liveState = (settings: DeploySettings): Promise<LiveState | undefined> => redisGet(settings, (connection) => readLiveState(connection, `${settings.keyPrefix}local:live`));
  const ports = (driver: LocalDriver, colour: 'blue' | 'green') => Array.from({ length: NODES }, (_, index) => driver.port(colour, index)).sort();

  /** Runs `during` while the load generator sends traffic through nginx; a little traffic after it too. */
  async function underLoad<T>(label: string, during: () => Promise<T>): Promise<{ value: T; load: LoadReport }> {
    const load = new LoadGenerator({ ...LOAD, url: nginx.url });
    await sleep(200);
    const value = await during();
    await sleep(300);
    const report = await load.stop();
    console.log(describeLoad(label, report));
    return { value, load: report };
  }

  /** Starts a deploy and SIGKILLs it once node 2 has started (node 1 already switched to green). */
  async function killMidRollout(deployed: Deployed): Promise<string> {
    const deploy = deployed.background(['deploy', '--env', 'local', '--json']);
    await deploy.waitFor(/"step":"node-2","status":"started"/, 90_000);
    deploy.child.kill('SIGKILL');
    const killed = await deploy.done;
    assert.equal(killed.signal, 'SIGKILL');
    const runId = jsonLines(killed.stdout)[0]?.runId;
    assert.ok(runId, killed.stdout);
    return runId;
  }

  it('a failing migration touches no instance: exit 3, the lock is released, 0 failed requests', async () => {
    const { demo, settings, driver, background } = await deployedShop();
    demo.project.write(
      'app/code/Acme/Shop/etc/migrations/20261201000000_add_note_to_acme_page_view_archive.php',
      `<?php

use MX\\PhinxMigrations\\Migration;

class AddNoteToAcmePageViewArchive extends Migration
{
    public function up()
    {
        $this->execute('ALTER TABLE acme_page_view_archive ADD COLUMN note VARCHAR(64) NULL');
    }

    public function down()
    {
        $this->execute('ALTER TABLE acme_page_view_archive DROP COLUMN note');
    }
}
`,
    );
    demo.project.commit('A migration whose table does not exist');
    const before = driver.running().map((record) => `${record.colour}-${record.index}:${record.pid}`);
    const { value: run, load } = await underLoad('failing migration', () => background(['deploy', '--env', 'local', '--json']).done);
    assert.equal(run.status, 3, run.stderr);
    const lines = jsonLines(run.stdout);
    assert.deepEqual(lines.at(-1), { event: 'error', exitCode: 3, problem: 'migration-failed', message: lines.at(-1)?.message });
    assert.match(lines.at(-1)?.message ?? '', /No instance was touched: the blue colour keeps serving/);
    assert.ok(!lines.some((line) => line.step?.startsWith('node-')), 'no node step ran');
    assert.equal(load.failed, 0, describeLoad('failing migration', load));
    assert.ok(load.total > 20, `traffic ran during the deploy (${load.total} requests)`);
    assert.deepEqual(driver.running().map((record) => `${record.colour}-${record.index}:${record.pid}`), before, 'the same blue processes still serve');
    assert.deepEqual(driver.backends().sort(), ports(driver, 'blue'));
    assert.equal(await lockValue(settings), null, 'the lock was released');
  });

  it('a deploy killed mid-rollout fails no request; the next run reports it (exit 5) and --resume finishes it', async () => {
    const deployed = await deployedShop();
    const { demo, settings, driver, cli, background } = deployed;
    demo.applyNextRelease();
    const { value, load } = await underLoad('deploy killed mid-rollout, then resumed', async () => {
      const runId = await killMidRollout(deployed);
      // The CLI is gone; its instances are not: green-1 took over node 1 and serves.
      assert.equal(driver.isRunning('green', 0), true, 'the detached green instance outlived the CLI');
      assert.ok(await portAnswers(driver.port('green', 0)));
      const report = await background(['deploy', '--env', 'local']).done;
      const resumed = await background(['deploy', '--env', 'local', '--resume', '--json']).done;
      return { runId, report, resumed };
    });
    const { runId, report, resumed } = value;
    assert.equal(report.status, 5, report.stderr);
    assert.match(report.stderr, new RegExp(`run ${runId} \\(deploy of release \\S+\\) never finished: its last journal line is "node-2 started", \\d+ s ago`));
    assert.match(report.stderr, new RegExp(`magento-zdd deploy --env local --resume ${runId}`));
    assert.match(report.stderr, /magento-zdd deploy:rollback --env local/);

    assert.equal(resumed.status, 0, resumed.stderr);
    const lines = jsonLines(resumed.stdout);
    assert.ok(lines.every((line) => line.event !== 'step' || line.runId === runId), 'the resumed run keeps its id');
    assert.ok(lines.some((line) => line.event === 'note' && /took over the stale lock .*run .*: pid \d+ on this machine .* is no longer running/.test(line.message ?? '')), resumed.stdout);
    const steps = lines.filter((line) => line.event === 'step' && line.status === 'started').map((line) => line.step);
    assert.ok(!steps.includes('gates') && !steps.includes('build') && !steps.includes('migrate'), `succeeded steps are skipped: ${steps.join(', ')}`);
    assert.equal(lines.at(-1)?.event, 'result');
    assert.equal(lines.at(-1)?.resumed, true);

    assert.equal(load.failed, 0, describeLoad('killed and resumed', load));
    assert.deepEqual(driver.backends().sort(), ports(driver, 'green'));
    assert.deepEqual(driver.running().map((record) => record.colour), ['green', 'green']);
    assert.equal((await liveState(settings))?.colour, 'green');
    assert.equal(await lockValue(settings), null);
    assert.equal(new AuditLog(settings.auditLog).unfinishedRun(), undefined);
    assert.equal(cli(['deploy', '--env', 'local', '--resume']).status, 1, 'nothing is left to resume');
  });

  it('deploy:rollback after a killed deploy takes every node back to the live colour: 0 failed requests', async () => {
    const deployed = await deployedShop();
    const { demo, settings, driver, background } = deployed;
    const live = await liveState(settings);
    demo.applyNextRelease();
    const { value: rollback, load } = await underLoad('deploy killed mid-rollout, then rolled back', async () => {
      await killMidRollout(deployed);
      return background(['deploy:rollback', '--env', 'local']).done;
    });
    assert.equal(rollback.status, 0, rollback.stderr);
    assert.match(rollback.stderr, /rolling back the unfinished run: run \S+ \(deploy of release \S+\) never finished/);
    assert.match(rollback.stdout, new RegExp(`Rolled back the unfinished run on "local": every node serves release ${live?.release} \\(blue\\) again`));
    assert.equal(load.failed, 0, describeLoad('killed and rolled back', load));
    assert.deepEqual(driver.backends().sort(), ports(driver, 'blue'));
    assert.deepEqual(driver.running().map((record) => `${record.colour} ${record.release}`), [`blue ${live?.release}`, `blue ${live?.release}`]);
    assert.deepEqual(await liveState(settings), live, 'the recorded live state is unchanged');
    assert.equal(new AuditLog(settings.auditLog).unfinishedRun(), undefined, 'the killed run is settled');
  });

  it('a second deploy while one runs is refused with the lock owner and age (exit 4); the first one finishes; 0 failed', async () => {
    // A long drain keeps the first deploy in its node cycle while the others start.
    const { demo, settings, driver, background } = await deployedShop({ drainMs: 4_000 });
    demo.applyNextRelease();
    const { value, load } = await underLoad('two deploys at once', async () => {
      const first = background(['deploy', '--env', 'local', '--json']);
      await first.waitFor(/"step":"node-1","status":"started"/, 90_000);
      const [second, resume] = await Promise.all([background(['deploy', '--env', 'local']).done, background(['deploy', '--env', 'local', '--resume']).done]);
      return { second, resume, first: await first.done, firstPid: first.child.pid };
    });
    // A running deploy is not an unfinished one: --resume is refused as locked, and not journaled.
    assert.equal(value.resume.status, 4, value.resume.stderr);
    assert.match(value.resume.stderr, /run \S+ is not unfinished: it is still running \(\S+ pid \d+, lock taken \d+ s ago\)\. Wait for it to finish\./);
    assert.equal(value.second.status, 4, value.second.stderr);
    assert.match(value.second.stderr, new RegExp(`another deploy holds the lock \\S+: \\S+@\\S+ pid ${value.firstPid} \\(run \\S+\\), taken \\d+ s ago; its lease expires in \\d+ s unless its owner renews it\\. Wait for that deploy to finish\\.`));
    assert.equal(value.first.status, 0, value.first.stderr);
    assert.equal(load.failed, 0, describeLoad('two deploys', load));
    assert.deepEqual(driver.backends().sort(), ports(driver, 'green'));
    assert.equal(new AuditLog(settings.auditLog).unfinishedRun(), undefined, 'the refused attempts left the journal consistent');
  });

  it('SIGINT during the rollout cancels at the next safe point: exit 130, blue serves, lock released, 0 failed', async () => {
    const { demo, settings, driver, background } = await deployedShop();
    demo.applyNextRelease();
    const { value: run, load } = await underLoad('SIGINT during the rollout', async () => {
      const deploy = background(['deploy', '--env', 'local', '--json']);
      await deploy.waitFor(/"step":"node-1","status":"started"/, 90_000);
      deploy.child.kill('SIGINT');
      return deploy.done;
    });
    assert.equal(run.status, 130, run.stderr);
    const lines = jsonLines(run.stdout);
    assert.ok(lines.some((line) => line.event === 'note' && /SIGINT: cancelling at the next safe point/.test(line.message ?? '')), run.stdout);
    assert.equal(lines.at(-1)?.problem, 'cancelled');
    assert.equal(load.failed, 0, describeLoad('cancel', load));
    assert.deepEqual(driver.backends().sort(), ports(driver, 'blue'));
    assert.deepEqual(driver.running().map((record) => record.colour), ['blue', 'blue']);
    assert.equal(await lockValue(settings), null);
    assert.equal(new AuditLog(settings.auditLog).unfinishedRun(), undefined, 'a cancelled run is finished, not resumable');
  });

  it('SIGINT during a migration lets it finish, then stops before any node: exit 130; a second SIGINT is told it finishes first', async () => {
    const { demo, settings, driver, background } = await deployedShop();
    demo.project.write(
      'app/code/Acme/Shop/etc/migrations/20261201000000_add_note_to_acme_page_view.php',
      `<?php

use MX\\PhinxMigrations\\Migration;

class AddNoteToAcmePageView extends Migration
{
    public function up()
    {
        $this->execute('DO SLEEP(3)');
        $this->table('acme_page_view')
            ->addColumn('note', 'string', ['limit' => 32, 'null' => true])
            ->update();
    }

    public function down()
    {
        $this->table('acme_page_view')
            ->removeColumn('note')
            ->update();
    }
}
`,
    );
    demo.project.commit('A slow backward-compatible migration');
    const { value: run, load } = await underLoad('SIGINT twice during a migration', async () => {
      const deploy = background(['deploy', '--env', 'local', '--json']);
      await deploy.waitFor(/"step":"migrate","status":"started"/, 90_000);
      deploy.child.kill('SIGINT');
      await deploy.waitFor(/a migration is running and is never interrupted/, 10_000);
      deploy.child.kill('SIGINT');
      return deploy.done;
    });
    assert.equal(run.status, 130, run.stderr);
    const lines = jsonLines(run.stdout);
    const notes = lines.filter((line) => line.event === 'note').map((line) => line.message ?? '');
    assert.match(notes[0] ?? '', /^SIGINT: a migration is running and is never interrupted; it will finish first, then the deploy stops/);
    assert.match(notes[1] ?? '', /^SIGINT again: the migration is still running and will finish first; the deploy stops right after it\./);
    assert.ok(lines.some((line) => line.step === 'migrate' && line.status === 'succeeded'), 'the migration ran to its end');
    assert.ok(!lines.some((line) => line.step?.startsWith('node-')), 'no node was touched');
    assert.match(lines.at(-1)?.message ?? '', /cancelled before the first node/);
    const columns = (await mariadb.rootQuery(`SELECT COLUMN_NAME AS name FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'acme_page_view'`, [demo.database])) as Array<{ name: string }>;
    assert.ok(columns.some((column) => column.name === 'note'));
    assert.equal(load.failed, 0, describeLoad('cancel during migration', load));
    assert.deepEqual(driver.backends().sort(), ports(driver, 'blue'));
    assert.equal(await lockValue(settings), null);
  });

  it('at a terminal, the next run reports the killed run and asks; "r" resumes it: 0 failed requests', async () => {
    const deployed = await deployedShop();
    const { demo, settings, driver } = deployed;
    demo.applyNextRelease();
    const { value, load } = await underLoad('deploy killed, then resumed from the terminal prompt', async () => {
      const runId = await killMidRollout(deployed);
      const asked = startCli(['deploy', '--env', 'local'], { cwd: demo.project.dir, env: demo.env, terminalInput: 'r\n' });
      running.push(asked);
      return { runId, run: await asked.done };
    });
    assert.equal(value.run.status, 0, value.run.stdout);
    assert.match(value.run.stdout, new RegExp(`run ${value.runId} \\(deploy of release \\S+\\) never finished`));
    assert.match(value.run.stdout, /Resume it \(r\), roll back to the live release \(b\), or quit \(q\)\? /);
    assert.match(value.run.stdout, /to green on "local" \(from blue\), resuming its unfinished run/);
    assert.equal(load.failed, 0, describeLoad('resumed from the prompt', load));
    assert.deepEqual(driver.backends().sort(), ports(driver, 'green'));
    assert.equal((await liveState(settings))?.colour, 'green');
  });

  it('a stale lock on this machine is reported and --break-lock takes it; a lock from another machine is never broken', async () => {
    const { demo, settings, driver, cli } = await deployedShop();
    const gone = spawnSync('true').pid;
    const hold = (holder: object) => redisGet(settings, (connection) => connection.command('SET', `${settings.keyPrefix}local:lock`, JSON.stringify(holder), 'PX', 60_000));
    await hold({ owner: `ci@${hostname()} pid ${gone}`, runId: 'crashed-run', since: Date.now() - 120_000, host: hostname(), pid: gone });
    const refused = cli(['deploy', '--env', 'local']);
    assert.equal(refused.status, 4, refused.stderr);
    assert.match(refused.stderr, new RegExp(`another deploy holds the lock \\S+: ci@\\S+ pid ${gone} \\(run crashed-run\\), taken 12\\d s ago`));
    assert.match(refused.stderr, new RegExp(`The lock is stale: pid ${gone} on this machine \\(\\S+\\) is no longer running\\. Run again with --break-lock to take it`));
    assert.deepEqual(driver.backends().sort(), ports(driver, 'blue'), 'the refused deploy changed nothing');

    const { value: broken, load } = await underLoad('deploy with --break-lock', () => startCli(['deploy', '--env', 'local', '--break-lock'], { cwd: demo.project.dir, env: demo.env }).done);
    assert.equal(broken.status, 0, broken.stderr);
    assert.match(broken.stderr, new RegExp(`note: broke the stale lock of ci@\\S+ pid ${gone} \\(run crashed-run, taken 12\\d s ago\\)`));
    assert.equal(load.failed, 0, describeLoad('--break-lock', load));
    assert.equal(await lockValue(settings), null);

    await hold({ owner: 'deploy@build-7.example pid 4242', runId: 'remote-run', since: Date.now() - 30_000, host: 'build-7.example', pid: 4242 });
    const remote = cli(['deploy', '--env', 'local', '--break-lock']);
    assert.equal(remote.status, 4, remote.stderr);
    assert.match(remote.stderr, /Its owner runs on build-7\.example, which cannot be checked from here: wait for that deploy to finish; if that machine died, the lock frees itself when the lease runs out\./);
    assert.deepEqual(driver.backends().sort(), ports(driver, 'green'), 'the refused deploy changed nothing');
  });

  it('failing gates refuse the deploy before anything changes: exit 1, blue serves, lock released', async () => {
    const { demo, settings, driver, cli } = await deployedShop();
    bumpSetupVersion(demo);
    const run = cli(['deploy', '--env', 'local']);
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stderr, /the deploy gates failed: .*setup_version/);
    assert.doesNotMatch(run.stderr, /build started/);
    assert.deepEqual(driver.backends().sort(), ports(driver, 'blue'));
    assert.equal(await lockValue(settings), null);
  });
});
