// Test helper: the naive deploy the blue-green pipeline is compared with, as many shops still do it:
// stop every instance, build, migrate, bump the schema (bin/upgrade.php, as setup:upgrade would), start
// again. Used by the deploy test (it must fail requests) and by the deploy bench (how many).
import { loadProject } from '../../server/src/analysis/project';
import { buildRelease } from '../../client/src/engine/deploy/buildRelease';
import { resolveDeploySettings } from '../../client/src/engine/deploy/deploySettings';
import { waitUntilHealthy } from '../../client/src/engine/deploy/healthCheck';
import type { LocalDriver } from '../../client/src/engine/deploy/localDriver';
import { runPhinx } from '../../client/src/engine/phinxRunner';
import { runProcess } from '../../server/src/analysis/processes';
import { NODES, type DemoShop } from './demoShop';

/** Deploys the shop's working tree as `release` onto blue the naive way; returns the ms from the first stop to all healthy. */
export async function naiveDeploy(demo: DemoShop, driver: LocalDriver, release: string): Promise<{ downtimeMs: number }> {
  const project = loadProject(demo.project.dir);
  const settings = resolveDeploySettings(project, 'local', demo.env);
  const started = Date.now();
  await driver.stopAll();
  await buildRelease(settings.buildCommand ?? [], release, { root: project.root, releaseDir: driver.releaseDir(release), env: demo.env });
  const migrated = await runPhinx(project, settings.environment, { command: 'migrate' }, { env: demo.env });
  if (migrated.outcome !== 'succeeded') throw new Error(`naive deploy: phinx migrate failed: ${migrated.stderr}`);
  const upgrade = await runProcess(['php', 'bin/upgrade.php'], { cwd: driver.releaseDir(release), env: demo.env });
  if (upgrade.exitCode !== 0) throw new Error(`naive deploy: bin/upgrade.php failed: ${upgrade.stderr}`);
  for (let index = 0; index < NODES; index += 1) {
    const spec = driver.instanceSpec('blue', index, release, settings.cacheDatabases.blue);
    driver.start(spec);
    const health = await waitUntilHealthy({ healthUrl: `${spec.baseUrl}${settings.health.path}`, pageUrl: `${spec.baseUrl}${settings.health.page}`, timeoutMs: 15_000, intervalMs: 100 });
    if (!health.healthy) throw new Error(`naive deploy: instance ${index + 1} never became healthy: ${health.lastProblem}`);
  }
  return { downtimeMs: Date.now() - started };
}

/** The release change the naive way ships: setup:upgrade-style releases bump setup_version. */
export function bumpSetupVersion(demo: DemoShop): void {
  demo.project.edit('app/code/Acme/Shop/etc/module.xml', 'setup_version="1.0.0"', 'setup_version="1.0.1"');
  demo.project.commit('Bump Acme_Shop');
}
