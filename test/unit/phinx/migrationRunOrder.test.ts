// The order a whole-project check replays migrations in: Phinx's, by version as a number across every
// module folder; equal versions by path; files Phinx would not load last.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeMigrationFile, sortByRunOrder } from '../../../server/src/analysis/migrations/migrationFiles';
import { phinxSemantics } from '../../../server/src/analysis/phinx/naming';

const semantics = phinxSemantics('0.16.0');
const order = (paths: string[]) => sortByRunOrder(paths.map((path) => describeMigrationFile(path, semantics))).map((file) => file.path);

describe('sortByRunOrder', () => {
  it('orders by version across modules, not by folder', () => {
    assert.deepEqual(order(['B/etc/migrations/20240102000000_second.php', 'A/etc/migrations/20240103000000_third.php', 'C/etc/migrations/20240101000000_first.php']), [
      'C/etc/migrations/20240101000000_first.php',
      'B/etc/migrations/20240102000000_second.php',
      'A/etc/migrations/20240103000000_third.php',
    ]);
  });

  it('compares versions as numbers: a shorter version runs first', () => {
    assert.deepEqual(order(['A/etc/migrations/20240101000000_long.php', 'A/etc/migrations/9000_short.php']), ['A/etc/migrations/9000_short.php', 'A/etc/migrations/20240101000000_long.php']);
  });

  it('breaks a tie of equal versions by path, and puts files Phinx ignores last', () => {
    assert.deepEqual(order(['B/etc/migrations/20240101000000_same.php', 'A/etc/migrations/not_a_migration.php', 'A/etc/migrations/20240101000000_same.php']), [
      'A/etc/migrations/20240101000000_same.php',
      'B/etc/migrations/20240101000000_same.php',
      'A/etc/migrations/not_a_migration.php',
    ]);
  });
});
