// The local driver's detached instances with real `php -S` processes on loopback ports: they outlive
// the driver object that started them and are adopted by another through their pid files; a stale pid
// file (process gone, or the pid now runs something else) is removed with a note and nothing is
// signalled; an instance left without a pid file by a killed run is recognised by its exact argv and
// recorded; a port held by a stranger (or a look-alike) is refused; stop() escalates to SIGKILL when SIGTERM is ignored.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { processIsAlive, signalProcessGroup, startDetached } from '../../server/src/analysis/processes';
import { DeployError } from '../../client/src/engine/deploy/deployError';
import type { LocalDriverSettings } from '../../client/src/engine/deploy/deploySettings';
import { LocalDriver, portAnswers, type InstanceSpec } from '../../client/src/engine/deploy/localDriver';
import { freeLoopbackPortRange } from '../helpers/ports';
import { createTempDir, removeTempDir } from '../helpers/tempProject';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const CACHE_PAIR: [number, number] = [0, 1];

async function until(condition: () => Promise<boolean> | boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe('local driver: detached instances with pid files (php -S on loopback)', () => {
  let root: string;
  let settings: LocalDriverSettings;
  const drivers: LocalDriver[] = [];

  function driver(php?: string[]): { driver: LocalDriver; notes: string[] } {
    const created = new LocalDriver(php ? { ...settings, php } : settings, 2);
    const notes: string[] = [];
    created.onNote = (text) => notes.push(text);
    drivers.push(created);
    return { driver: created, notes };
  }

  function release(name: string): void {
    mkdirSync(join(root, 'releases', name, 'pub'), { recursive: true });
    writeFileSync(join(root, 'releases', name, 'pub', 'index.php'), `<?php echo 'release ${name}';\n`);
  }

  before(async () => {
    root = createTempDir('local-driver');
    settings = {
      releasesDir: join(root, 'releases'),
      basePort: await freeLoopbackPortRange(4),
      php: ['php'],
      router: 'pub/index.php',
      docroot: 'pub',
      nginx: { command: ['nginx'], prefix: undefined, config: join(root, 'nginx.conf'), upstreamFile: join(root, 'upstream.conf') },
      instancesDir: join(root, 'instances'),
    };
    release('r1');
    release('r2');
  });
  afterEach(async () => {
    for (const created of drivers) await created.stopAll();
  });
  after(() => removeTempDir(root));

  it('an instance started by one driver is adopted by another (pid alive, same argv, port answers) and stopped by it', async () => {
    const { driver: starter } = driver();
    const spec = starter.instanceSpec('blue', 0, 'r1', CACHE_PAIR);
    starter.start(spec);
    await until(() => portAnswers(spec.port), 'php -S to listen');
    assert.equal(await (await fetch(`${spec.baseUrl}/`)).text(), 'release r1');

    const { driver: later, notes } = driver();
    const adopted = await later.adopt(spec);
    assert.ok(adopted, 'adopted');
    assert.deepEqual(adopted.argv, spec.argv);
    assert.ok(existsSync(adopted.logFile));
    const reused = await later.adoptOrStart(spec);
    assert.equal(reused.adopted, true);
    assert.equal(later.liveRecord('blue', 0)?.pid, adopted.pid, 'the same process, not a restart');
    // Another release on the same colour and node is not the same instance.
    assert.equal(await later.adopt(later.instanceSpec('blue', 0, 'r2', CACHE_PAIR)), undefined);

    assert.equal(await later.stop('blue', 0), true);
    assert.equal(processIsAlive(adopted.pid), false);
    assert.equal(await portAnswers(spec.port), false);
    assert.equal(later.isRunning('blue', 0), false);
    assert.deepEqual(notes, []);
  });

  it('adoptOrStart replaces an instance of another release on the same colour and node', async () => {
    const { driver: first } = driver();
    const old = first.instanceSpec('green', 1, 'r1', CACHE_PAIR);
    first.start(old);
    await until(() => portAnswers(old.port), 'the r1 instance');
    const oldPid = first.liveRecord('green', 1)?.pid;
    const next = first.instanceSpec('green', 1, 'r2', CACHE_PAIR);
    const started = await first.adoptOrStart(next);
    assert.equal(started.adopted, false);
    await until(async () => (await fetch(`${next.baseUrl}/`).then((response) => response.text(), () => '')) === 'release r2', 'the r2 instance');
    assert.notEqual(first.liveRecord('green', 1)?.pid, oldPid);
    assert.equal(processIsAlive(oldPid ?? -1), false);
  });

  it('a pid file whose process is gone, or whose pid now runs something else, is removed with a note and nothing is signalled', async () => {
    const { driver: checker, notes } = driver();
    mkdirSync(settings.instancesDir ?? '', { recursive: true });
    const gone = spawnSync('true').pid;
    const spec = checker.instanceSpec('blue', 0, 'r1', CACHE_PAIR);
    const record = (pid: number) => JSON.stringify({ colour: 'blue', index: 0, port: spec.port, release: 'r1', pid, startTicks: undefined, argv: spec.argv, logFile: checker.logFile('blue', 0), startedAt: new Date().toISOString() });
    const pidFile = join(settings.instancesDir ?? '', 'blue-0.json');

    writeFileSync(pidFile, record(gone));
    assert.equal(checker.isRunning('blue', 0), false);
    assert.equal(await checker.stop('blue', 0), false);
    assert.equal(existsSync(pidFile), false);
    assert.match(notes[0] ?? '', new RegExp(`instance blue-0: pid ${gone} from .*blue-0\\.json is no longer running it \\(process gone or pid reused\\); removed the stale pid file\\.`));

    // Our own pid: alive, but its command line is node's, not php -S: it must not be signalled.
    writeFileSync(pidFile, record(process.pid));
    assert.equal(await checker.stop('blue', 0), false);
    assert.equal(existsSync(pidFile), false);
    assert.equal(notes.length, 2);
  });

  it('a port held by a process without a pid file is refused, not fought over', async () => {
    const { driver: starter } = driver();
    const spec: InstanceSpec = starter.instanceSpec('blue', 1, 'r1', CACHE_PAIR);
    const stranger = createServer();
    await new Promise<void>((resolve) => stranger.listen(spec.port, '127.0.0.1', resolve));
    try {
      await assert.rejects(starter.adoptOrStart(spec), (error: unknown) => error instanceof DeployError && error.problem === 'driver-failed' && new RegExp(`port ${spec.port} \\(instance blue-1\\) is in use by a process magento-zdd did not start`).test(error.message));
    } finally {
      await new Promise((resolve) => stranger.close(resolve));
    }
  });

  it('an instance whose run was killed before writing its pid file is found by its exact argv, recorded with a note, then adopted or stopped', async () => {
    const { driver: killedRun } = driver();
    // What a run SIGKILLed right after the spawn leaves behind: the detached instance, and no pid file.
    const orphan = (colour: 'blue' | 'green', index: number, name: string) => {
      const spec = killedRun.instanceSpec(colour, index, name, CACHE_PAIR);
      mkdirSync(settings.instancesDir ?? '', { recursive: true });
      return { spec, pid: startDetached(spec.argv, { cwd: spec.releaseDir, env: { ...process.env, ...spec.env }, logFile: killedRun.logFile(colour, index) }).pid };
    };
    const same = orphan('green', 1, 'r1');
    const older = orphan('green', 0, 'r2');
    await until(async () => (await portAnswers(same.spec.port)) && (await portAnswers(older.spec.port)), 'both orphans to listen');

    const { driver: resumed, notes } = driver();
    const reused = await resumed.adoptOrStart(same.spec);
    assert.equal(reused.adopted, true, 'the orphan of the same release is adopted, not refused as a stranger');
    assert.equal(resumed.liveRecord('green', 1)?.pid, same.pid);
    assert.match(notes.join('\n'), new RegExp(`instance green-1: pid ${same.pid} serves release r1 on port ${same.spec.port} but had no pid file \\(a run was stopped between starting it and recording it, or the file was deleted\\); recorded it in .*green-1\\.json\\.`));

    // One that nobody asks for by name is still listed by running(), so stopAll() cannot leave it behind.
    assert.deepEqual(resumed.running().map((record) => `${record.colour}-${record.index} ${record.release} ${record.pid}`), [`green-0 r2 ${older.pid}`, `green-1 r1 ${same.pid}`]);
    assert.equal(await resumed.stop('green', 0), true);
    assert.equal(processIsAlive(older.pid), false);
    assert.equal(notes.length, 2, notes.join('\n'));
  });

  it('a look-alike of an instance (same -S address and folders, another command) is not ours: its port is refused', async () => {
    const { driver: checker, notes } = driver();
    const spec = checker.instanceSpec('blue', 0, 'r1', CACHE_PAIR);
    const listener = "const at = process.argv.indexOf('-S'); require('net').createServer().listen(Number(process.argv[at + 1].split(':')[1]), '127.0.0.1');";
    const lookAlike = startDetached([process.execPath, '-e', listener, '--', ...spec.argv.slice(settings.php.length)], { cwd: spec.releaseDir, logFile: join(root, 'look-alike.log') });
    try {
      await until(() => portAnswers(spec.port), 'the look-alike to listen');
      assert.equal(checker.liveRecord('blue', 0), undefined);
      await assert.rejects(checker.adoptOrStart(spec), /is in use by a process magento-zdd did not start/);
      assert.equal(processIsAlive(lookAlike.pid), true, 'it was not signalled');
      assert.deepEqual(notes, []);
    } finally {
      signalProcessGroup(lookAlike.pid, 'SIGKILL');
    }
  });

  it('stop() sends SIGKILL to the process group when SIGTERM is ignored, after a bounded wait', { timeout: 30_000 }, async () => {
    // A stand-in for a wedged instance: listens on the port given after -S and ignores SIGTERM.
    const stubborn = [process.execPath, '-e', "process.on('SIGTERM', () => {}); const at = process.argv.indexOf('-S'); require('net').createServer().listen(Number(process.argv[at + 1].split(':')[1]), '127.0.0.1');", '--'];
    const { driver: starter, notes } = driver(stubborn);
    const spec = starter.instanceSpec('green', 0, 'r1', CACHE_PAIR);
    starter.start(spec);
    await until(() => portAnswers(spec.port), 'the stand-in to listen');
    const pid = starter.liveRecord('green', 0)?.pid ?? -1;
    const began = Date.now();
    assert.equal(await starter.stop('green', 0), true);
    assert.ok(Date.now() - began >= 9_000, 'it waited for SIGTERM first');
    assert.equal(processIsAlive(pid), false);
    assert.match(notes.join('\n'), /ignored SIGTERM for 10000 ms; sent SIGKILL/);
  });
});
