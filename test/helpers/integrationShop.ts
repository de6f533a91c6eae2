// Test helper: a copy of the sample shop wired to a database of the test MariaDB: app/etc/env.php as
// Magento writes it (host:port, password from getenv()), a phinx.php in MX_PhinxMigrations' shape that
// also passes the port (the test server is not on 3306), the Phinx stand-in as vendor/bin/phinx, and
// magento-zdd.json environments. The database holds the tables a real shop would have before the
// sample migrations run.
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { MariaDbServer } from './mariadb';
import { FIXTURES, TempProject } from './tempProject';

export const PHINX_STANDIN = join(FIXTURES, 'phinx-standin', 'phinx');
export const PASSWORD_VARIABLE = 'ZDD_TEST_DB_PASSWORD';

/**
 * A Magento app/etc/env.php for the test database. With `redisSocket`, the cache frontends use Redis and
 * read their DB numbers from the variables the local deploy driver sets per colour.
 */
export function envPhpText(options: { host: string; dbname: string; username: string; tablePrefix?: string; blueGreen?: boolean; redisSocket?: string }): string {
  const cache = (socket: string, database: string, fallback: string) => `[
                'id_prefix' => 'acm_',
                'backend' => 'Magento\\\\Framework\\\\Cache\\\\Backend\\\\Redis',
                'backend_options' => [
                    'server' => '${socket}',
                    'port' => '0',
                    'database' => getenv('${database}') ?: '${fallback}'
                ]
            ]`;
  const cacheSection = options.redisSocket
    ? `
    'cache' => [
        'frontend' => [
            'default' => ${cache(options.redisSocket, 'MAGENTO_ZDD_CACHE_DB', '0')},
            'page_cache' => ${cache(options.redisSocket, 'MAGENTO_ZDD_PAGE_CACHE_DB', '1')}
        ]
    ],`
    : '';
  return `<?php
return [
    'backend' => [
        'frontName' => 'admin'
    ],
    'db' => [
        'table_prefix' => '${options.tablePrefix ?? ''}',
        'connection' => [
            'default' => [
                'host' => '${options.host}',
                'dbname' => '${options.dbname}',
                'username' => '${options.username}',
                'password' => getenv('${PASSWORD_VARIABLE}') ?: '',
                'model' => 'mysql4',
                'engine' => 'innodb',
                'initStatements' => 'SET NAMES utf8;',
                'active' => '1',
                'driver_options' => [
                    1014 => false
                ]
            ]
        ]
    ],
    'resource' => [
        'default_setup' => [
            'connection' => 'default'
        ]
    ],${cacheSection}
    'MAGE_MODE' => 'production',
    'deployment' => [
        'blue_green' => [
            'enabled' => ${options.blueGreen ? 'true' : 'false'}
        ]
    ]
];
`;
}

/** MX_PhinxMigrations' phinx.php, plus the port and Magento's socket-in-host rule. */
export const PHINX_PHP = `<?php
$env = include __DIR__ . '/app/etc/env.php';
$db = $env['db']['connection']['default'];
$endpoint = strpos($db['host'], '/') !== false
    ? ['unix_socket' => $db['host']]
    : ['host' => explode(':', $db['host'])[0], 'port' => (int)(explode(':', $db['host'])[1] ?? 3306)];

return [
    'paths' => [
        'migrations' => [
            __DIR__ . '/src/*/*/etc/migrations',
            __DIR__ . '/app/code/*/*/etc/migrations',
        ],
    ],
    'environments' => [
        'default_migration_table' => 'phinxlog',
        'default_database' => $db['dbname'],
        $db['dbname'] => $endpoint + [
            'adapter' => 'mysql',
            'name' => $db['dbname'],
            'user' => $db['username'],
            'pass' => $db['password'],
            'charset' => 'utf8',
        ],
    ],
    'version_order' => 'creation',
];
`;

export interface IntegrationShop {
  project: TempProject;
  database: string;
  user: string;
  password: string;
  /** The process environment the CLI and phinx need (the password variable set). */
  env: NodeJS.ProcessEnv;
}

let counter = 0;

/**
 * A shop with environments "local" (fromEnvPhp) and "production" (explicit, production: true), both
 * on a fresh database of `server`.
 */
export async function createIntegrationShop(server: MariaDbServer, options: { tablePrefix?: string; environments?: Record<string, unknown> } = {}): Promise<IntegrationShop> {
  counter += 1;
  const database = `shop_${process.pid}_${counter}`;
  const user = `shop_${counter}`;
  const password = `pw-${counter}-${Math.random().toString(36).slice(2)}`;
  await server.createDatabase(database, user, password);
  const prefix = options.tablePrefix ?? '';
  await server.rootQuery(
    `USE \`${database}\`;
     CREATE TABLE \`${prefix}setup_module\` (module VARCHAR(50) NOT NULL PRIMARY KEY, schema_version VARCHAR(50) NULL, data_version VARCHAR(50) NULL);
     CREATE TABLE acme_loyalty_points (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, customer_id INT UNSIGNED NOT NULL, points INT NOT NULL DEFAULT 0);`,
  );
  const project = TempProject.committed('integration-shop');
  project.write('app/etc/env.php', envPhpText({ host: `127.0.0.1:${server.port}`, dbname: database, username: user, tablePrefix: prefix }));
  project.write('phinx.php', PHINX_PHP);
  mkdirSync(project.path('vendor/bin'), { recursive: true });
  copyFileSync(PHINX_STANDIN, project.path('vendor/bin/phinx'));
  project.write(
    'magento-zdd.json',
    `${JSON.stringify(
      {
        server: 'mariadb-10.6',
        environments: options.environments ?? {
          local: { database: { fromEnvPhp: true, passwordEnv: PASSWORD_VARIABLE } },
          production: {
            database: { host: server.host, port: server.port, user, database, passwordEnv: PASSWORD_VARIABLE, tablePrefix: prefix },
            production: true,
          },
        },
      },
      null,
      2,
    )}\n`,
  );
  project.commit('Wire the shop to the test database');
  return { project, database, user, password, env: { ...process.env, [PASSWORD_VARIABLE]: password } };
}

export interface IntegrationShops {
  /** The suite's MariaDB (started in its `before`). */
  readonly server: MariaDbServer;
  /** A new shop on that server, removed after the suite. */
  shop(options?: Parameters<typeof createIntegrationShop>[1]): Promise<IntegrationShop>;
}

/** Inside a `describe`: one MariaDB for the suite and the shops made on it, all stopped and removed after it. */
export function integrationShops(defaults: Parameters<typeof createIntegrationShop>[1] = {}): IntegrationShops {
  let server: MariaDbServer | undefined;
  const shops: IntegrationShop[] = [];
  before(async () => {
    server = await MariaDbServer.start();
  });
  after(async () => {
    shops.forEach((shop) => shop.project.cleanup());
    await server?.stop();
  });
  return {
    get server(): MariaDbServer {
      if (!server) throw new Error('MariaDB is started in the suite\'s before hook');
      return server;
    },
    async shop(options = {}) {
      const created = await createIntegrationShop(this.server, { ...defaults, ...options });
      shops.push(created);
      return created;
    },
  };
}
