// ALTER TABLE in raw SQL: one operation per clause, each underlining its own clause, all sharing the
// statement's batch id.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { as, kinds, meaning, rangeOf, read, readOne, unanalyzableReasons, underlined } from './sqlTestKit';

describe('ALTER TABLE clauses', () => {
  it('underlines the DROP COLUMN clause of a multi-clause ALTER, not the statement', () => {
    const sql = 'ALTER TABLE foo ADD COLUMN bar INT NULL, DROP COLUMN baz';
    const drop = read(sql)[1];
    assert.deepEqual(meaning(drop), { kind: 'drop-column', table: 'foo', column: 'baz' });
    assert.deepEqual(drop.range, rangeOf(sql, 'DROP COLUMN baz'));
  });

  it('gives every clause of one ALTER the same batch, and another ALTER another batch', () => {
    const sql = 'ALTER TABLE a ADD COLUMN x INT, DROP COLUMN y;\nALTER TABLE b DROP COLUMN z';
    const [first, second, third] = read(sql);
    assert.ok(first.batch);
    assert.equal(first.batch, second.batch);
    assert.notEqual(third.batch, first.batch);
  });

  it('reports source sql and the phase it was given', () => {
    const sql = 'ALTER TABLE t DROP COLUMN c';
    const operation = read(sql, 'down')[0];
    assert.equal(operation.source, 'sql');
    assert.equal(operation.phase, 'down');
  });

  it('strips backticks and the database qualifier from the table', () => {
    assert.equal(readOne('ALTER TABLE `magento`.`sales_order` DROP COLUMN `x`').table, 'sales_order');
  });

  it('reads DROP without COLUMN as a column drop', () => {
    assert.deepEqual(meaning(readOne('ALTER TABLE t DROP legacy')), { kind: 'drop-column', table: 't', column: 'legacy' });
  });

  it("reads MariaDB's DROP COLUMN IF EXISTS and ADD COLUMN IF NOT EXISTS", () => {
    const sql = 'ALTER TABLE t DROP COLUMN IF EXISTS a, ADD COLUMN IF NOT EXISTS b INT NOT NULL';
    const [drop, add] = read(sql);
    assert.deepEqual(meaning(drop), { kind: 'drop-column', table: 't', column: 'a' });
    assert.deepEqual(as(add, 'add-column').column, { name: 'b', type: 'int', nullable: false });
    assert.deepEqual(drop.range, rangeOf(sql, 'DROP COLUMN IF EXISTS a'));
  });

  it('reads ADD COLUMN with a full definition', () => {
    const sql = "ALTER TABLE sales_order ADD COLUMN external_ref VARCHAR(64) NOT NULL DEFAULT '' COMMENT 'Reference' AFTER increment_id";
    assert.deepEqual(meaning(readOne(sql)), {
      kind: 'add-column',
      table: 'sales_order',
      column: {
        name: 'external_ref',
        type: 'varchar',
        length: 64,
        nullable: false,
        default: { value: '', isExpression: false },
        comment: 'Reference',
        position: { after: 'increment_id' },
      },
    });
  });

  it('reads ADD COLUMN (a, b) as one operation per column, each underlining its definition', () => {
    const sql = 'ALTER TABLE t ADD COLUMN (a INT, b DATE NULL)';
    const operations = read(sql);
    assert.deepEqual(operations.map((operation) => as(operation, 'add-column').column.name), ['a', 'b']);
    assert.deepEqual(operations[1].range, rangeOf(sql, 'b DATE NULL'));
  });

  it('reads CHANGE a b as a change-column from a whose definition is named b', () => {
    const change = as(readOne('ALTER TABLE t CHANGE COLUMN old_name new_name BIGINT UNSIGNED NOT NULL'), 'change-column');
    assert.equal(change.from, 'old_name');
    assert.deepEqual(change.column, { name: 'new_name', type: 'bigint', unsigned: true, nullable: false });
  });

  it('reads MODIFY as a change-column of the same name', () => {
    const change = as(readOne('ALTER TABLE t MODIFY qty DECIMAL(12,4) NULL'), 'change-column');
    assert.equal(change.from, 'qty');
    assert.deepEqual(change.column, { name: 'qty', type: 'decimal', precision: 12, scale: 4, nullable: true });
  });

  it('reads RENAME COLUMN a TO b', () => {
    assert.deepEqual(meaning(readOne('ALTER TABLE t RENAME COLUMN a TO b')), { kind: 'rename-column', table: 't', column: 'a', newName: 'b' });
  });

  it('reads ALTER COLUMN ... DROP DEFAULT as a change-default to nothing', () => {
    const sql = 'ALTER TABLE t ALTER COLUMN status DROP DEFAULT';
    const operation = as(readOne(sql), 'change-default');
    assert.equal(operation.column, 'status');
    assert.equal(operation.default, undefined);
    assert.ok('default' in operation, 'the default is stated as removed, not left unstated');
    assert.deepEqual(operation.range, rangeOf(sql, 'ALTER COLUMN status DROP DEFAULT'));
  });

  it('reads ALTER ... SET DEFAULT with a literal', () => {
    assert.deepEqual(as(readOne("ALTER TABLE t ALTER status SET DEFAULT 'new'"), 'change-default').default, { value: 'new', isExpression: false });
  });

  it('reads ALTER COLUMN ... SET DEFAULT (expression) as an expression', () => {
    assert.deepEqual(as(readOne('ALTER TABLE t ALTER COLUMN uid SET DEFAULT (UUID())'), 'change-default').default, { value: 'UUID()', isExpression: true });
  });

  it('gives nothing for SET INVISIBLE and ALTER INDEX ... INVISIBLE (the safe step before a drop)', () => {
    assert.deepEqual(read('ALTER TABLE t ALTER COLUMN a SET INVISIBLE, ALTER INDEX idx_a INVISIBLE'), []);
  });

  it('gives nothing for RENAME INDEX', () => {
    assert.deepEqual(read('ALTER TABLE t RENAME INDEX a TO b'), []);
  });
});

describe('ALTER TABLE indexes and keys', () => {
  it('reads ADD INDEX with its name and columns', () => {
    assert.deepEqual(meaning(readOne('ALTER TABLE t ADD INDEX `IDX_A_B` (`a`, b(10) DESC)')), {
      kind: 'add-index',
      table: 't',
      columns: ['a', 'b'],
      unique: false,
      name: 'IDX_A_B',
    });
  });

  it('reads ADD KEY without a name', () => {
    assert.deepEqual(meaning(readOne('ALTER TABLE t ADD KEY (a)')), { kind: 'add-index', table: 't', columns: ['a'], unique: false });
  });

  it('reads ADD UNIQUE, ADD UNIQUE KEY and ADD CONSTRAINT ... UNIQUE as unique indexes', () => {
    const operations = read('ALTER TABLE t ADD UNIQUE (a), ADD UNIQUE KEY uk_b (b), ADD CONSTRAINT uk_c UNIQUE (c)');
    assert.deepEqual(operations.map(meaning), [
      { kind: 'add-index', table: 't', columns: ['a'], unique: true },
      { kind: 'add-index', table: 't', columns: ['b'], unique: true, name: 'uk_b' },
      { kind: 'add-index', table: 't', columns: ['c'], unique: true, name: 'uk_c' },
    ]);
  });

  it('reads ADD FULLTEXT and ADD SPATIAL INDEX with their index type', () => {
    const [fulltext, spatial] = read('ALTER TABLE t ADD FULLTEXT INDEX ft (body), ADD SPATIAL INDEX sp (location)');
    assert.equal(as(fulltext, 'add-index').indexType, 'fulltext');
    assert.equal(as(spatial, 'add-index').indexType, 'spatial');
  });

  it('reads an inline UNIQUE in a column definition as a unique index on that column too', () => {
    assert.deepEqual(kinds(read('ALTER TABLE t ADD COLUMN code VARCHAR(32) UNIQUE')), ['add-column', 'add-index']);
  });

  it('reads DROP INDEX and DROP KEY', () => {
    assert.deepEqual(read('ALTER TABLE t DROP INDEX idx_a, DROP KEY idx_b').map(meaning), [
      { kind: 'drop-index', table: 't', name: 'idx_a' },
      { kind: 'drop-index', table: 't', name: 'idx_b' },
    ]);
  });

  it('reads ADD CONSTRAINT ... FOREIGN KEY with the referenced table', () => {
    const sql = 'ALTER TABLE quote_item ADD CONSTRAINT `FK_QUOTE` FOREIGN KEY (`quote_id`) REFERENCES `db`.`quote` (`entity_id`) ON DELETE CASCADE';
    assert.deepEqual(meaning(readOne(sql)), {
      kind: 'add-foreign-key',
      table: 'quote_item',
      columns: ['quote_id'],
      referencedTable: 'quote',
      name: 'FK_QUOTE',
    });
  });

  it('reads an unnamed ADD FOREIGN KEY', () => {
    assert.deepEqual(meaning(readOne('ALTER TABLE a ADD FOREIGN KEY (b_id) REFERENCES b (id)')), {
      kind: 'add-foreign-key',
      table: 'a',
      columns: ['b_id'],
      referencedTable: 'b',
    });
  });

  it('reads DROP FOREIGN KEY', () => {
    assert.deepEqual(meaning(readOne('ALTER TABLE t DROP FOREIGN KEY `FK_X`')), { kind: 'drop-foreign-key', table: 't', name: 'FK_X' });
  });

  it('reads DROP CONSTRAINT as a drop-index by name (the schema model tells which key it was)', () => {
    assert.deepEqual(meaning(readOne('ALTER TABLE t DROP CONSTRAINT uk_code')), { kind: 'drop-index', table: 't', name: 'uk_code' });
  });

  it('gives nothing for DROP CHECK (it only relaxes what may be written)', () => {
    assert.deepEqual(read('ALTER TABLE t DROP CHECK chk_qty'), []);
  });

  it('reads a bare DROP PRIMARY KEY as a primary key change with no new columns', () => {
    assert.deepEqual(meaning(readOne('ALTER TABLE t DROP PRIMARY KEY')), { kind: 'change-primary-key', table: 't', columns: undefined });
  });

  it('reads DROP PRIMARY KEY + ADD PRIMARY KEY in one ALTER as one change spanning both clauses', () => {
    const sql = 'ALTER TABLE t DROP PRIMARY KEY, ADD PRIMARY KEY (store_id, entity_id)';
    const change = readOne(sql);
    assert.deepEqual(meaning(change), { kind: 'change-primary-key', table: 't', columns: ['store_id', 'entity_id'] });
    assert.deepEqual(change.range, rangeOf(sql, 'DROP PRIMARY KEY, ADD PRIMARY KEY (store_id, entity_id)'));
  });

  it('reads ADD PRIMARY KEY alone', () => {
    assert.deepEqual(meaning(readOne('ALTER TABLE t ADD CONSTRAINT pk PRIMARY KEY (id)')), { kind: 'change-primary-key', table: 't', columns: ['id'] });
  });

  it('reads an inline PRIMARY KEY on an added column as a primary key change', () => {
    assert.deepEqual(kinds(read('ALTER TABLE t ADD COLUMN id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY')), ['add-column', 'change-primary-key']);
  });
});

describe('ALTER TABLE table changes and options', () => {
  it('reads RENAME TO, RENAME AS and a bare RENAME as rename-table', () => {
    const operations = read('ALTER TABLE a RENAME TO b; ALTER TABLE c RENAME AS `db`.`d`; ALTER TABLE e RENAME f');
    assert.deepEqual(operations.map(meaning), [
      { kind: 'rename-table', table: 'a', newName: 'b' },
      { kind: 'rename-table', table: 'c', newName: 'd' },
      { kind: 'rename-table', table: 'e', newName: 'f' },
    ]);
  });

  it('reads ENGINE= as an engine rebuild, underlining only that option', () => {
    const sql = 'ALTER TABLE t ENGINE=InnoDB ROW_FORMAT=DYNAMIC';
    const rebuild = readOne(sql);
    assert.deepEqual(meaning(rebuild), { kind: 'rebuild-table', table: 't', reason: 'engine' });
    assert.deepEqual(rebuild.range, rangeOf(sql, 'ENGINE=InnoDB'));
  });

  it('reads CONVERT TO CHARACTER SET ... COLLATE as one charset rebuild', () => {
    const sql = 'ALTER TABLE t CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci';
    const rebuild = readOne(sql);
    assert.deepEqual(meaning(rebuild), { kind: 'rebuild-table', table: 't', reason: 'charset' });
    assert.deepEqual(rebuild.range, rangeOf(sql, 'CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci'));
  });

  it('reads [DEFAULT] CHARACTER SET followed by COLLATE as one charset rebuild', () => {
    const sql = 'ALTER TABLE t DEFAULT CHARACTER SET = utf8mb4 COLLATE = utf8mb4_bin';
    const rebuild = readOne(sql);
    assert.deepEqual(meaning(rebuild), { kind: 'rebuild-table', table: 't', reason: 'charset' });
    assert.deepEqual(rebuild.range, rangeOf(sql, 'DEFAULT CHARACTER SET = utf8mb4 COLLATE = utf8mb4_bin'));
  });

  it('reads CHARSET= alone as a charset rebuild and COLLATE alone as a collation rebuild', () => {
    assert.deepEqual(read('ALTER TABLE t CHARSET=utf8mb4; ALTER TABLE u COLLATE utf8mb4_bin').map(meaning), [
      { kind: 'rebuild-table', table: 't', reason: 'charset' },
      { kind: 'rebuild-table', table: 'u', reason: 'collation' },
    ]);
  });

  it('reads FORCE as a forced rebuild', () => {
    const sql = 'ALTER TABLE t FORCE';
    const rebuild = readOne(sql);
    assert.deepEqual(meaning(rebuild), { kind: 'rebuild-table', table: 't', reason: 'force' });
    assert.deepEqual(rebuild.range, rangeOf(sql, 'FORCE'));
  });

  it('reads ALGORITHM=COPY and LOCK=SHARED|EXCLUSIVE as explicit locks, each on its own clause', () => {
    const sql = 'ALTER TABLE t ADD COLUMN a INT, ALGORITHM=COPY, LOCK=EXCLUSIVE';
    const [, algorithm, lock] = read(sql);
    assert.deepEqual(meaning(algorithm), { kind: 'explicit-lock', table: 't', algorithm: 'COPY' });
    assert.deepEqual(meaning(lock), { kind: 'explicit-lock', table: 't', lock: 'EXCLUSIVE' });
    assert.deepEqual(lock.range, rangeOf(sql, 'LOCK=EXCLUSIVE'));
  });

  it('gives nothing for ALGORITHM=INPLACE|INSTANT and LOCK=NONE (they only ask for the safe path)', () => {
    assert.deepEqual(kinds(read('ALTER TABLE t ADD COLUMN a INT, ALGORITHM=INSTANT, LOCK=NONE; ALTER TABLE u ALGORITHM INPLACE')), ['add-column']);
  });

  it('gives nothing for metadata options (COMMENT, AUTO_INCREMENT, ROW_FORMAT)', () => {
    assert.deepEqual(read("ALTER TABLE t COMMENT = 'Orders', AUTO_INCREMENT = 1000 ROW_FORMAT=DYNAMIC"), []);
  });

  it('gives nothing for a bare ALTER TABLE t', () => {
    assert.deepEqual(read('ALTER TABLE t'), []);
  });

  it("skips MariaDB's ALTER ONLINE IGNORE TABLE IF EXISTS ... WAIT n head", () => {
    assert.deepEqual(meaning(readOne('ALTER ONLINE IGNORE TABLE IF EXISTS t WAIT 5 DROP COLUMN c')), { kind: 'drop-column', table: 't', column: 'c' });
  });

  it('reads clauses spread over lines with comments between them', () => {
    const sql = 'ALTER TABLE t\n  -- the old flag\n  DROP COLUMN a, /* keep */\n  # new one\n  ADD COLUMN b INT';
    const [drop, add] = read(sql);
    assert.deepEqual(drop.range, rangeOf(sql, 'DROP COLUMN a'));
    assert.deepEqual(add.range, rangeOf(sql, 'ADD COLUMN b INT'));
  });
});

describe('ALTER TABLE clauses that are not understood', () => {
  it('reports only the unreadable clause and still reads the others', () => {
    const sql = 'ALTER TABLE t ALTER COLUMN a TYPE bigint, ADD COLUMN b INT';
    const [unreadable, add] = read(sql);
    assert.equal(unreadable.kind, 'unanalyzable-sql');
    assert.deepEqual(unreadable.range, rangeOf(sql, 'ALTER COLUMN a TYPE bigint'));
    assert.equal(add.kind, 'add-column');
  });

  it('gives an unanalyzable clause no batch', () => {
    const [unreadable] = read('ALTER TABLE t ADD COLUMN j jsonb, DROP COLUMN k');
    assert.equal(unreadable.kind, 'unanalyzable-sql');
    assert.equal(unreadable.batch, undefined);
  });

  it('quotes where the parser stopped in the reason', () => {
    const [reason] = unanalyzableReasons(read('ALTER TABLE t ADD COLUMN j jsonb NOT NULL'));
    assert.match(reason, /near "jsonb NOT NULL"/);
  });

  it('explains a CHECK constraint is not analysed', () => {
    assert.match(unanalyzableReasons(read('ALTER TABLE t ADD CONSTRAINT chk CHECK (qty > 0)'))[0], /CHECK constraints are not analysed/);
  });

  it('reports a stray comma as an empty clause over the statement', () => {
    const sql = 'ALTER TABLE t ADD COLUMN z INT,';
    const operations = read(sql);
    assert.deepEqual(kinds(operations), ['add-column', 'unanalyzable-sql']);
    assert.deepEqual(operations[1].range, rangeOf(sql, sql));
  });

  it('reports partitioning clauses as not understood', () => {
    assert.deepEqual(kinds(read('ALTER TABLE t DROP PARTITION p2019')), ['unanalyzable-sql']);
  });

  it('reports a table option without a value', () => {
    assert.match(unanalyzableReasons(read('ALTER TABLE t ENGINE='))[0], /has no value/);
  });

  it('underlines the templated statement when the table name is a placeholder', () => {
    const sql = 'ALTER TABLE {{table}} DROP COLUMN x';
    const operation = readOne(sql);
    assert.equal(operation.kind, 'unanalyzable-sql');
    assert.match(as(operation, 'unanalyzable-sql').reason, /not a plain identifier/);
    assert.deepEqual(operation.range, rangeOf(sql, sql));
    assert.equal(underlined(sql, operation), sql);
  });
});
