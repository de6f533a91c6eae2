// The docker driver with the real docker CLI against Docker Engine stand-ins on unix sockets
// (DOCKER_HOST=unix://..., one per node): the argv the plan shows is what the CLI accepts; each node
// gets the new colour's container with its cache DB pair, is health-checked over HTTP, enlisted, and the
// old container is drained, stopped and removed; a release that does not come up is removed before it
// got traffic. Needs only the docker client (no engine runs on this machine).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { StepStatus } from '../../client/src/engine/deploy/auditLog';
import { DeployError } from '../../client/src/engine/deploy/deployError';
import { DockerDriver } from '../../client/src/engine/deploy/drivers/dockerDriver';
import type { SideOfSwitch } from '../../client/src/engine/deploy/rollingSwitch';
import { FakeDockerEngine } from '../helpers/fakeDockerEngine';
import { freeLoopbackPortRange } from '../helpers/ports';
import { createTempDir, removeTempDir } from '../helpers/tempProject';
import { driverProject, type DriverProject } from '../unit/deploy/driverProject';

const LOAD_BALANCER_SCRIPT = `
const { appendFileSync } = require('node:fs');
appendFileSync('lb.log', process.argv.slice(2).join(' ') + '\\n');
`;

const side = (colour: 'blue' | 'green', release: string): SideOfSwitch => ({ colour, release, cacheDatabases: colour === 'blue' ? [0, 1] : [2, 3] });

describe('docker driver: real docker CLI against Docker Engine stand-ins', () => {
  let dir: string;
  let engines: FakeDockerEngine[];
  let entry: DriverProject;
  let driver: DockerDriver;

  before(async () => {
    dir = createTempDir('docker-engines');
    engines = [await FakeDockerEngine.start(join(dir, 'web1.sock'), '127.0.0.1'), await FakeDockerEngine.start(join(dir, 'web2.sock'), '127.0.0.2')];
    const base = await freeLoopbackPortRange(2);
    entry = driverProject({
      driver: 'docker',
      docker: {
        image: 'registry.example.com/shop:{release}',
        hostPorts: { blue: base, green: base + 1 },
        nodes: engines.map((engine, index) => ({ name: `web${index + 1}`, dockerHost: engine.host, address: engine.address })),
        loadBalancer: { enlist: [process.execPath, 'lb.cjs', 'enlist', '{node}', '{address}:{port}', '{container}'], drain: [process.execPath, 'lb.cjs', 'drain', '{node}', '{address}:{port}'] },
      },
    });
    entry.shop.write('lb.cjs', LOAD_BALANCER_SCRIPT);
    driver = new DockerDriver(entry.settings, entry.settings.driver.name === 'docker' ? entry.settings.driver.docker : assert.fail());
  });
  after(async () => {
    for (const engine of engines ?? []) await engine.stop();
    entry?.cleanup();
    removeTempDir(dir);
  });

  // The docker CLI keeps its config under $HOME; the engine is chosen per node with -H.
  const context = (from: SideOfSwitch | undefined, to: SideOfSwitch, lines: string[] = []) => ({ mode: 'deploy' as const, release: to.release, from, to, env: { PATH: process.env.PATH, HOME: dir }, record: (step: string, status: StepStatus) => lines.push(`${step} ${status}`) });

  it('first deploy: runs the blue container on each node with its cache DB pair and enlists it', async () => {
    const lines: string[] = [];
    await driver.roll(context(undefined, side('blue', 'r1'), lines));
    for (const engine of engines) assert.deepEqual(engine.running(), ['zdd-prod-blue']);
    const blue = engines[0]?.containers.get('zdd-prod-blue');
    assert.equal(blue?.image, 'registry.example.com/shop:r1');
    assert.ok(blue?.env.includes('MAGENTO_ZDD_CACHE_DB=0') && blue.env.includes('MAGENTO_ZDD_PAGE_CACHE_DB=1'));
    assert.equal(blue?.labels['magento-zdd.colour'], 'blue');
    assert.deepEqual(lines, ['node-1 started', 'node-1 succeeded', 'node-2 started', 'node-2 succeeded']);
  });

  it('next deploy: green starts beside blue on each node, is enlisted, then blue is drained, stopped and removed', async () => {
    await driver.roll(context(side('blue', 'r1'), side('green', 'r2')));
    for (const engine of engines) assert.deepEqual(engine.running(), ['zdd-prod-green']);
    assert.ok(!engines[0]?.containers.has('zdd-prod-blue'), 'the old container was removed');
    const green = engines[1]?.containers.get('zdd-prod-green');
    assert.ok(green?.env.includes('MAGENTO_ZDD_CACHE_DB=2') && green.env.includes('MAGENTO_ZDD_RELEASE=r2'));
    const calls = engines[0]?.calls.map((call) => `${call.method} ${call.path.replace(/^\/v[\d.]+/, '').replace(/\?.*$/, '')}`).filter((call) => !call.endsWith('/_ping')) ?? [];
    const fromSecondDeploy = calls.slice(calls.lastIndexOf('DELETE /containers/zdd-prod-green'));
    const id = engines[0]?.containers.get('zdd-prod-green')?.id;
    assert.deepEqual(fromSecondDeploy.filter((call) => !call.startsWith('GET')), ['DELETE /containers/zdd-prod-green', 'POST /containers/create', `POST /containers/${id}/wait`, `POST /containers/${id}/start`, 'POST /containers/zdd-prod-blue/stop', 'DELETE /containers/zdd-prod-blue']);
    const lb = readFileSync(entry.shop.path('lb.log'), 'utf8').trim().split('\n');
    const port = (colour: 'blue' | 'green') => (entry.settings.driver.name === 'docker' ? entry.settings.driver.docker.hostPorts[colour] : 0);
    assert.deepEqual(lb.slice(-4), [`enlist web1 127.0.0.1:${port('green')} zdd-prod-green`, `drain web1 127.0.0.1:${port('blue')}`, `enlist web2 127.0.0.2:${port('green')} zdd-prod-green`, `drain web2 127.0.0.2:${port('blue')}`]);
  });

  it('a release whose container does not answer 200 is stopped and removed before any traffic; green keeps serving', async () => {
    engines.forEach((engine) => (engine.brokenImage = 'registry.example.com/shop:r3'));
    const before = readFileSync(entry.shop.path('lb.log'), 'utf8');
    await assert.rejects(driver.roll(context(side('green', 'r2'), side('blue', 'r3'))), (error: unknown) => error instanceof DeployError && error.problem === 'unhealthy' && /web1/.test(error.message) && /answered 500/.test(error.message));
    for (const engine of engines) assert.deepEqual(engine.running(), ['zdd-prod-green']);
    assert.ok(!engines[0]?.containers.has('zdd-prod-blue'));
    assert.equal(readFileSync(entry.shop.path('lb.log'), 'utf8'), before, 'the load balancer was not touched');
  });
});
