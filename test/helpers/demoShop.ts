// Test helper: the demo shop (test/fixtures/demo-shop) wired for the deploy tests: its own database
// on the test MariaDB (setup_module and acme_page_view as a Magento install leaves them), app/etc/env.php
// with the Redis socket and the per-colour cache DBs from getenv(), phinx.php and the Phinx stand-in,
// and magento-zdd.json with a `local` deploy section pointing at the test nginx.
import { copyFileSync, cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { MariaDbServer } from './mariadb';
import type { NginxServer } from './nginx';
import { freeLoopbackPortRange } from './ports';
import { killProcessesServing } from './strayProcesses';
import { envPhpText, PASSWORD_VARIABLE, PHINX_PHP, PHINX_STANDIN } from './integrationShop';
import type { RedisServer } from './redis';
import { FIXTURES, TempProject, createTempDir, removeTempDir } from './tempProject';

export const DEMO_SHOP = join(FIXTURES, 'demo-shop');
/** The next release: a backward-compatible migration and the code that uses its column. */
export const DEMO_SHOP_NEXT = join(FIXTURES, 'demo-shop-next');
export const NODES = 2;

export interface DemoShop {
  project: TempProject;
  database: string;
  releasesDir: string;
  env: NodeJS.ProcessEnv;
  /** Copies demo-shop-next over the project and commits it. */
  applyNextRelease(): void;
  cleanup(): void;
}

let counter = 0;

export async function createDemoShop(mariadb: MariaDbServer, redis: RedisServer, nginx: NginxServer, deploy: { healthTimeoutMs?: number; drainMs?: number } = {}): Promise<DemoShop> {
  counter += 1;
  const database = `demo_${process.pid}_${counter}`;
  const user = `demo_${counter}`;
  const password = `pw-${counter}-${Math.random().toString(36).slice(2)}`;
  await mariadb.createDatabase(database, user, password);
  await mariadb.rootQuery(
    `USE \`${database}\`;
     CREATE TABLE setup_module (module VARCHAR(50) NOT NULL PRIMARY KEY, schema_version VARCHAR(50) NULL, data_version VARCHAR(50) NULL);
     INSERT INTO setup_module VALUES ('Acme_Shop', '1.0.0', '1.0.0');
     CREATE TABLE acme_page_view (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, path VARCHAR(255) NOT NULL, created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP);`,
  );
  const project = TempProject.committed('demo-shop', DEMO_SHOP);
  const releasesDir = createTempDir('releases');
  const basePort = await freeLoopbackPortRange(2 * NODES);
  project.write('app/etc/env.php', envPhpText({ host: `127.0.0.1:${mariadb.port}`, dbname: database, username: user, redisSocket: redis.socket }));
  project.write('phinx.php', PHINX_PHP);
  mkdirSync(project.path('vendor/bin'), { recursive: true });
  copyFileSync(PHINX_STANDIN, project.path('vendor/bin/phinx'));
  project.write('.gitignore', '.magento-zdd/\n');
  project.write(
    'magento-zdd.json',
    `${JSON.stringify(
      {
        server: 'mariadb-10.6',
        environments: {
          local: {
            database: { fromEnvPhp: true, passwordEnv: PASSWORD_VARIABLE },
            deploy: {
              driver: 'local',
              nodes: NODES,
              // cp -r . <dir>: the release is a copy of the checkout, as a CI artifact would be.
              build: { command: ['cp', '-r', '.', join(releasesDir, '{release}')] },
              redis: { socket: redis.socket, keyPrefix: `magento-zdd:${database}:` },
              health: { timeoutMs: deploy.healthTimeoutMs ?? 15_000, intervalMs: 100 },
              drainMs: deploy.drainMs ?? 500,
              local: { releasesDir, basePort, nginx: { prefix: nginx.prefix, config: nginx.config, upstreamFile: nginx.upstreamFile } },
            },
          },
        },
      },
      null,
      2,
    )}\n`,
  );
  project.commit('Wire the demo shop to the test services');
  return {
    project,
    database,
    releasesDir,
    env: { ...process.env, [PASSWORD_VARIABLE]: password },
    applyNextRelease() {
      cpSync(DEMO_SHOP_NEXT, project.dir, { recursive: true, filter: (source) => !source.endsWith('README.md') });
      project.commit('Next release: acme_page_view.source');
    },
    cleanup() {
      // The tests stop their instances through the driver; whatever still serves a release was leaked,
      // and would hold its port into later tests.
      const leaked = killProcessesServing(releasesDir);
      if (leaked > 0) process.stderr.write(`demo shop: killed ${leaked} leaked process(es) still serving ${releasesDir}\n`);
      project.cleanup();
      removeTempDir(releasesDir);
    },
  };
}
