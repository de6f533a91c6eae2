// Bench room: the zero-downtime proof with numbers. Real MariaDB, Redis and nginx in temp folders, the
// demo shop as `php -S` instances of the local driver (the same helpers as test/integration/deploy*),
// a bounded loopback load generator through nginx: (1) steady-state latency, (2) the blue-green deploy
// of a release with a backward-compatible migration under that load (failed requests must be 0), its
// p99 against the steady one, and the pipeline's own time beyond health waits and drain, (3) the same
// release deployed the naive way (stop all, migrate, bump setup_version, start): its failed requests.
import { loadProject } from '../../server/src/analysis/project';
import type { AuditEntry } from '../../client/src/engine/deploy/auditLog';
import { runDeploy, type DeployResult } from '../../client/src/engine/deploy/deployPipeline';
import { resolveDeploySettings } from '../../client/src/engine/deploy/deploySettings';
import { LocalDriver } from '../../client/src/engine/deploy/localDriver';
import { createDemoShop, type DemoShop } from '../helpers/demoShop';
import { describeLoad, LoadGenerator, type LoadReport } from '../helpers/loadGenerator';
import { MariaDbServer } from '../helpers/mariadb';
import { bumpSetupVersion, naiveDeploy } from '../helpers/naiveDeploy';
import { NginxServer } from '../helpers/nginx';
import { RedisServer } from '../helpers/redis';
import { startTogether } from '../helpers/services';

const LOAD = { concurrency: 4, maxRequests: 500_000, timeoutMs: 10_000 };
const STEADY_MS = 4_000;
const DEPLOY_LOAD_MAX_MS = 180_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface DeployBenchResult {
  steady: LoadReport;
  during: LoadReport;
  deploy: DeployResult;
  /** Journal durations of the steps that do the release's own work (not the pipeline's). */
  stepMs: Record<'gates' | 'build' | 'migrate', number>;
  naive: LoadReport;
  naiveDowntimeMs: number;
}

export async function benchDeploy(): Promise<DeployBenchResult> {
  const [mariadb, redis, nginx] = await startTogether(MariaDbServer.start(), RedisServer.start(), NginxServer.start());
  const shops: DemoShop[] = [];
  const drivers: LocalDriver[] = [];
  const shop = async () => {
    const demo = await createDemoShop(mariadb, redis, nginx);
    shops.push(demo);
    const settings = resolveDeploySettings(loadProject(demo.project.dir), 'local', demo.env);
    const driver = new LocalDriver(settings.local, settings.nodes, demo.env);
    drivers.push(driver);
    await runDeploy(loadProject(demo.project.dir), 'local', { driver, env: demo.env });
    return { demo, driver };
  };
  try {
    const blueGreen = await shop();
    blueGreen.demo.applyNextRelease();
    const steady = await new LoadGenerator({ ...LOAD, url: nginx.url, maxDurationMs: STEADY_MS }).done;
    const stepMs = { gates: 0, build: 0, migrate: 0 };
    const onEntry = (entry: AuditEntry) => {
      if (entry.status === 'succeeded' && (entry.step === 'gates' || entry.step === 'build' || entry.step === 'migrate')) stepMs[entry.step] = entry.durationMs ?? 0;
    };
    const load = new LoadGenerator({ ...LOAD, url: nginx.url, maxDurationMs: DEPLOY_LOAD_MAX_MS });
    const deploy = await runDeploy(loadProject(blueGreen.demo.project.dir), 'local', { driver: blueGreen.driver, env: blueGreen.demo.env, onEntry });
    const during = await load.stop();
    await blueGreen.driver.stopAll();

    const naiveShop = await shop();
    naiveShop.demo.applyNextRelease();
    bumpSetupVersion(naiveShop.demo);
    const naiveLoad = new LoadGenerator({ ...LOAD, url: nginx.url, maxDurationMs: DEPLOY_LOAD_MAX_MS });
    await sleep(300);
    const { downtimeMs } = await naiveDeploy(naiveShop.demo, naiveShop.driver, 'naive-release');
    await sleep(300);
    const naive = await naiveLoad.stop();
    return { steady, during, deploy, stepMs, naive, naiveDowntimeMs: downtimeMs };
  } finally {
    for (const driver of drivers) await driver.stopAll();
    await Promise.all([nginx.stop(), redis.stop(), mariadb.stop()]);
    shops.forEach((demo) => demo.cleanup());
  }
}

export function deployTargetsMet(result: DeployBenchResult): boolean {
  return result.steady.failed === 0 && result.during.failed === 0 && result.naive.failed > 0;
}

export function reportDeployBench(result: DeployBenchResult): string {
  const { deploy, stepMs } = result;
  const beyond = deploy.totalMs - deploy.healthWaitMs - deploy.drainMs;
  const releaseWork = stepMs.gates + stepMs.build + stepMs.migrate;
  return [
    `(e) blue-green deploy under load (${LOAD.concurrency} concurrent loopback clients through nginx, 2 nodes, backward-compatible migration):`,
    `    ${describeLoad('steady state', result.steady)}`,
    `    ${describeLoad('during the deploy', result.during)}${result.during.failed === 0 ? '' : '  <-- MISSED: must be 0'}`,
    `    p99 during the deploy ${result.during.p99Ms} ms vs steady ${result.steady.p99Ms} ms (x${(result.during.p99Ms / Math.max(result.steady.p99Ms, 0.1)).toFixed(1)})`,
    `    pipeline: ${deploy.totalMs} ms total = ${deploy.healthWaitMs} ms health waits + ${deploy.drainMs} ms drain + ${beyond} ms beyond them` +
      ` (gates ${stepMs.gates} ms, build ${stepMs.build} ms, migrate ${stepMs.migrate} ms, and ${beyond - releaseWork} ms the pipeline's own: lock, state, instance starts, nginx reloads, journal)`,
    `(f) the same release deployed the naive way (stop all, migrate, bump setup_version, start):`,
    `    ${describeLoad('during the naive deploy', result.naive)}${result.naive.failed > 0 ? '' : '  <-- expected failed requests'}`,
    `    ${result.naiveDowntimeMs} ms from the first stop to all instances healthy`,
  ].join('\n');
}
