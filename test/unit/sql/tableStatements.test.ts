// Whole-table and database statements: DROP TABLE, DROP INDEX ... ON, DROP DATABASE, RENAME TABLE,
// TRUNCATE, OPTIMIZE TABLE, LOCK TABLES.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { kinds, meaning, rangeOf, read, readOne } from './sqlTestKit';

describe('DROP TABLE', () => {
  it('reads one table, underlining the statement', () => {
    const sql = 'DROP TABLE IF EXISTS `vendor_legacy`';
    const drop = readOne(sql);
    assert.deepEqual(meaning(drop), { kind: 'drop-table', table: 'vendor_legacy' });
    assert.deepEqual(drop.range, rangeOf(sql, sql));
    assert.equal(drop.batch, undefined);
  });

  it('reads several tables, each underlining its own name', () => {
    const sql = 'DROP TABLE a, `db`.`b` CASCADE';
    const [first, second] = read(sql);
    assert.deepEqual([meaning(first), meaning(second)], [
      { kind: 'drop-table', table: 'a' },
      { kind: 'drop-table', table: 'b' },
    ]);
    assert.deepEqual(second.range, rangeOf(sql, '`db`.`b`'));
  });

  it('gives nothing for DROP TEMPORARY TABLE', () => {
    assert.deepEqual(read('DROP TEMPORARY TABLE IF EXISTS tmp'), []);
  });

  it('reports a DROP TABLE without a table', () => {
    assert.deepEqual(kinds(read('DROP TABLE')), ['unanalyzable-sql']);
  });
});

describe('DROP INDEX ... ON', () => {
  it('reads the index and table', () => {
    assert.deepEqual(meaning(readOne('DROP INDEX `IDX_A` ON `t`')), { kind: 'drop-index', table: 't', name: 'IDX_A' });
  });

  it('reads DROP INDEX `PRIMARY` as dropping the primary key', () => {
    assert.deepEqual(meaning(readOne('DROP INDEX `PRIMARY` ON t')), { kind: 'change-primary-key', table: 't', columns: undefined });
  });

  it('reads a trailing ALGORITHM=COPY as an explicit lock', () => {
    assert.deepEqual(kinds(read('DROP INDEX idx ON t ALGORITHM=COPY')), ['drop-index', 'explicit-lock']);
  });
});

describe('DROP DATABASE', () => {
  it('reads DROP DATABASE and DROP SCHEMA IF EXISTS', () => {
    assert.deepEqual(read('DROP DATABASE shop; DROP SCHEMA IF EXISTS `old_shop`').map(meaning), [
      { kind: 'drop-database', name: 'shop' },
      { kind: 'drop-database', name: 'old_shop' },
    ]);
  });
});

describe('RENAME TABLE', () => {
  it('reads one pair, underlining the statement', () => {
    const sql = 'RENAME TABLE quote_old TO quote_archive';
    const rename = readOne(sql);
    assert.deepEqual(meaning(rename), { kind: 'rename-table', table: 'quote_old', newName: 'quote_archive' });
    assert.deepEqual(rename.range, rangeOf(sql, sql));
  });

  it('reads several pairs, each underlining its own pair', () => {
    const sql = 'RENAME TABLE grid TO grid_old, grid_new TO grid';
    const [first, second] = read(sql);
    assert.deepEqual([meaning(first), meaning(second)], [
      { kind: 'rename-table', table: 'grid', newName: 'grid_old' },
      { kind: 'rename-table', table: 'grid_new', newName: 'grid' },
    ]);
    assert.deepEqual(first.range, rangeOf(sql, 'grid TO grid_old'));
    assert.deepEqual(second.range, rangeOf(sql, 'grid_new TO grid'));
  });

  it('strips database qualifiers on both sides', () => {
    assert.deepEqual(meaning(readOne('RENAME TABLE `db`.`a` TO `db`.`b`')), { kind: 'rename-table', table: 'a', newName: 'b' });
  });

  it('reports a pair without TO', () => {
    assert.deepEqual(kinds(read('RENAME TABLE a b')), ['unanalyzable-sql']);
  });
});

describe('TRUNCATE', () => {
  it('reads TRUNCATE TABLE and TRUNCATE', () => {
    assert.deepEqual(read('TRUNCATE TABLE `a`; TRUNCATE b').map(meaning), [
      { kind: 'truncate-table', table: 'a' },
      { kind: 'truncate-table', table: 'b' },
    ]);
  });
});

describe('OPTIMIZE TABLE', () => {
  it('reads each table as an optimize rebuild', () => {
    assert.deepEqual(read('OPTIMIZE NO_WRITE_TO_BINLOG TABLE a, b').map(meaning), [
      { kind: 'rebuild-table', table: 'a', reason: 'optimize' },
      { kind: 'rebuild-table', table: 'b', reason: 'optimize' },
    ]);
  });
});

describe('LOCK TABLES', () => {
  it('reads each locked table as an explicit lock with its lock type', () => {
    const sql = 'LOCK TABLES sales_order WRITE, quote AS q READ LOCAL';
    const [first, second] = read(sql);
    assert.deepEqual([meaning(first), meaning(second)], [
      { kind: 'explicit-lock', table: 'sales_order', lock: 'WRITE' },
      { kind: 'explicit-lock', table: 'quote', lock: 'READ' },
    ]);
    assert.deepEqual(second.range, rangeOf(sql, 'quote AS q READ LOCAL'));
  });

  it('gives nothing for UNLOCK TABLES', () => {
    assert.deepEqual(read('UNLOCK TABLES'), []);
  });
});
