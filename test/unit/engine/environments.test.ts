// Environments of magento-zdd.json resolved into connection settings: app/etc/env.php in the shapes
// Magento writes it (host:port, a port key, a socket path, table_prefix, getenv() values), explicit
// settings, and the password sources. No database is needed.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { loadProject } from '../../../server/src/analysis/project';
import { EnvPhpError, readEnvPhpDatabase } from '../../../client/src/engine/envPhp';
import { EnvironmentError, listEnvironmentNames, resolveConnection, resolveEnvironment, type SecretProvider } from '../../../client/src/engine/environments';
import { TempProject } from '../../helpers/tempProject';

/** env.php as `bin/magento setup:install` writes it, with the given db/connection/default entries. */
function envPhp(connection: string, extra = ''): string {
  return `<?php
return [
    'backend' => [
        'frontName' => 'admin_1x2y'
    ],
    'db' => [
        'table_prefix' => 'm2_',
        'connection' => [
            'default' => [
${connection}
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
${extra}    'MAGE_MODE' => 'production'
];
`;
}

const STANDARD = `                'host' => 'db.internal:3307',
                'dbname' => 'magento',
                'username' => 'magento',
                'password' => 'from-env-php',`;

describe('app/etc/env.php', () => {
  const projects: TempProject[] = [];
  after(() => projects.forEach((project) => project.cleanup()));

  function shopWith(text: string | undefined, config?: object): TempProject {
    const project = TempProject.create('env-php');
    projects.push(project);
    if (text !== undefined) project.write('app/etc/env.php', text);
    if (config) project.write('magento-zdd.json', JSON.stringify(config));
    return project;
  }

  it('splits host:port as Magento\'s adapter does and reads dbname, username, password and table_prefix', () => {
    const read = readEnvPhpDatabase(shopWith(envPhp(STANDARD)).dir);
    assert.deepEqual(read, {
      host: 'db.internal',
      port: 3307,
      socket: undefined,
      database: 'magento',
      user: 'magento',
      password: { kind: 'literal', value: 'from-env-php' },
      tablePrefix: 'm2_',
      blueGreenEnabled: false,
    });
  });

  it('takes a separate port key when the host has none; host:port wins over it', () => {
    const withPortKey = readEnvPhpDatabase(shopWith(envPhp(STANDARD.replace('db.internal:3307', 'db.internal') + `\n                'port' => '3308',`)).dir);
    assert.deepEqual([withPortKey.host, withPortKey.port], ['db.internal', 3308]);
    const both = readEnvPhpDatabase(shopWith(envPhp(`${STANDARD}\n                'port' => '3308',`)).dir);
    assert.equal(both.port, 3307);
  });

  it('treats a host with a slash as a unix socket, and a plain host as the default port', () => {
    const socket = readEnvPhpDatabase(shopWith(envPhp(STANDARD.replace('db.internal:3307', '/var/run/mysqld/mysqld.sock'))).dir);
    assert.deepEqual([socket.host, socket.port, socket.socket], [undefined, undefined, '/var/run/mysqld/mysqld.sock']);
    const plain = readEnvPhpDatabase(shopWith(envPhp(STANDARD.replace('db.internal:3307', 'localhost'))).dir);
    assert.deepEqual([plain.host, plain.port], ['localhost', undefined]);
  });

  it('marks a getenv() password as computed rather than guessing it', () => {
    const read = readEnvPhpDatabase(shopWith(envPhp(STANDARD.replace(`'from-env-php'`, `getenv('DB_PASSWORD') ?: ''`))).dir);
    assert.deepEqual(read.password, { kind: 'computed' });
  });

  it('names the key when a needed value is computed at run time', () => {
    const project = shopWith(envPhp(STANDARD.replace(`'db.internal:3307'`, `getenv('DB_HOST')`)));
    assert.throws(() => readEnvPhpDatabase(project.dir), (error: unknown) => {
      assert.ok(error instanceof EnvPhpError);
      assert.equal(error.problem, 'runtime-value');
      assert.equal(error.key, 'db/connection/default/host');
      assert.match(error.message, /computes db\/connection\/default\/host at run time \(getenv\(\), a function call or a constant\)/);
      return true;
    });
  });

  it('reads the blue-green switch', () => {
    const read = readEnvPhpDatabase(shopWith(envPhp(STANDARD, `    'deployment' => [\n        'blue_green' => [\n            'enabled' => true\n        ]\n    ],\n`)).dir);
    assert.equal(read.blueGreenEnabled, true);
  });

  it('explains an env.php that is not a plain array', () => {
    for (const text of ["<?php\nreturn include __DIR__ . '/env.local.php';\n", "<?php\n$config = ['db' => []];\n", '<?php\nreturn array_merge(require "a.php", require "b.php");\n']) {
      assert.throws(() => readEnvPhpDatabase(shopWith(text).dir), (error: unknown) => {
        assert.ok(error instanceof EnvPhpError);
        assert.equal(error.problem, 'not-an-array');
        assert.match(error.message, /does not return a plain array .*without running PHP/);
        return true;
      });
    }
  });

  it('explains a missing env.php, a syntax error and a missing db/connection/default', () => {
    assert.throws(() => readEnvPhpDatabase(shopWith(undefined).dir), (error: unknown) => error instanceof EnvPhpError && error.problem === 'missing' && /app\/etc\/env\.php does not exist/.test(error.message));
    assert.throws(() => readEnvPhpDatabase(shopWith("<?php\nreturn [ 'db' => [ \n").dir), (error: unknown) => error instanceof EnvPhpError && error.problem === 'syntax');
    assert.throws(
      () => readEnvPhpDatabase(shopWith("<?php\nreturn ['MAGE_MODE' => 'production'];\n").dir),
      (error: unknown) => error instanceof EnvPhpError && error.problem === 'missing-key' && error.key === 'db/connection/default',
    );
  });
});

describe('resolving environments', () => {
  const projects: TempProject[] = [];
  after(() => projects.forEach((project) => project.cleanup()));

  function project(config: object, envPhpText: string = envPhp(STANDARD)) {
    const shop = TempProject.create('environments');
    projects.push(shop);
    shop.write('app/etc/env.php', envPhpText);
    shop.write('magento-zdd.json', JSON.stringify(config));
    return loadProject(shop.dir);
  }

  const secretsWith = (stored: Record<string, string>): SecretProvider => ({ getDatabasePassword: async (environment) => stored[environment] });

  it('lists the environments and names them all for an unknown one', async () => {
    const model = project({ environments: { local: { database: { fromEnvPhp: true } }, staging: { database: { database: 'shop', passwordEnv: 'STAGING_PW' } } } });
    assert.deepEqual(listEnvironmentNames(model), ['local', 'staging']);
    assert.throws(() => resolveEnvironment(model, 'prod'), (error: unknown) => {
      assert.ok(error instanceof EnvironmentError);
      assert.equal(error.problem, 'unknown-environment');
      assert.equal(error.message, 'unknown environment "prod"; magento-zdd.json defines "local", "staging".');
      return true;
    });
  });

  it('says how to add environments when there are none', () => {
    assert.throws(() => resolveEnvironment(project({}), 'local'), /no environments are configured: add "environments"/);
  });

  it('uses explicit settings with their defaults; an explicit port wins over host:port', async () => {
    const model = project({ environments: { ci: { database: { host: 'db:3310', database: 'shop', passwordEnv: 'CI_PW', tablePrefix: 'x_' }, migrationTable: 'zdd_log' } } });
    const settings = await resolveConnection(model, 'ci', { env: { CI_PW: '' } });
    assert.deepEqual(
      { host: settings.host, port: settings.port, user: settings.user, database: settings.database, tablePrefix: settings.tablePrefix, table: settings.migrationTable, password: settings.password },
      { host: 'db', port: 3310, user: 'root', database: 'shop', tablePrefix: 'x_', table: 'zdd_log', password: '' },
    );
    const overridden = project({ environments: { ci: { database: { host: 'db:3310', port: 3399, database: 'shop', passwordEnv: 'CI_PW' } } } });
    assert.equal((await resolveConnection(overridden, 'ci', { env: { CI_PW: 'x' } })).port, 3399);
  });

  it('takes the password from env.php, unless the passwordEnv variable is set', async () => {
    const model = project({ environments: { local: { database: { fromEnvPhp: true, passwordEnv: 'LOCAL_PW' } } } });
    const fromFile = await resolveConnection(model, 'local', { env: {} });
    assert.deepEqual([fromFile.password, fromFile.passwordSource, fromFile.host, fromFile.port, fromFile.tablePrefix], ['from-env-php', 'app/etc/env.php', 'db.internal', 3307, 'm2_']);
    const fromVariable = await resolveConnection(model, 'local', { env: { LOCAL_PW: 'override' } });
    assert.deepEqual([fromVariable.password, fromVariable.passwordSource], ['override', 'the variable LOCAL_PW']);
  });

  it('asks the secret provider when env.php computes the password', async () => {
    const model = project({ environments: { local: { database: { fromEnvPhp: true } } } }, envPhp(STANDARD.replace(`'from-env-php'`, `getenv('DB_PASSWORD')`)));
    const settings = await resolveConnection(model, 'local', { env: {}, secrets: secretsWith({ local: 'from-secret-storage' }) });
    assert.deepEqual([settings.password, settings.passwordSource], ['from-secret-storage', 'the secret storage']);
    await assert.rejects(resolveConnection(model, 'local', { env: {} }), (error: unknown) => {
      assert.ok(error instanceof EnvironmentError);
      assert.equal(error.problem, 'no-password');
      assert.match(error.message, /app\/etc\/env\.php computes db\/connection\/default\/password at run time \(getenv\(\) or a function call\)/);
      assert.match(error.message, /add "passwordEnv": "<VARIABLE>" to environments\.local\.database/);
      return true;
    });
  });

  it('says which variable is missing, and that magento-zdd.json never holds passwords', async () => {
    const named = project({ environments: { staging: { database: { database: 'shop', passwordEnv: 'STAGING_PW' } } } });
    await assert.rejects(resolveConnection(named, 'staging', { env: {} }), /the variable STAGING_PW \(passwordEnv\) is not set\. To fix it, export STAGING_PW/);
    const unnamed = project({ environments: { staging: { database: { database: 'shop' } } } });
    await assert.rejects(resolveConnection(unnamed, 'staging', { env: {} }), /magento-zdd\.json names no password source \(passwords never go in that file\)/);
    assert.equal((await resolveConnection(unnamed, 'staging', { env: {}, secrets: secretsWith({ staging: 's' }) })).password, 's');
  });

  it('wraps env.php problems with the environment name, and says when there are no database settings', async () => {
    const model = project({ environments: { local: { database: { fromEnvPhp: true } }, bare: { phinx: { environment: 'x' } } } }, '<?php\nreturn getConfig();\n');
    assert.throws(() => resolveEnvironment(model, 'local'), (error: unknown) => {
      assert.ok(error instanceof EnvironmentError);
      assert.equal(error.problem, 'env-php');
      assert.equal(error.envPhpError?.problem, 'not-an-array');
      assert.match(error.message, /^environment "local": app\/etc\/env\.php does not return a plain array/);
      return true;
    });
    await assert.rejects(resolveConnection(model, 'bare'), /environment "bare" has no "database" settings in magento-zdd\.json/);
  });
});
