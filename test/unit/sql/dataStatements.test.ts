// Data changes in raw SQL: the target table, whether a WHERE bounds it, whether rows come from a SELECT.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { kinds, meaning, rangeOf, read, readOne } from './sqlTestKit';

describe('DELETE', () => {
  it('reads DELETE without WHERE as unbounded, underlining the statement', () => {
    const sql = 'DELETE FROM `vendor_import_log`';
    const operation = readOne(sql);
    assert.deepEqual(meaning(operation), { kind: 'delete-rows', table: 'vendor_import_log', hasWhere: false });
    assert.deepEqual(operation.range, rangeOf(sql, sql));
  });

  it('reads DELETE ... WHERE as bounded', () => {
    assert.deepEqual(meaning(readOne("DELETE LOW_PRIORITY QUICK FROM db.t WHERE created_at < '2020-01-01'")), { kind: 'delete-rows', table: 't', hasWhere: true });
  });

  it('reads DELETE ... LIMIT without WHERE as unbounded', () => {
    assert.equal(meaning(readOne('DELETE FROM t ORDER BY id LIMIT 1000')).hasWhere, false);
  });

  it('resolves the alias of a multi-table DELETE to its table', () => {
    assert.deepEqual(meaning(readOne('DELETE o FROM sales_order AS o JOIN store s ON s.store_id = o.store_id WHERE s.code IS NULL')), {
      kind: 'delete-rows',
      table: 'sales_order',
      hasWhere: true,
    });
  });

  it('does not count a WHERE inside a subquery', () => {
    assert.equal(meaning(readOne('UPDATE t SET a = (SELECT MAX(b) FROM u WHERE u.id = t.id)')).hasWhere, false);
  });
});

describe('UPDATE', () => {
  it('reads UPDATE without WHERE as unbounded', () => {
    assert.deepEqual(meaning(readOne("UPDATE core_config_data SET value = '0'")), { kind: 'update-rows', table: 'core_config_data', hasWhere: false });
  });

  it('reads UPDATE ... WHERE as bounded', () => {
    assert.deepEqual(meaning(readOne('UPDATE IGNORE `sales_order` SET state = 1 WHERE state IS NULL')), { kind: 'update-rows', table: 'sales_order', hasWhere: true });
  });

  it('reads the first table of a joined UPDATE', () => {
    assert.equal(readOne('UPDATE a JOIN b ON b.id = a.b_id SET a.x = b.x').table, 'a');
  });

  it('reads WITH ... UPDATE', () => {
    assert.deepEqual(meaning(readOne('WITH stale AS (SELECT id FROM t WHERE x) UPDATE t SET y = 1')), { kind: 'update-rows', table: 't', hasWhere: false });
  });
});

describe('INSERT and REPLACE', () => {
  it('reads INSERT ... VALUES', () => {
    assert.deepEqual(meaning(readOne("INSERT INTO `core_config_data` (`path`, `value`) VALUES ('a/b/c', '1')")), {
      kind: 'insert-rows',
      table: 'core_config_data',
      fromSelect: false,
    });
  });

  it('reads INSERT ... SELECT as rows from a select', () => {
    assert.deepEqual(meaning(readOne('INSERT IGNORE INTO archive (id) SELECT id FROM quote WHERE is_active = 0')), { kind: 'insert-rows', table: 'archive', fromSelect: true });
  });

  it('reads INSERT INTO t (SELECT ...) as rows from a select', () => {
    assert.equal(meaning(readOne('INSERT INTO archive (SELECT * FROM quote)')).fromSelect, true);
  });

  it('reads INSERT ... SET and REPLACE INTO', () => {
    assert.deepEqual(read('INSERT t SET a = 1; REPLACE INTO u VALUES (1)').map(meaning), [
      { kind: 'insert-rows', table: 't', fromSelect: false },
      { kind: 'insert-rows', table: 'u', fromSelect: false },
    ]);
  });

  it('reads INSERT ... ON DUPLICATE KEY UPDATE as an insert', () => {
    assert.deepEqual(kinds(read('INSERT INTO t (a) VALUES (1) ON DUPLICATE KEY UPDATE a = VALUES(a)')), ['insert-rows']);
  });

  it('reads a bulk INSERT of a megabyte without the SQL parser', () => {
    const rows = Array.from({ length: 40_000 }, (_, i) => `(${i}, 'sku-${i}', 'Product name ${i}')`).join(',\n');
    const sql = `INSERT INTO vendor_product_import (id, sku, name) VALUES ${rows}`;
    assert.ok(sql.length > 1_000_000);
    const started = performance.now();
    assert.deepEqual(meaning(readOne(sql)), { kind: 'insert-rows', table: 'vendor_product_import', fromSelect: false });
    assert.ok(performance.now() - started < 5_000);
  });

  it('reports an INSERT it cannot read', () => {
    assert.deepEqual(kinds(read('INSERT INTO t DEFAULT VALUES')), ['unanalyzable-sql']);
  });
});

describe('statements without schema or data effect', () => {
  it('gives nothing for SELECT, SET, SHOW, transactions and USE', () => {
    assert.deepEqual(read('SELECT 1; SET FOREIGN_KEY_CHECKS = 0; SHOW TABLES; START TRANSACTION; COMMIT; USE shop; WITH x AS (SELECT 1) SELECT * FROM x'), []);
  });

  it('gives nothing for CREATE DATABASE and ALTER DATABASE', () => {
    assert.deepEqual(read('CREATE DATABASE IF NOT EXISTS reports; ALTER DATABASE reports CHARACTER SET utf8mb4'), []);
  });
});
