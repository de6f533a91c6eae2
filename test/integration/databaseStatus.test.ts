// The engine against a real MariaDB: phinxlog and setup_module reading (table prefix included), the
// migration status merge, setup-version drift in both directions, and the errors a user meets when
// the database cannot be reached or the password is wrong.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadProject } from '../../server/src/analysis/project';
import { DatabaseError, readDatabaseStatus, withDatabase } from '../../client/src/engine/databaseStatus';
import { resolveConnection, type ConnectionSettings } from '../../client/src/engine/environments';
import { readMigrationStatus, statusExitCode } from '../../client/src/engine/migrationStatus';
import { checkSetupVersionDrift, readSetupModuleSnapshot } from '../../client/src/engine/setupVersionDrift';
import { integrationShops, PASSWORD_VARIABLE, type IntegrationShop } from '../helpers/integrationShop';

const CATALOG = '20240506091500';
const LOYALTY = '20240612140000';

describe('database status against MariaDB', () => {
  const mariadb = integrationShops();
  const shop = mariadb.shop.bind(mariadb);

  async function insertPhinxlog(target: IntegrationShop, rows: Array<[string, string, number?]>): Promise<void> {
    await mariadb.server.rootQuery(
      `CREATE TABLE IF NOT EXISTS \`${target.database}\`.phinxlog (version BIGINT NOT NULL PRIMARY KEY, migration_name VARCHAR(100) NULL, start_time TIMESTAMP NULL, end_time TIMESTAMP NULL, breakpoint TINYINT(1) NOT NULL DEFAULT 0)`,
    );
    for (const [version, name, breakpoint] of rows) {
      await mariadb.server.rootQuery(`INSERT INTO \`${target.database}\`.phinxlog VALUES (?, ?, '2024-06-01 10:00:00', '2024-06-01 10:00:01', ?)`, [version, name, breakpoint ?? 0]);
    }
  }

  async function connection(target: IntegrationShop, environment = 'local'): Promise<ConnectionSettings> {
    return resolveConnection(loadProject(target.project.dir), environment, { env: target.env });
  }

  it('reads phinxlog with exact versions and the times as the database shows them', async () => {
    const target = await shop();
    await insertPhinxlog(target, [[LOYALTY, 'AddLoyaltyTierToCustomerPoints'], [CATALOG, 'CreateAcmeProductBadge', 1]]);
    const status = await readDatabaseStatus(await connection(target));
    assert.equal(status.phinxlog.exists, true);
    assert.deepEqual(status.phinxlog.rows, [
      { version: CATALOG, migrationName: 'CreateAcmeProductBadge', startTime: '2024-06-01 10:00:00', endTime: '2024-06-01 10:00:01', breakpoint: true },
      { version: LOYALTY, migrationName: 'AddLoyaltyTierToCustomerPoints', startTime: '2024-06-01 10:00:00', endTime: '2024-06-01 10:00:01', breakpoint: false },
    ]);
  });

  it('treats a missing phinxlog as nothing applied yet, not as an error', async () => {
    const target = await shop();
    const report = await readMigrationStatus(loadProject(target.project.dir), 'local', { env: target.env });
    assert.equal(report.tableExists, false);
    assert.deepEqual(
      report.entries.map((entry) => [entry.version, entry.state]),
      [
        [CATALOG, 'pending'],
        [LOYALTY, 'pending'],
      ],
    );
    assert.equal(statusExitCode(report), 3);
  });

  it('reads the configured migration table and setup_module with Magento\'s table prefix', async () => {
    const target = await shop({
      tablePrefix: 'm2_',
      environments: { local: { database: { fromEnvPhp: true, passwordEnv: PASSWORD_VARIABLE }, migrationTable: 'zdd_phinxlog' } },
    });
    await mariadb.server.rootQuery(`CREATE TABLE \`${target.database}\`.zdd_phinxlog (version BIGINT NOT NULL PRIMARY KEY, migration_name VARCHAR(100) NULL, start_time TIMESTAMP NULL, end_time TIMESTAMP NULL, breakpoint TINYINT(1) NOT NULL DEFAULT 0)`);
    await mariadb.server.rootQuery(`INSERT INTO \`${target.database}\`.zdd_phinxlog VALUES (?, 'CreateAcmeProductBadge', NULL, NULL, 0)`, [CATALOG]);
    await mariadb.server.rootQuery(`INSERT INTO \`${target.database}\`.m2_setup_module VALUES ('Acme_Checkout', '2.1.0', '2.1.0')`);
    const settings = await connection(target);
    assert.equal(settings.tablePrefix, 'm2_');
    const status = await readDatabaseStatus(settings);
    assert.equal(status.phinxlog.table, 'zdd_phinxlog');
    assert.deepEqual(status.phinxlog.rows.map((row) => row.version), [CATALOG]);
    assert.equal(status.setupModule.table, 'm2_setup_module');
    assert.deepEqual(status.setupModule.snapshot.modules.get('Acme_Checkout'), { schemaVersion: '2.1.0', dataVersion: '2.1.0' });
  });

  it('merges files and phinxlog: applied with times, pending, and a row whose file is gone (exit codes 0, 3, 2)', async () => {
    const target = await shop();
    const project = loadProject(target.project.dir);
    await insertPhinxlog(target, [[CATALOG, 'CreateAcmeProductBadge'], [LOYALTY, 'AddLoyaltyTierToCustomerPoints']]);
    let report = await readMigrationStatus(project, 'local', { env: target.env });
    assert.deepEqual([report.appliedCount, report.pendingCount, report.missingCount, statusExitCode(report)], [2, 0, 0, 0]);
    assert.equal(report.entries[0].startTime, '2024-06-01 10:00:00');
    assert.equal(report.entries[0].module, 'Acme_Catalog');

    await mariadb.server.rootQuery(`DELETE FROM \`${target.database}\`.phinxlog WHERE version = ?`, [LOYALTY]);
    report = await readMigrationStatus(project, 'local', { env: target.env });
    assert.deepEqual([report.pendingCount, statusExitCode(report)], [1, 3]);

    await insertPhinxlog(target, [['20230101000000', 'DroppedLongAgo']]);
    report = await readMigrationStatus(project, 'local', { env: target.env });
    assert.deepEqual(
      report.entries.map((entry) => [entry.version, entry.state, entry.name]),
      [
        ['20230101000000', 'missing', 'DroppedLongAgo'],
        [CATALOG, 'applied', 'CreateAcmeProductBadge'],
        [LOYALTY, 'pending', 'AddLoyaltyTierToCustomerPoints'],
      ],
    );
    // Missing wins over pending, as in phinx status.
    assert.equal(statusExitCode(report), 2);
  });

  it('finds setup-version drift both ways and a missing row as "none", skipping modules without setup_version', async () => {
    const target = await shop();
    const project = loadProject(target.project.dir);
    // Acme_Checkout declares 2.1.0: the database is ahead. Acme_Loyalty declares 1.4.2: no row (none).
    // Acme_Catalog has no setup_version: skipped even though its row differs.
    await mariadb.server.rootQuery(`INSERT INTO \`${target.database}\`.setup_module VALUES ('Acme_Checkout', '2.2.0', '2.2.0'), ('Acme_Catalog', '9.9.9', '9.9.9')`);
    const snapshot = await readSetupModuleSnapshot(project, 'local', { env: target.env });
    assert.equal(snapshot.requestCheckDisabled, false);
    const findings = await checkSetupVersionDrift(project, snapshot);
    assert.deepEqual(
      findings.map((finding) => [finding.file, finding.severity]),
      [
        ['app/code/Acme/Checkout/etc/module.xml', 'error'],
        ['src/Acme/Loyalty/etc/module.xml', 'error'],
      ],
    );
    assert.match(findings[0].message, /Please update your modules: Run "composer install" from the Magento root directory\./);
    assert.match(findings[0].message, /Acme_Checkout schema: code version - 2\.1\.0, database version - 2\.2\.0/);
    assert.match(findings[1].message, /Please upgrade your database: Run "bin\/magento setup:upgrade" from the Magento root directory\./);
    assert.match(findings[1].message, /Acme_Loyalty schema: current version - none, required version - 1\.4\.2/);
    assert.match(findings[1].message, /Acme_Loyalty data: current version - none, required version - 1\.4\.2/);

    // Database behind the code.
    await mariadb.server.rootQuery(`UPDATE \`${target.database}\`.setup_module SET schema_version = '2.0.0', data_version = '2.1.0' WHERE module = 'Acme_Checkout'`);
    const behind = await checkSetupVersionDrift(project, await readSetupModuleSnapshot(project, 'local', { env: target.env }));
    const checkout = behind.filter((finding) => finding.file === 'app/code/Acme/Checkout/etc/module.xml');
    assert.equal(checkout.length, 1, 'data_version matches; only the schema line remains');
    assert.match(checkout[0].message, /Acme_Checkout schema: current version - 2\.0\.0, required version - 2\.1\.0/);
    assert.doesNotMatch(checkout[0].message, /Acme_Checkout data:/);
  });

  it('reports drift as info when the environment\'s env.php turns the request-time check off', async () => {
    const target = await shop();
    target.project.edit('app/etc/env.php', "'enabled' => false", "'enabled' => true");
    const project = loadProject(target.project.dir);
    const snapshot = await readSetupModuleSnapshot(project, 'local', { env: target.env });
    assert.equal(snapshot.requestCheckDisabled, true);
    const findings = await checkSetupVersionDrift(project, snapshot);
    assert.ok(findings.length > 0);
    assert.ok(findings.every((finding) => finding.severity === 'info'));
    assert.match(findings[0].message, /blue-green switch/);
  });

  it('says which table is missing when setup_module does not exist', async () => {
    const target = await shop();
    await mariadb.server.rootQuery(`DROP TABLE \`${target.database}\`.setup_module`);
    await assert.rejects(readSetupModuleSnapshot(loadProject(target.project.dir), 'local', { env: target.env }), (error: unknown) => {
      assert.ok(error instanceof DatabaseError);
      assert.equal(error.problem, 'missing-table');
      assert.match(error.message, /has no setup_module table: Magento is not installed there, or the table prefix \(""\) is wrong/);
      return true;
    });
  });

  describe('errors written for the user', () => {
    it('a wrong password: access denied, naming where the password came from, never the password', async () => {
      const target = await shop();
      const settings = { ...(await connection(target)), password: 'not-the-password-xyz' };
      await assert.rejects(withDatabase(settings, async () => undefined), (error: unknown) => {
        assert.ok(error instanceof DatabaseError);
        assert.equal(error.problem, 'access-denied');
        assert.match(error.message, new RegExp(`access denied for user "${target.user}" to the database of "local" at 127\\.0\\.0\\.1:${mariadb.server.port}: the password from the variable ${PASSWORD_VARIABLE} is wrong`));
        assert.doesNotMatch(error.message, /not-the-password-xyz/);
        assert.doesNotMatch(error.message, new RegExp(target.password));
        return true;
      });
    });

    it('a closed port: unreachable, connection refused', async () => {
      const target = await shop();
      const settings = { ...(await connection(target)), port: 1 };
      await assert.rejects(withDatabase(settings, async () => undefined), (error: unknown) => {
        assert.ok(error instanceof DatabaseError);
        assert.equal(error.problem, 'unreachable');
        assert.match(error.message, /cannot reach the database of "local" at 127\.0\.0\.1:1: the connection was refused/);
        return true;
      });
    });

    it('a socket that does not exist: unreachable, naming the path', async () => {
      const target = await shop();
      const settings = { ...(await connection(target)), socket: `${mariadb.server.dir}/nope.sock` };
      await assert.rejects(withDatabase(settings, async () => undefined), (error: unknown) => {
        assert.ok(error instanceof DatabaseError);
        assert.equal(error.problem, 'unreachable');
        assert.match(error.message, /the socket .*nope\.sock does not exist/);
        return true;
      });
    });

    it('connects through the unix socket when env.php\'s host is a socket path', async () => {
      const target = await shop();
      target.project.edit('app/etc/env.php', `'host' => '127.0.0.1:${mariadb.server.port}'`, `'host' => '${mariadb.server.socket}'`);
      const settings = await connection(target);
      assert.equal(settings.socket, mariadb.server.socket);
      assert.equal(settings.host, undefined);
      const status = await readDatabaseStatus(settings);
      assert.equal(status.phinxlog.exists, false);
    });

    it('a database the user may not use: says so and points at the "database" setting', async () => {
      const target = await shop();
      const settings = { ...(await connection(target)), database: 'no_such_database' };
      await assert.rejects(withDatabase(settings, async () => undefined), (error: unknown) => {
        assert.ok(error instanceof DatabaseError);
        assert.equal(error.problem, 'unknown-database');
        assert.match(error.message, /may not use database "no_such_database"/);
        return true;
      });
    });
  });
});
