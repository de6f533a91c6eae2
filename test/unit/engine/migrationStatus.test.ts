// Migration files merged with phinxlog rows in `phinx status` order, and the exit codes it implies.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MigrationFile } from '../../../server/src/analysis/migrations/migrationFiles';
import type { PhinxlogRow } from '../../../client/src/engine/databaseStatus';
import { mergeMigrationStatus, moduleOfMigrationPath, pendingUpTo, rollbackTargetFor, statusExitCode, summarizeMigrationStatus } from '../../../client/src/engine/migrationStatus';

function file(path: string): MigrationFile {
  const fileName = path.slice(path.lastIndexOf('/') + 1);
  const match = /^(\d+)_(.+)\.php$/.exec(fileName);
  const className = match ? match[2].split('_').map((word) => word[0].toUpperCase() + word.slice(1)).join('') : undefined;
  return { path, fileName, version: match?.[1], className };
}

function row(version: string, migrationName: string, breakpoint = false): PhinxlogRow {
  return { version, migrationName, startTime: '2024-06-01 10:00:00', endTime: '2024-06-01 10:00:02', breakpoint };
}

const FILES = [
  file('app/code/Acme/Catalog/etc/migrations/20240101000000_create_badge.php'),
  file('src/Acme/Loyalty/etc/migrations/20240301000000_add_tier.php'),
  file('app/code/Acme/Checkout/etc/migrations/20240201000000_add_gift_note.php'),
  file('app/code/Acme/Checkout/etc/migrations/README.php'),
];

describe('migration status', () => {
  it('lists applied migrations by version with their times, then the pending ones; files Phinx ignores are left out', () => {
    const entries = mergeMigrationStatus(FILES, [row('20240301000000', 'AddTier'), row('20240101000000', 'CreateBadge', true)]);
    assert.deepEqual(
      entries.map((entry) => [entry.version, entry.state, entry.name, entry.module, entry.breakpoint]),
      [
        ['20240101000000', 'applied', 'CreateBadge', 'Acme_Catalog', true],
        ['20240301000000', 'applied', 'AddTier', 'Acme_Loyalty', false],
        // Older than an applied one but pending: Phinx lists the "down" migrations after the "up" ones.
        ['20240201000000', 'pending', 'AddGiftNote', 'Acme_Checkout', false],
      ],
    );
    assert.equal(entries[0].startTime, '2024-06-01 10:00:00');
    assert.equal(entries[2].startTime, null);
  });

  it('puts a row without a file before the first applied migration after it, and leftovers at the end', () => {
    const entries = mergeMigrationStatus(FILES, [row('20231201000000', 'Gone'), row('20240101000000', 'CreateBadge'), row('20240501000000', 'AlsoGone')]);
    assert.deepEqual(
      entries.map((entry) => [entry.version, entry.state]),
      [
        ['20231201000000', 'missing'],
        ['20240101000000', 'applied'],
        ['20240201000000', 'pending'],
        ['20240301000000', 'pending'],
        ['20240501000000', 'missing'],
      ],
    );
    assert.deepEqual([entries[0].name, entries[0].file, entries[0].module], ['Gone', undefined, undefined]);
  });

  it('lists every missing row first when nothing with a file is applied', () => {
    const entries = mergeMigrationStatus(FILES, [row('20250101000000', 'Later')]);
    assert.deepEqual(entries.map((entry) => entry.state), ['missing', 'pending', 'pending', 'pending']);
  });

  it('exits like phinx status 0.10+: missing (2) before pending (3), else 0', () => {
    const summary = (rows: PhinxlogRow[]) => summarizeMigrationStatus('local', 'phinxlog', true, mergeMigrationStatus(FILES, rows));
    const all = [row('20240101000000', 'A'), row('20240201000000', 'B'), row('20240301000000', 'C')];
    assert.equal(statusExitCode(summary(all)), 0);
    assert.equal(statusExitCode(summary(all.slice(1))), 3);
    assert.equal(statusExitCode(summary([...all, row('20200101000000', 'Gone')])), 2);
    assert.equal(statusExitCode(summary([row('20200101000000', 'Gone')])), 2);
  });

  it('knows which pending migrations a migrate to a target runs, in run order', () => {
    const report = summarizeMigrationStatus('local', 'phinxlog', true, mergeMigrationStatus(FILES, [row('20240301000000', 'AddTier')]));
    assert.deepEqual(pendingUpTo(report).map((entry) => entry.version), ['20240101000000', '20240201000000']);
    assert.deepEqual(pendingUpTo(report, '20240101000000').map((entry) => entry.version), ['20240101000000']);
  });

  it('finds the rollback target that reverts a migration and everything applied after it', () => {
    const report = summarizeMigrationStatus('local', 'phinxlog', true, mergeMigrationStatus(FILES, [row('20231201000000', 'Gone'), row('20240101000000', 'A'), row('20240301000000', 'C')]));
    assert.equal(rollbackTargetFor(report, '20240301000000'), '20240101000000');
    // Phinx counts a recorded version without a file as applied too.
    assert.equal(rollbackTargetFor(report, '20240101000000'), '20231201000000');
    assert.equal(rollbackTargetFor(report, '20231201000000'), '0');
    assert.equal(rollbackTargetFor(report, '20240201000000'), undefined, 'pending: nothing to revert');
  });

  it('reads Vendor_Module from a migration path', () => {
    assert.equal(moduleOfMigrationPath('app/code/Acme/Foo/etc/migrations/20240101000000_x.php'), 'Acme_Foo');
    assert.equal(moduleOfMigrationPath('src/Acme/Foo/etc/migrations/20240101000000_x.php'), 'Acme_Foo');
    assert.equal(moduleOfMigrationPath('db/migrations/20240101000000_x.php'), undefined);
  });
});
