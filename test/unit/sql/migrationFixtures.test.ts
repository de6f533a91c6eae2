// Whole SQL files as Magento developers put them into execute(): expand and contract steps, table
// rebuilds, a table swap, data clean-up and a mysqldump excerpt (test/fixtures/sql).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { as, kinds, meaning, rangeOf, read, sqlFixture, underlined } from './sqlTestKit';

describe('SQL migration fixtures', () => {
  it('reads the expand step: a nullable column and its index in one batch, the safe options giving nothing', () => {
    const sql = sqlFixture('add_delivery_date_to_sales_order.sql');
    const operations = read(sql);
    assert.deepEqual(kinds(operations), ['add-column', 'add-index', 'add-column']);
    assert.equal(operations[0].batch, operations[1].batch);
    assert.notEqual(operations[2].batch, operations[0].batch);
    assert.deepEqual(as(operations[0], 'add-column').column, {
      name: 'delivery_date',
      type: 'date',
      nullable: true,
      default: { value: null, isExpression: false },
      comment: 'Requested delivery date',
      position: { after: 'created_at' },
    });
    assert.equal(operations[2].table, 'sales_order_grid');
  });

  it('reads the contract step clause by clause', () => {
    const sql = sqlFixture('contract_legacy_columns.sql');
    const operations = read(sql);
    assert.deepEqual(kinds(operations), [
      'drop-column',
      'change-column',
      'change-column',
      'change-default',
      'drop-foreign-key',
      'drop-index',
      'drop-table',
      'drop-table',
    ]);
    assert.deepEqual(operations[1].range, rangeOf(sql, "CHANGE COLUMN `customer_note` `customer_comment` TEXT NULL COMMENT 'Customer comment'"));
    assert.deepEqual(operations.slice(6).map((operation) => operation.table), ['vendor_legacy_gift_code', 'vendor_legacy_gift_code_usage']);
  });

  it('reads every rebuild and explicit lock of the weekend script', () => {
    const operations = read(sqlFixture('rebuild_catalog_tables.sql'));
    assert.deepEqual(operations.map(meaning), [
      { kind: 'rebuild-table', table: 'catalog_product_entity_varchar', reason: 'engine' },
      { kind: 'rebuild-table', table: 'catalog_product_entity_text', reason: 'charset' },
      { kind: 'rebuild-table', table: 'catalog_product_entity_int', reason: 'force' },
      { kind: 'explicit-lock', table: 'catalog_product_entity_int', algorithm: 'COPY' },
      { kind: 'explicit-lock', table: 'catalog_product_entity_int', lock: 'SHARED' },
      { kind: 'rebuild-table', table: 'catalog_product_index_price', reason: 'optimize' },
      { kind: 'rebuild-table', table: 'catalog_product_index_eav', reason: 'optimize' },
    ]);
  });

  it('reads the table swap: create like, copy, rename both ways, drop', () => {
    const sql = sqlFixture('swap_customer_grid.sql');
    const operations = read(sql);
    assert.deepEqual(kinds(operations), ['create-table', 'insert-rows', 'rename-table', 'rename-table', 'drop-table']);
    assert.equal(underlined(sql, operations[3]), 'customer_grid_flat_new TO customer_grid_flat');
  });

  it('reads the data clean-up, telling bounded from unbounded changes', () => {
    const operations = read(sqlFixture('cleanup_data.sql'));
    assert.deepEqual(operations.map(meaning), [
      { kind: 'delete-rows', table: 'vendor_import_log', hasWhere: false },
      { kind: 'delete-rows', table: 'vendor_import_queue', hasWhere: true },
      { kind: 'update-rows', table: 'sales_order', hasWhere: true },
      { kind: 'update-rows', table: 'core_config_data', hasWhere: false },
      { kind: 'truncate-table', table: 'vendor_export_cache' },
      { kind: 'insert-rows', table: 'core_config_data', fromSelect: false },
    ]);
  });

  it('reads a mysqldump excerpt with version comments', () => {
    const operations = read(sqlFixture('mysqldump_style.sql'));
    assert.deepEqual(kinds(operations), ['drop-table', 'create-table', 'add-index', 'add-foreign-key']);
    const create = as(operations[1], 'create-table');
    assert.deepEqual(create.columns.map((column) => column.name), ['entity_id', 'customer_id', 'points', 'status', 'created_at']);
    assert.deepEqual(create.columns[3].values, ['pending', 'approved', 'expired']);
  });

  it('gives the same ranges for CRLF line endings', () => {
    const sql = sqlFixture('contract_legacy_columns.sql').replace(/\r?\n/g, '\r\n');
    const dropIndex = read(sql)[5];
    assert.deepEqual(dropIndex.range, rangeOf(sql, 'DROP INDEX `QUOTE_LEGACY_GIFT_CODE`'));
  });
});
