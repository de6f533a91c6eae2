// CREATE TABLE and CREATE INDEX in raw SQL.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { as, kinds, meaning, rangeOf, read, readOne, unanalyzableReasons } from './sqlTestKit';

const LOYALTY_TABLE = `CREATE TABLE IF NOT EXISTS \`vendor_loyalty\` (
  \`entity_id\` int(10) unsigned NOT NULL AUTO_INCREMENT COMMENT 'Entity ID',
  \`customer_id\` int(10) unsigned NOT NULL,
  \`points\` int NOT NULL DEFAULT '0',
  PRIMARY KEY (\`entity_id\`),
  UNIQUE KEY \`VENDOR_LOYALTY_CUSTOMER_ID\` (\`customer_id\`),
  KEY \`VENDOR_LOYALTY_POINTS\` (\`points\`),
  CONSTRAINT \`VENDOR_LOYALTY_CUSTOMER\` FOREIGN KEY (\`customer_id\`) REFERENCES \`customer_entity\` (\`entity_id\`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='Loyalty'`;

describe('CREATE TABLE', () => {
  it('reads the table and its columns, underlining the statement', () => {
    const create = as(read(LOYALTY_TABLE)[0], 'create-table');
    assert.equal(create.table, 'vendor_loyalty');
    assert.deepEqual(create.columns, [
      { name: 'entity_id', type: 'int', unsigned: true, nullable: false, autoIncrement: true, comment: 'Entity ID' },
      { name: 'customer_id', type: 'int', unsigned: true, nullable: false },
      { name: 'points', type: 'int', nullable: false, default: { value: '0', isExpression: false } },
    ]);
    assert.deepEqual(create.range, rangeOf(LOYALTY_TABLE, LOYALTY_TABLE));
  });

  it('reads its indexes and foreign keys as operations on their own items, and no primary key change', () => {
    const [, unique, index, foreignKey, ...rest] = read(LOYALTY_TABLE);
    assert.deepEqual(meaning(unique), { kind: 'add-index', table: 'vendor_loyalty', columns: ['customer_id'], unique: true, name: 'VENDOR_LOYALTY_CUSTOMER_ID' });
    assert.deepEqual(meaning(index), { kind: 'add-index', table: 'vendor_loyalty', columns: ['points'], unique: false, name: 'VENDOR_LOYALTY_POINTS' });
    assert.deepEqual(meaning(foreignKey), {
      kind: 'add-foreign-key',
      table: 'vendor_loyalty',
      columns: ['customer_id'],
      referencedTable: 'customer_entity',
      name: 'VENDOR_LOYALTY_CUSTOMER',
    });
    assert.deepEqual(unique.range, rangeOf(LOYALTY_TABLE, 'UNIQUE KEY `VENDOR_LOYALTY_CUSTOMER_ID` (`customer_id`)'));
    assert.deepEqual(rest, []);
  });

  it('gives the table and its keys one batch', () => {
    const batches = new Set(read(LOYALTY_TABLE).map((operation) => operation.batch));
    assert.equal(batches.size, 1);
    assert.ok([...batches][0]);
  });

  it('reads an inline column PRIMARY KEY without a primary key change', () => {
    assert.deepEqual(kinds(read('CREATE TABLE t (id INT PRIMARY KEY, name TEXT)')), ['create-table']);
  });

  it('strips the database qualifier', () => {
    assert.equal(readOne('CREATE TABLE `shop`.`vendor_flag` (a INT)').table, 'vendor_flag');
  });

  it('reads CREATE TABLE ... LIKE as a new table whose columns it cannot see', () => {
    assert.deepEqual(meaning(readOne('CREATE TABLE quote_archive LIKE quote')), { kind: 'create-table', table: 'quote_archive', columns: [] });
  });

  it('reads CREATE TABLE ... AS SELECT as a new table', () => {
    assert.deepEqual(meaning(readOne('CREATE TABLE report AS SELECT entity_id FROM sales_order')), { kind: 'create-table', table: 'report', columns: [] });
  });

  it('gives nothing for CREATE TEMPORARY TABLE (only the session sees it)', () => {
    assert.deepEqual(read('CREATE TEMPORARY TABLE tmp_ids (id INT)'), []);
  });

  it("reads MariaDB's CREATE OR REPLACE TABLE as a drop of the old table and a create", () => {
    assert.deepEqual(kinds(read('CREATE OR REPLACE TABLE t (a INT)')), ['drop-table', 'create-table']);
  });

  it('keeps the other columns and reports the item it cannot read', () => {
    const sql = 'CREATE TABLE t (a INT, b jsonb, c DATE)';
    const operations = read(sql);
    assert.deepEqual(as(operations[0], 'create-table').columns.map((column) => column.name), ['a', 'c']);
    assert.equal(operations[1].kind, 'unanalyzable-sql');
    assert.deepEqual(operations[1].range, rangeOf(sql, 'b jsonb'));
    assert.match(unanalyzableReasons(operations)[0], /CREATE TABLE item near "jsonb"/);
  });

  it('reports an empty item', () => {
    assert.deepEqual(kinds(read('CREATE TABLE t (a INT,)')), ['create-table', 'unanalyzable-sql']);
  });
});

describe('CREATE INDEX', () => {
  it('reads CREATE INDEX ... ON with its columns', () => {
    const sql = 'CREATE INDEX `IDX_EMAIL` ON `customer_entity` (`email`, website_id)';
    const index = readOne(sql);
    assert.deepEqual(meaning(index), { kind: 'add-index', table: 'customer_entity', columns: ['email', 'website_id'], unique: false, name: 'IDX_EMAIL' });
    assert.deepEqual(index.range, rangeOf(sql, sql));
  });

  it('reads CREATE UNIQUE INDEX as unique', () => {
    assert.equal(as(readOne('CREATE UNIQUE INDEX uk ON db.t (a)'), 'add-index').unique, true);
  });

  it('reads CREATE FULLTEXT INDEX with its index type', () => {
    assert.equal(as(readOne('CREATE FULLTEXT INDEX ft ON t (body)'), 'add-index').indexType, 'fulltext');
  });

  it('reads a trailing LOCK=SHARED as an explicit lock on that option', () => {
    const sql = 'CREATE INDEX idx ON t (a) ALGORITHM=INPLACE LOCK=SHARED';
    const [index, lock] = read(sql);
    assert.equal(index.kind, 'add-index');
    assert.deepEqual(meaning(lock), { kind: 'explicit-lock', table: 't', lock: 'SHARED' });
    assert.deepEqual(lock.range, rangeOf(sql, 'LOCK=SHARED'));
    assert.equal(lock.batch, index.batch);
  });

  it("reads MariaDB's CREATE INDEX IF NOT EXISTS", () => {
    assert.deepEqual(meaning(readOne('CREATE INDEX IF NOT EXISTS idx ON t (a)')), { kind: 'add-index', table: 't', columns: ['a'], unique: false, name: 'idx' });
  });

  it("reports Postgres's CREATE INDEX CONCURRENTLY as unanalyzable", () => {
    assert.deepEqual(kinds(read('CREATE INDEX CONCURRENTLY idx ON t (a)')), ['unanalyzable-sql']);
  });
});
