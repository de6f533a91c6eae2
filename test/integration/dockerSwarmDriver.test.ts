// The docker-swarm driver with the real docker CLI against a Docker Engine stand-in in swarm-manager
// mode on a unix socket: the service update carries the image, the colour's cache DB pair and the
// start-first / one-at-a-time / rollback-on-failure settings; its UpdateStatus is followed into the
// journal; an update Swarm rolled back fails the deploy. No Swarm runs here: the stand-in replays the
// UpdateStatus states of the Engine API.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { StepStatus } from '../../client/src/engine/deploy/auditLog';
import { DeployError } from '../../client/src/engine/deploy/deployError';
import { DockerSwarmDriver } from '../../client/src/engine/deploy/drivers/dockerSwarmDriver';
import { FakeDockerEngine } from '../helpers/fakeDockerEngine';
import { createTempDir, removeTempDir } from '../helpers/tempProject';
import { BLUE, driverProject, GREEN, type DriverProject } from '../unit/deploy/driverProject';

interface ServiceSpec {
  TaskTemplate: { ContainerSpec: { Image: string; Env?: string[] } };
  UpdateConfig?: { Parallelism?: number; FailureAction?: string; Order?: string };
  Labels?: Record<string, string>;
}

describe('docker-swarm driver: real docker CLI against a swarm-manager stand-in', () => {
  let dir: string;
  let engine: FakeDockerEngine;
  let entry: DriverProject;
  let driver: DockerSwarmDriver;

  before(async () => {
    dir = createTempDir('swarm');
    engine = await FakeDockerEngine.start(join(dir, 'manager.sock'), '127.0.0.1');
    entry = driverProject({ driver: 'docker-swarm', swarm: { dockerHost: engine.host, service: 'shop_php', image: 'registry.example.com/shop:{release}', pollSeconds: 0.05, timeoutSeconds: 20 } });
    driver = new DockerSwarmDriver(entry.settings, entry.settings.driver.name === 'docker-swarm' ? entry.settings.driver.swarm : assert.fail());
  });
  after(async () => {
    await engine?.stop();
    entry?.cleanup();
    removeTempDir(dir);
  });

  const context = (lines: Array<{ step: string; status: StepStatus; observed?: unknown }>) => ({ mode: 'deploy' as const, release: GREEN.release, from: BLUE, to: GREEN, env: { PATH: process.env.PATH, HOME: dir }, record: (step: string, status: StepStatus, detail?: Record<string, unknown>) => lines.push({ step, status, observed: detail?.observed }) });

  it('updates the service once (image, cache DB pair, start-first, parallelism 1, rollback on failure) and follows it to completed', async () => {
    const lines: Array<{ step: string; status: StepStatus; observed?: unknown }> = [];
    await driver.roll(context(lines));
    const [update] = engine.service.updates;
    assert.ok(update, 'one update request');
    const spec = update.spec as ServiceSpec;
    assert.equal(spec.TaskTemplate.ContainerSpec.Image.split('@')[0], `registry.example.com/shop:${GREEN.release}`);
    assert.deepEqual(spec.TaskTemplate.ContainerSpec.Env?.filter((variable) => variable.startsWith('MAGENTO_ZDD_')).sort(), ['MAGENTO_ZDD_CACHE_DB=2', 'MAGENTO_ZDD_COLOUR=green', 'MAGENTO_ZDD_PAGE_CACHE_DB=3', `MAGENTO_ZDD_RELEASE=${GREEN.release}`]);
    assert.equal(spec.UpdateConfig?.Parallelism, 1);
    assert.equal(spec.UpdateConfig?.FailureAction, 'rollback');
    assert.equal(spec.UpdateConfig?.Order, 'start-first');
    assert.deepEqual(lines.filter((line) => /^rollout-\d+$/.test(line.step)).map((line) => line.observed), ['updating: update updating', 'completed: update completed']);
    assert.deepEqual(lines.filter((line) => line.step === 'rollout').map((line) => line.status), ['started', 'succeeded']);
  });

  it('an update Swarm rolled back fails the deploy without a second rollback request', async () => {
    engine.service.updates.length = 0;
    engine.updateStates = ['updating', 'rollback_started', 'rollback_completed'];
    await assert.rejects(driver.roll(context([])), (error: unknown) => error instanceof DeployError && error.problem === 'unhealthy' && /rollback_completed/.test(error.message));
    assert.equal(engine.service.updates.length, 1);
  });

  it('an update that never completes is rolled back with docker service rollback after the time limit', async () => {
    engine.service.updates.length = 0;
    engine.updateStates = Array.from({ length: 1000 }, () => 'updating');
    const short = new DockerSwarmDriver(entry.settings, { ...(entry.settings.driver.name === 'docker-swarm' ? entry.settings.driver.swarm : assert.fail()), timeoutMs: 1_000 });
    await assert.rejects(short.roll(context([])), (error: unknown) => error instanceof DeployError && /did not complete within 1 s/.test(error.message));
    assert.equal(engine.service.updates.length, 2);
    assert.match(engine.service.updates[1]?.query ?? '', /rollback=previous/);
  });
});
