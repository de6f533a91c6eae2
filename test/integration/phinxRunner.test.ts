// The phinx runner against a real MariaDB, with the Phinx stand-in (test/fixtures/phinx-standin) as
// the project's vendor/bin/phinx: progress parsed from the streamed output, phinxlog rows written and
// deleted, a migration failing half-way reported with what ran, cancellation, and created migrations
// that load and run.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { loadProject } from '../../server/src/analysis/project';
import { resolveEnvironment } from '../../client/src/engine/environments';
import { createMigration } from '../../client/src/engine/migrationScaffold';
import { readMigrationStatus } from '../../client/src/engine/migrationStatus';
import { PhinxError, runPhinx, runPhinxStatus, type PhinxProgressEvent } from '../../client/src/engine/phinxRunner';
import { integrationShops, type IntegrationShop } from '../helpers/integrationShop';

const CATALOG = '20240506091500';
const LOYALTY = '20240612140000';

describe('phinx runner with the stand-in and MariaDB', () => {
  const mariadb = integrationShops();
  const shop = mariadb.shop.bind(mariadb);

  async function phinxlogVersions(target: IntegrationShop): Promise<string[]> {
    const rows = (await mariadb.server.rootQuery(`SELECT CAST(version AS CHAR) AS version, start_time IS NOT NULL AND end_time IS NOT NULL AS timed FROM \`${target.database}\`.phinxlog ORDER BY version`)) as Array<{ version: string; timed: number }>;
    assert.ok(rows.every((row) => Number(row.timed) === 1), 'every row has a start and an end time');
    return rows.map((row) => row.version);
  }

  async function columnsOf(target: IntegrationShop, table: string): Promise<string[]> {
    const rows = (await mariadb.server.rootQuery(`SELECT COLUMN_NAME AS name FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`, [target.database, table])) as Array<{ name: string }>;
    return rows.map((row) => row.name);
  }

  function run(target: IntegrationShop, request: Parameters<typeof runPhinx>[2], options: Parameters<typeof runPhinx>[3] = {}) {
    const project = loadProject(target.project.dir);
    return runPhinx(project, resolveEnvironment(project, 'local'), request, { env: target.env, ...options });
  }

  it('migrates: streams output, parses per-migration progress, and phinxlog gets a timed row per migration', async () => {
    const target = await shop();
    const events: PhinxProgressEvent[] = [];
    let streamed = '';
    const result = await run(target, { command: 'migrate' }, { onProgress: (event) => events.push(event), onOutput: (text) => (streamed += text) });
    assert.equal(result.outcome, 'succeeded', result.stderr);
    assert.deepEqual(result.argv.slice(1), ['vendor/bin/phinx', 'migrate', '-c', 'phinx.php', '-e', target.database]);
    assert.deepEqual(
      events.map((event) => [event.kind, event.version, event.name, event.direction]),
      [
        ['started', CATALOG, 'CreateAcmeProductBadge', 'up'],
        ['finished', CATALOG, 'CreateAcmeProductBadge', 'up'],
        ['started', LOYALTY, 'AddLoyaltyTierToCustomerPoints', 'up'],
        ['finished', LOYALTY, 'AddLoyaltyTierToCustomerPoints', 'up'],
      ],
    );
    assert.ok(events.filter((event) => event.kind === 'finished').every((event) => typeof event.seconds === 'number'));
    assert.match(streamed, / == 20240506091500 CreateAcmeProductBadge: migrated \d+\.\d{4}s/);
    assert.deepEqual(await phinxlogVersions(target), [CATALOG, LOYALTY]);
    assert.ok((await columnsOf(target, 'acme_loyalty_points')).includes('tier'));
    assert.match(result.summary, /finished: 2 migrations migrated: 20240506091500 CreateAcmeProductBadge, 20240612140000 AddLoyaltyTierToCustomerPoints\./);
  });

  it('rolls back the last migration, then down to a target; the rows disappear', async () => {
    const target = await shop();
    await run(target, { command: 'migrate' });
    const last = await run(target, { command: 'rollback' });
    assert.equal(last.outcome, 'succeeded', last.stderr);
    assert.deepEqual(last.completed.map((migration) => [migration.version, migration.direction]), [[LOYALTY, 'down']]);
    assert.deepEqual(await phinxlogVersions(target), [CATALOG]);
    assert.ok(!(await columnsOf(target, 'acme_loyalty_points')).includes('tier'));

    const all = await run(target, { command: 'rollback', target: '0' });
    assert.deepEqual(all.completed.map((migration) => migration.version), [CATALOG]);
    assert.deepEqual(await phinxlogVersions(target), []);
    assert.deepEqual(await columnsOf(target, 'acme_product_badge'), []);
  });

  it('stops a rollback at a breakpoint and says so', async () => {
    const target = await shop();
    await run(target, { command: 'migrate' });
    await mariadb.server.rootQuery(`UPDATE \`${target.database}\`.phinxlog SET breakpoint = 1 WHERE version = ?`, [LOYALTY]);
    const result = await run(target, { command: 'rollback', target: '0' });
    assert.equal(result.outcome, 'succeeded');
    assert.equal(result.breakpointReached, true);
    assert.deepEqual(result.completed, []);
    assert.match(result.summary, /stopped at a breakpoint/);
    assert.deepEqual(await phinxlogVersions(target), [CATALOG, LOYALTY]);
  });

  it('migrates up to --target only, and a dry run changes nothing', async () => {
    const target = await shop();
    const dry = await run(target, { command: 'migrate', dryRun: true });
    assert.equal(dry.outcome, 'succeeded');
    assert.ok(dry.argv.includes('--dry-run'));
    assert.equal(dry.completed.length, 2, 'a dry run still reports each migration');
    assert.match(dry.summary, /dry run: nothing was changed/);
    assert.deepEqual(await phinxlogVersions(target), []);

    const partial = await run(target, { command: 'migrate', target: CATALOG });
    assert.deepEqual(partial.argv.slice(-2), ['-t', CATALOG]);
    assert.deepEqual(await phinxlogVersions(target), [CATALOG]);
  });

  it('reports a migration that fails half-way with what ran before it, and leaves its row out of phinxlog', async () => {
    const target = await shop();
    target.project.write(
      'app/code/Acme/Checkout/etc/migrations/20240701000000_break_half_way.php',
      `<?php

use MX\\PhinxMigrations\\Migration;

class BreakHalfWay extends Migration
{
    public function up()
    {
        $this->execute('CREATE TABLE acme_half_done (id INT UNSIGNED NOT NULL PRIMARY KEY)');
        $this->execute('ALTER TABLE acme_table_that_does_not_exist ADD COLUMN note VARCHAR(10) NULL');
    }

    public function down()
    {
        $this->execute('DROP TABLE IF EXISTS acme_half_done');
    }
}
`,
    );
    const result = await run(target, { command: 'migrate' });
    assert.equal(result.outcome, 'failed');
    assert.equal(result.exitCode, 1);
    assert.deepEqual(result.completed.map((migration) => migration.version), [CATALOG, LOYALTY]);
    assert.deepEqual(result.interrupted && [result.interrupted.version, result.interrupted.name], ['20240701000000', 'BreakHalfWay']);
    assert.match(result.summary, /failed \(exit code 1\); before that, 2 migrations migrated: 20240506091500 CreateAcmeProductBadge, 20240612140000 AddLoyaltyTierToCustomerPoints\./);
    assert.match(result.summary, /20240701000000 BreakHalfWay was running: the statements it ran before stopping stay applied/);
    assert.match(result.summary, /Phinx said: .*acme_table_that_does_not_exist/);
    assert.deepEqual(await phinxlogVersions(target), [CATALOG, LOYALTY]);
    assert.deepEqual(await columnsOf(target, 'acme_half_done'), ['id'], 'the first statement stays applied');
  });

  it('cancels a running migration through the AbortSignal and says which one was interrupted', async () => {
    const target = await shop();
    target.project.write(
      'app/code/Acme/Checkout/etc/migrations/20240701000000_wait_for_a_long_time.php',
      `<?php

use MX\\PhinxMigrations\\Migration;

class WaitForALongTime extends Migration
{
    public function up()
    {
        $this->execute('DO SLEEP(30)');
    }

    public function down()
    {
    }
}
`,
    );
    const controller = new AbortController();
    const started = Date.now();
    const result = await run(
      target,
      { command: 'migrate' },
      {
        signal: controller.signal,
        onProgress: (event) => {
          if (event.kind === 'started' && event.version === '20240701000000') controller.abort();
        },
      },
    );
    assert.ok(Date.now() - started < 15_000, 'phinx was stopped, not waited for');
    assert.equal(result.outcome, 'cancelled');
    assert.deepEqual(result.completed.map((migration) => migration.version), [CATALOG, LOYALTY]);
    assert.equal(result.interrupted?.name, 'WaitForALongTime');
    assert.match(result.summary, /was cancelled; before that, 2 migrations migrated/);
    assert.deepEqual(await phinxlogVersions(target), [CATALOG, LOYALTY]);
  });

  it('runs phinx status -f json and maps its exit codes', async () => {
    const target = await shop();
    const project = loadProject(target.project.dir);
    const environment = resolveEnvironment(project, 'local');
    const pending = await runPhinxStatus(project, environment, { env: target.env });
    assert.deepEqual([pending.exitCode, pending.meaning, pending.pendingCount], [3, 'pending', 2]);
    await run(target, { command: 'migrate' });
    const upToDate = await runPhinxStatus(project, environment, { env: target.env });
    assert.deepEqual([upToDate.exitCode, upToDate.meaning], [0, 'up-to-date']);
    assert.deepEqual(upToDate.migrations.map((migration) => [migration.version, migration.status]), [
      [CATALOG, 'up'],
      [LOYALTY, 'up'],
    ]);
  });

  it('says phinx is missing when the project has neither vendor/bin/phinx nor bin/phinx', async () => {
    const target = await shop();
    target.project.remove('vendor/bin/phinx');
    await assert.rejects(run(target, { command: 'migrate' }), (error: unknown) => {
      assert.ok(error instanceof PhinxError);
      assert.equal(error.problem, 'not-found');
      assert.match(error.message, /neither vendor\/bin\/phinx nor bin\/phinx exists/);
      return true;
    });
  });

  it('says the configured phinx command could not start', async () => {
    const target = await shop();
    target.project.write(
      'magento-zdd.json',
      JSON.stringify({ environments: { local: { database: { fromEnvPhp: true }, phinx: { command: ['warden-that-is-not-installed', 'env', 'exec', '-T', 'php-fpm', 'bin/phinx'] } } } }),
    );
    await assert.rejects(run(target, { command: 'migrate' }), (error: unknown) => {
      assert.ok(error instanceof PhinxError);
      assert.equal(error.problem, 'not-started');
      assert.match(error.message, /could not start "warden-that-is-not-installed"/);
      return true;
    });
  });

  describe('created migrations load and run', () => {
    it('MX up/down template (Phinx 0.9.2 + MX_PhinxMigrations): migrate adds the row, rollback removes it', async () => {
      const target = await shop();
      const project = loadProject(target.project.dir);
      const created = createMigration(project, { module: 'Acme_Checkout', className: 'AddGiftNoteToAcmeOrder', now: new Date(Date.UTC(2024, 6, 2, 8, 30, 0)) });
      assert.equal(created.path, 'app/code/Acme/Checkout/etc/migrations/20240702083000_add_gift_note_to_acme_order.php');
      // Fill the method where the editor puts the cursor.
      const lines = readFileSync(created.absolutePath, 'utf8').split('\n');
      lines[created.cursor.line] = `        $this->table('acme_gift_note')->addColumn('note', 'string', ['limit' => 255, 'null' => true])->create();`;
      const downBody = lines.findIndex((line, index) => index > created.cursor.line + 2 && line.trim() === '');
      lines[downBody] = `        $this->execute('DROP TABLE acme_gift_note');`;
      target.project.write(created.path, lines.join('\n'));

      const migrated = await run(target, { command: 'migrate' });
      assert.equal(migrated.outcome, 'succeeded', migrated.stderr);
      assert.ok(migrated.completed.some((migration) => migration.name === 'AddGiftNoteToAcmeOrder'));
      assert.deepEqual(await columnsOf(target, 'acme_gift_note'), ['id', 'note']);
      const status = await readMigrationStatus(loadProject(target.project.dir), 'local', { env: target.env });
      assert.equal(status.pendingCount, 0);

      const rolledBack = await run(target, { command: 'rollback' });
      assert.deepEqual(rolledBack.completed.map((migration) => migration.name), ['AddGiftNoteToAcmeOrder']);
      assert.deepEqual(await columnsOf(target, 'acme_gift_note'), []);
      assert.ok(!(await phinxlogVersions(target)).includes('20240702083000'));
    });

    it('Phinx 0.16 change() template (no MX): strict_types and final load, and rollback reverses change()', async () => {
      const target = await shop();
      target.project.write('composer.lock', JSON.stringify({ packages: [{ name: 'robmorgan/phinx', version: '0.16.6' }] }));
      const project = loadProject(target.project.dir);
      const created = createMigration(project, { module: 'Acme_Loyalty', className: 'CreateAcmeLoyaltyTier2Log', now: new Date(Date.UTC(2024, 6, 3, 9, 0, 0)) });
      assert.equal(created.style, 'change');
      assert.equal(created.path, 'src/Acme/Loyalty/etc/migrations/20240703090000_create_acme_loyalty_tier_2_log.php');
      const text = readFileSync(created.absolutePath, 'utf8');
      assert.match(text, /declare\(strict_types=1\);/);
      assert.match(text, /final class CreateAcmeLoyaltyTier2Log extends AbstractMigration/);
      const lines = text.split('\n');
      lines[created.cursor.line] = `        $this->table('acme_loyalty_tier_log')->addColumn('tier', 'string', ['limit' => 32, 'null' => true])->create();`;
      target.project.write(created.path, lines.join('\n'));

      const migrated = await run(target, { command: 'migrate' });
      assert.equal(migrated.outcome, 'succeeded', migrated.stderr);
      assert.deepEqual(await columnsOf(target, 'acme_loyalty_tier_log'), ['id', 'tier']);
      const rolledBack = await run(target, { command: 'rollback' });
      assert.equal(rolledBack.outcome, 'succeeded', rolledBack.stderr);
      assert.deepEqual(await columnsOf(target, 'acme_loyalty_tier_log'), []);
    });
  });
});
