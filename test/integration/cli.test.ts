// The built CLI against a real MariaDB and the Phinx stand-in: status (text, json, exit codes 0/2/3,
// 1 on errors), migrate with the pre-migrate check, rollback with the production confirmation,
// check --env with setup-version drift, create-migration. No password ever reaches the output.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { ensureCliBuilt, runCli, type CliRun } from '../helpers/cli';
import { integrationShops, PASSWORD_VARIABLE, type IntegrationShop } from '../helpers/integrationShop';

const CATALOG = '20240506091500';
const LOYALTY = '20240612140000';

describe('magento-zdd status, migrate, rollback, check --env and create-migration', () => {
  before(() => ensureCliBuilt());
  const mariadb = integrationShops();
  const shop = mariadb.shop.bind(mariadb);

  function cli(target: IntegrationShop, args: string[], env: NodeJS.ProcessEnv = target.env): CliRun {
    const run = runCli(args, { cwd: target.project.dir, env });
    // Whatever the outcome, the password never appears.
    assert.ok(!run.stdout.includes(target.password) && !run.stderr.includes(target.password), `password leaked by magento-zdd ${args.join(' ')}`);
    return run;
  }

  async function phinxlogVersions(target: IntegrationShop): Promise<string[]> {
    const exists = (await mariadb.server.rootQuery(`SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'phinxlog'`, [target.database])) as Array<{ n: number }>;
    if (Number(exists[0].n) === 0) return [];
    const rows = (await mariadb.server.rootQuery(`SELECT CAST(version AS CHAR) AS version FROM \`${target.database}\`.phinxlog ORDER BY version`)) as Array<{ version: string }>;
    return rows.map((row) => row.version);
  }

  describe('status', () => {
    it('exits 3 while migrations are pending, 0 when all are applied, 2 when a recorded migration has no file', async () => {
      const target = await shop();
      const pending = cli(target, ['status', '--env', 'local']);
      assert.equal(pending.status, 3, pending.stderr);
      assert.match(pending.stdout, /phinxlog does not exist yet: no migration has been applied\./);
      assert.match(pending.stdout, /^ {4}down {2}20240506091500 {2}.* CreateAcmeProductBadge +app\/code\/Acme\/Catalog\/etc\/migrations\/20240506091500_create_acme_product_badge\.php$/m);
      assert.match(pending.stdout, /0 applied, 2 pending, 0 missing\./);

      assert.equal(cli(target, ['migrate', '--env', 'local']).status, 0);
      const upToDate = cli(target, ['status', '--env', 'local']);
      assert.equal(upToDate.status, 0, upToDate.stdout);
      assert.match(upToDate.stdout, /^ {6}up {2}20240612140000 {2}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d {2}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d {2}AddLoyaltyTierToCustomerPoints/m);

      target.project.remove(`src/Acme/Loyalty/etc/migrations/${LOYALTY}_add_loyalty_tier_to_customer_points.php`);
      const missing = cli(target, ['status', '--env', 'local', '--format', 'json']);
      assert.equal(missing.status, 2);
      const json = JSON.parse(missing.stdout);
      assert.deepEqual([json.pending_count, json.missing_count, json.applied_count, json.total_count], [0, 1, 1, 2]);
      assert.deepEqual(json.migrations[1], {
        migration_status: 'missing',
        migration_id: LOYALTY,
        migration_name: 'AddLoyaltyTierToCustomerPoints',
        start_time: json.migrations[1].start_time,
        end_time: json.migrations[1].end_time,
        breakpoint: false,
        file: null,
        module: null,
      });
      assert.match(cli(target, ['status', '--env', 'local']).stdout, /\*\* MISSING MIGRATION FILE \*\*/);
    });

    it('exits 1 with a clear message on a wrong password, without printing it', async () => {
      const target = await shop();
      const run = cli(target, ['status', '--env', 'local'], { ...target.env, [PASSWORD_VARIABLE]: 'definitely-wrong-password' });
      assert.equal(run.status, 1);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, new RegExp(`^magento-zdd: access denied for user "${target.user}" to the database of "local" at 127\\.0\\.0\\.1:${mariadb.server.port}: the password from the variable ${PASSWORD_VARIABLE} is wrong`));
      assert.doesNotMatch(run.stderr, /definitely-wrong-password/);
    });

    it('exits 1 with a clear message when the database cannot be reached', async () => {
      const target = await shop();
      target.project.edit('app/etc/env.php', `'host' => '127.0.0.1:${mariadb.server.port}'`, `'host' => '127.0.0.1:1'`);
      const run = cli(target, ['status', '--env', 'local']);
      assert.equal(run.status, 1);
      assert.match(run.stderr, /^magento-zdd: cannot reach the database of "local" at 127\.0\.0\.1:1: the connection was refused/);
    });

    it('explains a password env.php computes with getenv() when the variable is not set', async () => {
      const target = await shop();
      const env = { ...target.env };
      delete env[PASSWORD_VARIABLE];
      const run = cli(target, ['status', '--env', 'local'], env);
      assert.equal(run.status, 1);
      assert.match(run.stderr, /app\/etc\/env\.php computes db\/connection\/default\/password at run time \(getenv\(\) or a function call\)/);
      assert.match(run.stderr, new RegExp(`export ${PASSWORD_VARIABLE}`));
    });

    it('lists the known environments for an unknown one, and needs --env', async () => {
      const target = await shop();
      const unknown = cli(target, ['status', '--env', 'staging']);
      assert.equal(unknown.status, 1);
      assert.match(unknown.stderr, /unknown environment "staging"; magento-zdd\.json defines "local", "production"\./);
      const noEnv = cli(target, ['status']);
      assert.equal(noEnv.status, 2);
      assert.match(noEnv.stderr, /status needs --env <name>/);
    });
  });

  describe('migrate and rollback', () => {
    it('runs phinx, streams its progress lines, and prints what ran', async () => {
      const target = await shop();
      const run = cli(target, ['migrate', '--env', 'local']);
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stderr, new RegExp(`running: php vendor/bin/phinx migrate -c phinx\\.php -e ${target.database}`));
      assert.match(run.stdout, / == 20240506091500 CreateAcmeProductBadge: migrating\n == 20240506091500 CreateAcmeProductBadge: migrated /);
      assert.match(run.stdout, /finished: 2 migrations migrated/);
      assert.deepEqual(await phinxlogVersions(target), [CATALOG, LOYALTY]);
    });

    it('does not start when a pending migration has an error finding, and runs it with --allow-unsafe', async () => {
      const target = await shop();
      target.project.write(
        'src/Acme/Loyalty/etc/migrations/20240801000000_drop_loyalty_points_column.php',
        `<?php

use MX\\PhinxMigrations\\Migration;

class DropLoyaltyPointsColumn extends Migration
{
    public function up()
    {
        $this->table('acme_loyalty_points')->removeColumn('points')->update();
    }

    public function down()
    {
        $this->table('acme_loyalty_points')->addColumn('points', 'integer', ['default' => 0])->update();
    }
}
`,
      );
      const blocked = cli(target, ['migrate', '--env', 'local']);
      assert.equal(blocked.status, 1);
      assert.match(blocked.stderr, /src\/Acme\/Loyalty\/etc\/migrations\/20240801000000_drop_loyalty_points_column\.php:\d+:\d+ error drop-column /);
      assert.match(blocked.stderr, /1 error finding in the pending migrations would break the release still serving traffic, so migrate did not start\..*--allow-unsafe/);
      assert.doesNotMatch(blocked.stderr, /running:/);
      assert.deepEqual(await phinxlogVersions(target), []);

      const dryRun = cli(target, ['migrate', '--env', 'local', '--dry-run']);
      assert.equal(dryRun.status, 0, dryRun.stderr);
      assert.match(dryRun.stderr, /a real migrate would stop here \(dry run continues\)/);
      assert.deepEqual(await phinxlogVersions(target), []);

      const allowed = cli(target, ['migrate', '--env', 'local', '--allow-unsafe']);
      assert.equal(allowed.status, 0, allowed.stderr);
      assert.match(allowed.stderr, /note: migrating "local" despite 1 error finding in the pending migrations \(--allow-unsafe\)/);
      assert.deepEqual(await phinxlogVersions(target), [CATALOG, LOYALTY, '20240801000000']);
    });

    it('checks only the migrations up to --target', async () => {
      const target = await shop();
      target.project.write(
        'src/Acme/Loyalty/etc/migrations/20240801000000_drop_loyalty_points_column.php',
        `<?php

use MX\\PhinxMigrations\\Migration;

class DropLoyaltyPointsColumn extends Migration
{
    public function up()
    {
        $this->table('acme_loyalty_points')->removeColumn('points')->update();
    }

    public function down()
    {
    }
}
`,
      );
      const run = cli(target, ['migrate', '--env', 'local', '--target', LOYALTY]);
      assert.equal(run.status, 0, run.stderr);
      assert.deepEqual(await phinxlogVersions(target), [CATALOG, LOYALTY]);
    });

    it('exits 1 with phinx\'s reason and what ran when a migration fails half-way', async () => {
      const target = await shop();
      target.project.write(
        'app/code/Acme/Checkout/etc/migrations/20240701000000_break_half_way.php',
        `<?php

use MX\\PhinxMigrations\\Migration;

class BreakHalfWay extends Migration
{
    public function up()
    {
        $this->execute('ALTER TABLE acme_table_that_does_not_exist ADD COLUMN note VARCHAR(10) NULL');
    }

    public function down()
    {
    }
}
`,
      );
      const run = cli(target, ['migrate', '--env', 'local', '--allow-unsafe']);
      assert.equal(run.status, 1);
      assert.match(run.stderr, /magento-zdd: phinx migrate on "local" failed \(exit code 1\); before that, 2 migrations migrated: .* 20240701000000 BreakHalfWay was running/);
    });

    it('refuses a production rollback without --yes, and runs it with --yes', async () => {
      const target = await shop();
      assert.equal(cli(target, ['migrate', '--env', 'production']).status, 0);
      const refused = cli(target, ['rollback', '--env', 'production']);
      assert.equal(refused.status, 2);
      assert.match(refused.stderr, /"production" is a production environment: rolling back runs down\(\) on the database live traffic uses\. Pass --yes to confirm/);
      assert.deepEqual(await phinxlogVersions(target), [CATALOG, LOYALTY]);

      const dryRun = cli(target, ['rollback', '--env', 'production', '--dry-run']);
      assert.equal(dryRun.status, 0, dryRun.stderr);
      assert.deepEqual(await phinxlogVersions(target), [CATALOG, LOYALTY]);

      const confirmed = cli(target, ['rollback', '--env', 'production', '--yes', '--target', '0']);
      assert.equal(confirmed.status, 0, confirmed.stderr);
      assert.match(confirmed.stdout, / == 20240612140000 AddLoyaltyTierToCustomerPoints: reverted /);
      assert.deepEqual(await phinxlogVersions(target), []);
    });

    it('rejects a target that is not a version, and --yes on migrate', async () => {
      const target = await shop();
      const badTarget = cli(target, ['rollback', '--env', 'local', '--target', '--fake']);
      assert.equal(badTarget.status, 2);
      const notVersion = cli(target, ['migrate', '--env', 'local', '--target', 'latest']);
      assert.equal(notVersion.status, 2);
      assert.match(notVersion.stderr, /--target must be a migration version \(digits, e\.g\. 20240612140000\), got "latest"/);
      const yes = cli(target, ['migrate', '--env', 'local', '--yes']);
      assert.equal(yes.status, 2);
      assert.match(yes.stderr, /migrate has no --yes: .* pass --allow-unsafe/);
    });
  });

  describe('check --env', () => {
    it('adds setup-version-drift findings for the environment and fails on them', async () => {
      const target = await shop();
      await mariadb.server.rootQuery(`INSERT INTO \`${target.database}\`.setup_module VALUES ('Acme_Checkout', '2.1.0', '2.1.0'), ('Acme_Loyalty', '1.4.2', '1.4.2')`);
      const clean = cli(target, ['check', '--env', 'local']);
      assert.equal(clean.status, 0, clean.stdout + clean.stderr);
      assert.doesNotMatch(clean.stdout, /setup-version-drift/);

      await mariadb.server.rootQuery(`UPDATE \`${target.database}\`.setup_module SET schema_version = '1.5.0', data_version = '1.5.0' WHERE module = 'Acme_Loyalty'`);
      const drift = cli(target, ['check', '--env', 'local']);
      assert.equal(drift.status, 1);
      assert.match(drift.stdout, /^src\/Acme\/Loyalty\/etc\/module\.xml:3:\d+ error setup-version-drift "local" is ahead of this module\.xml: .*Acme_Loyalty schema: code version - 1\.4\.2, database version - 1\.5\.0/m);
      const withoutEnv = cli(target, ['check']);
      assert.doesNotMatch(withoutEnv.stdout, /setup-version-drift/);
    });

    it('exits 2 when the environment\'s database cannot be read', async () => {
      const target = await shop();
      const run = cli(target, ['check', '--env', 'local'], { ...target.env, [PASSWORD_VARIABLE]: 'wrong' });
      assert.equal(run.status, 2);
      assert.match(run.stderr, /^magento-zdd: access denied/);
    });
  });

  describe('create-migration', () => {
    it('prints the created path; the file runs under phinx', async () => {
      const target = await shop();
      const run = cli(target, ['create-migration', 'Acme_Checkout', 'CreateAcmeGiftWrap']);
      assert.equal(run.status, 0, run.stderr);
      const path = run.stdout.trim();
      assert.match(path, /^app\/code\/Acme\/Checkout\/etc\/migrations\/\d{14}_create_acme_gift_wrap\.php$/);
      assert.match(run.stderr, /note: created app\/code\/Acme\/Checkout\/etc\/migrations/);
      assert.ok(existsSync(target.project.path(path)));
      assert.match(readFileSync(target.project.path(path), 'utf8'), /class CreateAcmeGiftWrap extends Migration\n\{\n[\s\S]*public function up\(\)\n[\s\S]*public function down\(\)/);
      const migrated = cli(target, ['migrate', '--env', 'local']);
      assert.equal(migrated.status, 0, migrated.stderr);
      assert.match(migrated.stdout, /CreateAcmeGiftWrap: migrated/);
      assert.equal((await phinxlogVersions(target)).length, 3);
      assert.equal(cli(target, ['rollback', '--env', 'local']).status, 0);
      assert.equal((await phinxlogVersions(target)).length, 2);
    });

    it('refuses a class name another module already uses, and a bad --style', async () => {
      const target = await shop();
      const duplicate = cli(target, ['create-migration', 'Acme_Checkout', 'CreateAcmeProductBadge']);
      assert.equal(duplicate.status, 1);
      assert.match(duplicate.stderr, /a migration class named CreateAcmeProductBadge already exists in app\/code\/Acme\/Catalog\/etc\/migrations\/20240506091500_create_acme_product_badge\.php/);
      const style = cli(target, ['create-migration', 'Acme_Checkout', 'AddFoo', '--style', 'up_down']);
      assert.equal(style.status, 2);
      assert.match(style.stderr, /--style must be one of change, up-down/);
    });
  });
});
