// The command driver: the plan shows the user's argv with placeholders filled in per argument, and a
// real run of the per-node cycle with small Node scripts as the "servers" shows the order (start,
// health, enlist, drain, stop; node after node) and the way back when a node's health check fails.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { DeployError } from '../../../client/src/engine/deploy/deployError';
import { CommandDriver } from '../../../client/src/engine/deploy/drivers/commandDriver';
import type { StepStatus } from '../../../client/src/engine/deploy/auditLog';
import { BLUE, driverProject, GREEN, type DriverProject } from './driverProject';

// A stand-in for the team's own scripts: appends "<step> <args>" to steps.log; `health` fails for the
// node named in fail-health (if that file exists); `enlist` fails while fail-enlist exists.
const CONTROL_SCRIPT = `
const { appendFileSync, existsSync, readFileSync } = require('node:fs');
const [step, ...args] = process.argv.slice(2);
appendFileSync('steps.log', [step, ...args].join(' ') + '\\n');
if (step === 'health' && existsSync('fail-health') && readFileSync('fail-health', 'utf8').trim() === args[0]) {
  process.stderr.write('connection refused on ' + args[0]);
  process.exit(1);
}
if (step === 'enlist' && existsSync('fail-enlist')) {
  process.stderr.write('load balancer API unreachable');
  process.exit(3);
}
`;

const COMMAND = {
  nodes: ['web1', 'web2'],
  start: [process.execPath, 'control.cjs', 'start', '{node}', '{colour}', '{release}', 'cache={cacheDb}/{pageCacheDb}'],
  health: [process.execPath, 'control.cjs', 'health', '{node}', '{colour}'],
  enlist: [process.execPath, 'control.cjs', 'enlist', '{node}', '{colour}'],
  drain: [process.execPath, 'control.cjs', 'drain', '{node}', '{colour}'],
  stop: [process.execPath, 'control.cjs', 'stop', '{node}', '{colour}', '{release}'],
};

describe('command driver', () => {
  const made: DriverProject[] = [];
  after(() => made.forEach((entry) => entry.cleanup()));
  const setup = (extra: Record<string, unknown> = {}) => {
    const entry = driverProject({ driver: 'command', command: { ...COMMAND, ...extra } });
    made.push(entry);
    entry.shop.write('control.cjs', CONTROL_SCRIPT);
    return { entry, driver: new CommandDriver(entry.settings, entry.settings.driver.name === 'command' ? entry.settings.driver.command : assert.fail()) };
  };
  const run = (lines: Array<{ step: string; status: StepStatus }>) => ({ mode: 'deploy' as const, release: GREEN.release, from: BLUE, to: GREEN, env: process.env, record: (step: string, status: StepStatus) => lines.push({ step, status }) });

  it('plans each step\'s argv with the placeholders filled in', () => {
    const { driver } = setup();
    const plan = driver.planRoll({ mode: 'deploy', release: GREEN.release, from: BLUE, to: GREEN, env: {} });
    assert.deepEqual(
      plan.filter((step) => step.step === 'node-2').map((step) => step.argv?.slice(1)),
      [
        ['control.cjs', 'start', 'web2', 'green', GREEN.release, 'cache=2/3'],
        ['control.cjs', 'health', 'web2', 'green'],
        ['control.cjs', 'enlist', 'web2', 'green'],
        ['control.cjs', 'drain', 'web2', 'blue'],
        ['control.cjs', 'stop', 'web2', 'blue', BLUE.release],
      ],
    );
  });

  it('runs start, health, enlist, drain and stop for one node after the other', async () => {
    const { entry, driver } = setup();
    const lines: Array<{ step: string; status: StepStatus }> = [];
    await driver.roll(run(lines));
    assert.deepEqual(readFileSync(entry.shop.path('steps.log'), 'utf8').trim().split('\n'), [
      `start web1 green ${GREEN.release} cache=2/3`,
      'health web1 green',
      'enlist web1 green',
      'drain web1 blue',
      `stop web1 blue ${BLUE.release}`,
      `start web2 green ${GREEN.release} cache=2/3`,
      'health web2 green',
      'enlist web2 green',
      'drain web2 blue',
      `stop web2 blue ${BLUE.release}`,
    ]);
    assert.deepEqual(lines.map((line) => `${line.step} ${line.status}`), ['node-1 started', 'node-1 succeeded', 'node-2 started', 'node-2 succeeded']);
  });

  it('a node whose new instance stays unhealthy: that instance is stopped before any traffic, and the switched node goes back', async () => {
    const { entry, driver } = setup();
    entry.shop.write('fail-health', 'web2');
    const lines: Array<{ step: string; status: StepStatus }> = [];
    await assert.rejects(driver.roll(run(lines)), (error: unknown) => error instanceof DeployError && error.problem === 'unhealthy' && /web2/.test(error.message) && /connection refused on web2/.test(error.message));
    const steps = readFileSync(entry.shop.path('steps.log'), 'utf8').trim().split('\n');
    const afterNode1 = steps.slice(5);
    assert.equal(afterNode1[0], `start web2 green ${GREEN.release} cache=2/3`);
    assert.ok(afterNode1.filter((line) => line === 'health web2 green').length > 1, 'health was retried');
    assert.ok(!afterNode1.includes('enlist web2 green'), 'never enlisted');
    const tail = afterNode1.filter((line) => !line.startsWith('health web2'));
    assert.deepEqual(tail.slice(1), [`stop web2 green ${GREEN.release}`, `start web1 blue ${BLUE.release} cache=0/1`, 'health web1 blue', 'enlist web1 blue', 'drain web1 green', `stop web1 green ${GREEN.release}`]);
    assert.deepEqual(lines.map((line) => `${line.step} ${line.status}`), ['node-1 started', 'node-1 succeeded', 'node-2 started', 'node-2 failed', 'node-1-back started', 'node-1-back succeeded']);
  });

  it('a cancel between nodes switches the switched node back and ends as cancelled', async () => {
    const { entry, driver } = setup();
    const abort = new AbortController();
    const lines: Array<{ step: string; status: StepStatus }> = [];
    const context = { ...run(lines), signal: abort.signal, record: (step: string, status: StepStatus) => {
      lines.push({ step, status });
      if (step === 'node-1' && status === 'succeeded') abort.abort();
    } };
    await assert.rejects(driver.roll(context), (error: unknown) => error instanceof DeployError && error.problem === 'cancelled' && /1 of 2 node/.test(error.message));
    const steps = readFileSync(entry.shop.path('steps.log'), 'utf8').trim().split('\n');
    assert.ok(!steps.some((line) => line.startsWith('start web2')), 'node 2 was never touched');
    assert.deepEqual(steps.slice(5), [`start web1 blue ${BLUE.release} cache=0/1`, 'health web1 blue', 'enlist web1 blue', 'drain web1 green', `stop web1 green ${GREEN.release}`]);
  });

  it('a failing enlist command stops the new instance and names the command\'s error; the old one was never drained', async () => {
    const { entry, driver } = setup();
    entry.shop.write('fail-enlist', '');
    await assert.rejects(driver.roll(run([])), (error: unknown) => error instanceof DeployError && error.problem === 'driver-failed' && /exit 3/.test(error.message) && /load balancer API unreachable/.test(error.message));
    assert.deepEqual(readFileSync(entry.shop.path('steps.log'), 'utf8').trim().split('\n'), [`start web1 green ${GREEN.release} cache=2/3`, 'health web1 green', 'enlist web1 green', `stop web1 green ${GREEN.release}`]);
  });

  it('needs a health command or a health URL', () => {
    assert.throws(() => setup({ health: undefined }), (error: unknown) => error instanceof DeployError && /"health"/.test(error.message));
  });
});
