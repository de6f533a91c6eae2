// The Phinx Table API as the reader follows it: chains and table variables, what Phinx 0.9 runs at once
// and 0.10+ queues, which actions share one ALTER (batch), and tables left unsaved.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readPhinxMigration } from '../../../server/src/analysis/phinx/readPhinxMigration';
import { rangeOf } from '../../helpers/positions';
import { changeMigration, readFixture, summary, upDownMigration, whatItDoes } from './phinxTestKit';

const MX_FIXTURE = '20190312101500_add_loyalty_columns_to_sales_order.php';
const CHANGE_FIXTURE = '20240215093000_rename_badge_label_and_add_position.php';
const EXPIRY_FIXTURE = '20240415090000_add_badge_expiry.php';

describe('Phinx 0.9 (MX_PhinxMigrations) up()/down()', () => {
  it('reads every operation of up() and down() in the order Phinx 0.9 runs them', () => {
    const { model } = readFixture(MX_FIXTURE, '0.9.2');
    assert.deepEqual(summary(model), [
      'up add-column sales_order loyalty_points',
      'up add-column sales_order loyalty_tier',
      'up add-index sales_order loyalty_tier',
      'up create-table acme_loyalty_ledger [acme_loyalty_ledger#1]',
      'up add-foreign-key acme_loyalty_ledger order_id [acme_loyalty_ledger#1]',
      'up change-column acme_loyalty_tier threshold',
      'up drop-column acme_loyalty_tier legacy_code',
      'up rename-column acme_loyalty_tier label',
      'down drop-table acme_loyalty_ledger',
      'down drop-column sales_order loyalty_points',
      'down drop-column sales_order loyalty_tier',
    ]);
  });

  it('runs each 0.9 column add alone: no shared batch', () => {
    const { model } = readFixture(MX_FIXTURE, '0.9.2');
    const adds = model.operations.filter((operation) => operation.kind === 'add-column');
    assert.deepEqual(adds.map((operation) => operation.batch), [undefined, undefined]);
  });

  it('underlines only the chain link of each call, with the statement around it for suppressions', () => {
    const { text, model } = readFixture(MX_FIXTURE, '0.9.2');
    const removal = model.operations.find((operation) => operation.kind === 'drop-column' && operation.phase === 'up');
    assert.deepEqual(removal?.range, rangeOf(text, "->removeColumn('legacy_code')"));
    assert.deepEqual(removal?.statementRange.start, rangeOf(text, "$this->table('acme_loyalty_tier')").start);
    assert.equal(removal?.apiCall, 'removeColumn');
    assert.equal(removal?.source, 'phinx');
  });

  it('states only the column options written, with Phinx type names', () => {
    const { model } = readFixture(MX_FIXTURE, '0.9.2');
    const [points, tier] = model.operations.filter((operation) => operation.kind === 'add-column');
    assert.deepEqual(whatItDoes(points), {
      kind: 'add-column',
      table: 'sales_order',
      column: { name: 'loyalty_points', type: 'integer', nullable: true, unsigned: true, position: { after: 'customer_id' } },
    });
    assert.deepEqual(whatItDoes(tier), {
      kind: 'add-column',
      table: 'sales_order',
      column: { name: 'loyalty_tier', type: 'string', length: 32, nullable: true, comment: 'Tier at order time' },
    });
  });

  it('reads changeColumn() as a full redefinition that keeps the name and leaves unstated options undefined', () => {
    const { model } = readFixture(MX_FIXTURE, '0.9.2');
    const change = model.operations.find((operation) => operation.kind === 'change-column');
    assert.deepEqual(change && whatItDoes(change), {
      kind: 'change-column',
      table: 'acme_loyalty_tier',
      from: 'threshold',
      column: { name: 'threshold', type: 'decimal', precision: 12, scale: 4 },
    });
  });

  it('reads a save() whose table down() drops as a CREATE TABLE with Phinx\'s implicit id', () => {
    const { text, model } = readFixture(MX_FIXTURE, '0.9.2');
    const create = model.operations.find((operation) => operation.kind === 'create-table');
    assert.deepEqual(create && whatItDoes(create), {
      kind: 'create-table',
      table: 'acme_loyalty_ledger',
      batch: 'acme_loyalty_ledger#1',
      columns: [
        { name: 'id', type: 'integer', autoIncrement: true, nullable: false },
        { name: 'order_id', type: 'integer', unsigned: true },
        { name: 'points', type: 'integer' },
        { name: 'note', type: 'text', nullable: true },
      ],
    });
    assert.deepEqual(model.saves.map((save) => [save.table, save.resolvedAs, save.reason]), [
      ['sales_order', 'update', 'assumed-existing'],
      ['acme_loyalty_ledger', 'create', 'dropped-by-rollback'],
    ]);
    assert.deepEqual(model.saves[1].range, rangeOf(text, '->save()', 1));
  });

  it('flags operations on a table the same method created', () => {
    const { model } = readFixture(MX_FIXTURE, '0.9.2');
    const foreignKey = model.operations.find((operation) => operation.kind === 'add-foreign-key');
    const salesOrderAdd = model.operations.find((operation) => operation.kind === 'add-column');
    assert.equal(foreignKey?.tableCreatedInMigration, true);
    assert.equal(salesOrderAdd?.tableCreatedInMigration, false);
  });

  it('finds nothing unsaved on 0.9, where removeColumn/changeColumn/renameColumn ran at once', () => {
    const { model } = readFixture(MX_FIXTURE, '0.9.2');
    assert.deepEqual(model.unsavedTables, []);
  });
});

describe('the same MX migration read for Phinx 0.13+', () => {
  it('reports the chain that now queues and is never saved, and its operations as never run', () => {
    const { text, model } = readFixture(MX_FIXTURE, '0.13.4');
    const unsavedUp = model.unsavedTables.filter((unsaved) => unsaved.phase === 'up');
    assert.equal(unsavedUp.length, 1);
    assert.equal(unsavedUp[0].table, 'acme_loyalty_tier');
    assert.deepEqual(unsavedUp[0].range, rangeOf(text, "$this->table('acme_loyalty_tier')"));
    assert.deepEqual(unsavedUp[0].actionRanges, [
      rangeOf(text, "->changeColumn('threshold', 'decimal', ['precision' => 12, 'scale' => 4])"),
      rangeOf(text, "->removeColumn('legacy_code')"),
      rangeOf(text, "->renameColumn('label', 'title')"),
    ]);
    const neverRun = model.operations.filter((operation) => operation.neverSaved);
    assert.deepEqual(
      neverRun.map((operation) => `${operation.phase} ${operation.kind}`),
      ['up change-column', 'up drop-column', 'up rename-column', 'down drop-column', 'down drop-column'],
    );
  });

  it('says dropTable() no longer exists', () => {
    const { text, model } = readFixture(MX_FIXTURE, '0.13.4');
    const problem = model.problems.find((candidate) => candidate.kind === 'api-not-in-version');
    assert.deepEqual(problem?.range, rangeOf(text, "$this->dropTable('acme_loyalty_ledger')"));
  });

  it('puts the column adds of one save() into one batch', () => {
    const { model } = readFixture(MX_FIXTURE, '0.13.4');
    assert.deepEqual(summary(model, 'up').slice(0, 3), [
      'up add-column sales_order loyalty_points [sales_order#1]',
      'up add-column sales_order loyalty_tier [sales_order#1]',
      'up add-index sales_order loyalty_tier',
    ]);
  });
});

describe('Phinx 0.10+ change() with a table variable', () => {
  it('follows $table across statements and runs the queue at update() in Phinx\'s plan order', () => {
    const { model } = readFixture(CHANGE_FIXTURE, '0.16.1');
    assert.deepEqual(summary(model), [
      'change rename-column acme_product_badge label [acme_product_badge#1]',
      'change add-column acme_product_badge position [acme_product_badge#1]',
      'change change-column acme_product_badge title [acme_product_badge#2]',
      'change add-index acme_product_badge product_id,position',
      'change drop-column acme_product_badge legacy_flag',
      'change create-table acme_badge_audit [acme_badge_audit#3]',
      'change truncate-table acme_badge_audit',
    ]);
  });

  it('keeps the range of each queued call, not of update()', () => {
    const { text, model } = readFixture(CHANGE_FIXTURE, '0.16.1');
    const rename = model.operations.find((operation) => operation.kind === 'rename-column');
    const index = model.operations.find((operation) => operation.kind === 'add-index');
    assert.deepEqual(rename?.range, rangeOf(text, "$table->renameColumn('label', 'title')"));
    assert.deepEqual(index?.range, rangeOf(text, "->addIndex(['product_id', 'position'], ['unique' => true, 'name' => 'ACME_BADGE_PRODUCT_POSITION'])"));
    assert.deepEqual(whatItDoes(index!), { kind: 'add-index', table: 'acme_product_badge', columns: ['product_id', 'position'], name: 'ACME_BADGE_PRODUCT_POSITION', unique: true });
  });

  it('creates a table with its primary key columns only when the options say id => false', () => {
    const { model } = readFixture(CHANGE_FIXTURE, '0.16.1');
    const create = model.operations.find((operation) => operation.kind === 'create-table');
    assert.deepEqual(create?.kind === 'create-table' && create.columns.map((column) => column.name), ['badge_id', 'changed_at', 'created_at', 'updated_at']);
  });

  it('runs truncate() at once and marks it as touching a table created in the same method', () => {
    const { text, model } = readFixture(CHANGE_FIXTURE, '0.16.1');
    const truncate = model.operations.find((operation) => operation.kind === 'truncate-table');
    assert.deepEqual(truncate?.range, rangeOf(text, '->truncate()'));
    assert.equal(truncate?.tableCreatedInMigration, true);
    assert.equal(truncate?.phase, 'change');
  });
});

describe('table variables, loops and helper methods', () => {
  it('reports a table variable reassigned before its actions are saved', () => {
    const { text, model } = readFixture(EXPIRY_FIXTURE, '0.16.1');
    assert.equal(model.unsavedTables.length, 1);
    const [unsaved] = model.unsavedTables;
    assert.equal(unsaved.table, 'acme_product_badge');
    assert.equal(unsaved.phase, 'change');
    assert.deepEqual(unsaved.range, rangeOf(text, "$this->table('acme_product_badge')"));
    assert.deepEqual(unsaved.actionRanges, [rangeOf(text, "$badges->addColumn('expires_at', 'datetime', ['null' => true])"), rangeOf(text, "$badges->addIndex(['expires_at'])")]);
  });

  it('unrolls a foreach over a constant list, one operation per table', () => {
    const { text, model } = readFixture(EXPIRY_FIXTURE, '0.16.1');
    const drops = model.operations.filter((operation) => operation.kind === 'drop-table');
    assert.deepEqual(drops.map((operation) => operation.table), ['acme_badge_rule_old', 'acme_badge_rule_store_old']);
    for (const drop of drops) assert.deepEqual(drop.range, rangeOf(text, '->drop()'));
  });

  it('reads a private helper method in the caller\'s phase, with its constant argument', () => {
    const { text, model } = readFixture(EXPIRY_FIXTURE, '0.16.1');
    const audit = model.operations.find((operation) => operation.kind === 'add-column' && operation.column.name === 'updated_by');
    assert.equal(audit?.table, 'acme_badge_rule');
    assert.equal(audit?.phase, 'change');
    assert.deepEqual(audit?.range, rangeOf(text, "->addColumn('updated_by', 'string', ['limit' => 64, 'null' => true])"));
  });

  it('resolves table names from class constants, properties and local variables', () => {
    const text = changeMigration(
      `
        $name = 'acme_local';
        $this->table($name)->removeColumn('a')->update();
        $this->table(self::TABLE)->removeColumn('b')->update();
        $this->table($this->tableName)->removeColumn('c')->update();
      `,
      "    private const TABLE = 'acme_constant';\n    private $tableName = 'acme_property';\n",
    );
    const model = readPhinxMigration(text, { phinxVersion: '0.16.1' });
    assert.deepEqual(summary(model), ['change drop-column acme_local a', 'change drop-column acme_constant b', 'change drop-column acme_property c']);
  });

  it('lists calls whose table or column is not a constant instead of guessing', () => {
    const text = changeMigration(`
        $this->table($this->resolveName())->removeColumn('a')->update();
        $this->table('acme_known')->removeColumn($column)->update();
    `);
    const model = readPhinxMigration(text, { phinxVersion: '0.16.1' });
    assert.deepEqual(model.operations, []);
    assert.deepEqual(
      model.unresolvedCalls.map((call) => [call.apiCall, call.operationKind, call.reason]),
      [
        ['removeColumn', 'drop-column', 'the table name is not a constant'],
        ['removeColumn', 'drop-column', 'the column name is not a constant'],
      ],
    );
    assert.deepEqual(model.unresolvedCalls[1].range, rangeOf(text, '->removeColumn($column)'));
  });

  it('makes a variable set differently in two branches unknown after the if', () => {
    const text = changeMigration(`
        $name = 'acme_a';
        if ($this->hasTable('acme_b')) {
            $name = 'acme_b';
        }
        $this->table($name)->drop()->save();
        $same = 'acme_c';
        if ($this->isMigratingUp()) {
            $same = 'acme_c';
        }
        $this->table($same)->drop()->save();
    `);
    const model = readPhinxMigration(text, { phinxVersion: '0.16.1' });
    assert.deepEqual(summary(model), ['change drop-table acme_c']);
    assert.equal(model.unresolvedCalls[0].operationKind, 'drop-table');
  });
});

describe('batches and plan order within one update()', () => {
  it('gives the column adds/changes/renames of one update() one batch and everything else none', () => {
    const text = changeMigration(`
        $this->table('acme_badge')
            ->addColumn('a', 'integer')
            ->removeColumn('old')
            ->addIndex(['a'])
            ->addForeignKey('a', 'acme_other', 'id')
            ->changeColumn('b', 'string', ['limit' => 20])
            ->changePrimaryKey(['a', 'b'])
            ->update();
        $this->table('acme_badge')->addColumn('c', 'integer')->update();
    `);
    const model = readPhinxMigration(text, { phinxVersion: '0.16.1' });
    assert.deepEqual(summary(model), [
      'change add-column acme_badge a [acme_badge#1]',
      'change change-column acme_badge b [acme_badge#1]',
      'change add-foreign-key acme_badge a',
      'change add-index acme_badge a',
      'change drop-column acme_badge old',
      'change change-primary-key acme_badge a,b',
      'change add-column acme_badge c [acme_badge#2]',
    ]);
  });

  it('keeps only the drop when one update() drops the table it also changes', () => {
    const text = changeMigration(`
        $this->table('acme_badge')->removeColumn('a')->addIndex(['b'])->drop()->update();
    `);
    assert.deepEqual(summary(readPhinxMigration(text, { phinxVersion: '0.16.1' })), ['change drop-table acme_badge']);
  });

  it('places raw SQL between queued actions where it runs, before the update() that flushes them', () => {
    const text = changeMigration(`
        $table = $this->table('acme_badge');
        $table->removeColumn('legacy');
        $this->execute('UPDATE acme_badge SET label = title');
        $table->update();
    `);
    const model = readPhinxMigration(text, { phinxVersion: '0.16.1' });
    assert.deepEqual(summary(model), ['change drop-column acme_badge legacy']);
    assert.equal(model.rawSql[0].operationIndex, 0);
  });

  it('reads index types, named foreign keys, index removal by name and foreign key drops', () => {
    const text = changeMigration(`
        $this->table('acme_badge')
            ->addIndex('label', ['type' => 'fulltext'])
            ->addForeignKeyWithName('ACME_BADGE_RULE', 'rule_id', 'acme_rule', 'rule_id')
            ->removeIndexByName('ACME_BADGE_OLD')
            ->dropForeignKey('store_id')
            ->dropForeignKey([], 'ACME_BADGE_CUSTOMER')
            ->update();
    `);
    const model = readPhinxMigration(text, { phinxVersion: '0.16.1' });
    assert.deepEqual(model.operations.map(whatItDoes), [
      { kind: 'add-foreign-key', table: 'acme_badge', columns: ['rule_id'], referencedTable: 'acme_rule', name: 'ACME_BADGE_RULE' },
      { kind: 'drop-foreign-key', table: 'acme_badge', columns: ['store_id'] },
      { kind: 'drop-foreign-key', table: 'acme_badge', name: 'ACME_BADGE_CUSTOMER' },
      { kind: 'add-index', table: 'acme_badge', columns: ['label'], unique: false, indexType: 'fulltext' },
      { kind: 'drop-index', table: 'acme_badge', name: 'ACME_BADGE_OLD' },
    ]);
  });

  it('reads rename() and follows the new name afterwards', () => {
    const text = changeMigration(`
        $table = $this->table('acme_badge_old');
        $table->rename('acme_badge')->update();
        $table->addColumn('note', 'text', ['null' => true])->update();
    `);
    assert.deepEqual(summary(readPhinxMigration(text, { phinxVersion: '0.16.1' })), [
      'change rename-table acme_badge_old',
      'change add-column acme_badge note [acme_badge#1]',
    ]);
  });

  it('reads column option details: defaults as literals or expressions, enum values, first position', () => {
    const text = changeMigration(`
        $this->table('acme_badge')
            ->addColumn('kind', 'enum', ['values' => ['new', 'sale'], 'default' => 'new', 'null' => false])
            ->addColumn('uuid', 'uuid', ['default' => Literal::from('uuid()'), 'after' => MysqlAdapter::FIRST])
            ->addColumn('updated_at', 'timestamp', ['default' => 'CURRENT_TIMESTAMP', 'update' => 'CURRENT_TIMESTAMP'])
            ->addColumn('body', 'text', ['limit' => MysqlAdapter::TEXT_LONG, 'collation' => 'utf8mb4_bin', 'encoding' => 'utf8mb4'])
            ->addColumn('active', 'boolean', ['default' => false, 'identity' => false])
            ->update();
    `);
    const columns = readPhinxMigration(text, { phinxVersion: '0.16.1' }).operations.map((operation) => (operation.kind === 'add-column' ? operation.column : undefined));
    assert.deepEqual(columns, [
      { name: 'kind', type: 'enum', values: ['new', 'sale'], default: { value: 'new', isExpression: false }, nullable: false },
      { name: 'uuid', type: 'uuid', default: { value: 'uuid()', isExpression: true }, position: 'first' },
      { name: 'updated_at', type: 'timestamp', default: { value: 'CURRENT_TIMESTAMP', isExpression: true } },
      { name: 'body', type: 'text', length: 4294967295, collation: 'utf8mb4_bin', charset: 'utf8mb4' },
      { name: 'active', type: 'boolean', default: { value: '0', isExpression: false }, autoIncrement: false },
    ]);
  });
});

describe('save(): create or update', () => {
  it('reads save() on a table with options as a create, and on a plain existing table as an update', () => {
    const text = upDownMigration(`
        $this->table('acme_new', ['id' => 'entity_id', 'engine' => 'InnoDB'])->addColumn('code', 'string')->save();
        $this->table('acme_existing')->addColumn('code', 'string')->save();
        $this->table('acme_existing')->addColumn('label', 'string')->removeColumn('title')->save();
    `);
    const model = readPhinxMigration(text, { phinxVersion: '0.12.14' });
    assert.deepEqual(model.saves.map((save) => [save.table, save.resolvedAs, save.reason]), [
      ['acme_new', 'create', 'table-options'],
      ['acme_existing', 'update', 'assumed-existing'],
      ['acme_existing', 'update', 'has-alter-actions'],
    ]);
    const create = model.operations[0];
    assert.deepEqual(create.kind === 'create-table' && create.columns.map((column) => column.name), ['entity_id', 'code']);
  });

  it('reads a second save() on a table the method created as an update', () => {
    const text = changeMigration(`
        $this->table('acme_new')->addColumn('code', 'string')->create();
        $this->table('acme_new')->addColumn('label', 'string')->save();
    `);
    const model = readPhinxMigration(text, { phinxVersion: '0.16.1' });
    assert.deepEqual(model.saves.map((save) => save.reason), ['table-created-earlier']);
    assert.deepEqual(
      model.operations.map((operation) => [operation.kind, operation.tableCreatedInMigration]),
      [
        ['create-table', false],
        ['add-column', true],
      ],
    );
  });

  it('reads insert() rows that run at save()', () => {
    const { text, model } = readFixture('20240501000000_seed_badge_labels.php', '0.16.1');
    const insert = model.operations.find((operation) => operation.kind === 'insert-rows');
    assert.deepEqual(insert && whatItDoes(insert), { kind: 'insert-rows', table: 'acme_badge_label', fromSelect: false });
    assert.equal(insert?.range.start.line, rangeOf(text, '->insert([').start.line);
    assert.deepEqual(model.saves.map((save) => save.reason), ['no-new-columns']);
  });
});

describe('chaining on a method that returns nothing', () => {
  it('reports ->drop()->save() on Phinx 0.9, where drop() ran at once and returned null', () => {
    const text = upDownMigration('', "$this->table('acme_product_badge')->drop()->save();");
    const old = readPhinxMigration(text, { phinxVersion: '0.9.2' });
    assert.deepEqual(
      old.problems.map((problem) => [problem.kind, problem.message, problem.range]),
      [['call-on-nothing', 'drop() returns nothing in Phinx 0.9, so ->save() fails at run time ("Call to a member function save() on null").', rangeOf(text, '->save()')]],
    );
    assert.deepEqual(summary(old), ['down drop-table acme_product_badge']);
    assert.deepEqual(readPhinxMigration(text, { phinxVersion: '0.10.0' }).problems, []);
  });

  it('reports a call chained after save() or truncate() in any version', () => {
    const text = changeMigration("$this->table('acme_badge')->truncate()->update();");
    const model = readPhinxMigration(text, { phinxVersion: '0.16.1' });
    assert.deepEqual(
      model.problems.map((problem) => [problem.kind, problem.range]),
      [['call-on-nothing', rangeOf(text, '->update()')]],
    );
  });
});

describe('AbstractMigration methods', () => {
  it('reads dropTable(), insert() and dropDatabase() and says which the installed Phinx lacks', () => {
    const text = upDownMigration(`
        $this->dropTable('acme_old');
        $this->insert('acme_badge', ['code' => 'new']);
        $this->dropDatabase('magento_old');
    `);
    const old = readPhinxMigration(text, { phinxVersion: '0.9.2' });
    assert.deepEqual(old.operations.map(whatItDoes), [
      { kind: 'drop-table', table: 'acme_old' },
      { kind: 'insert-rows', table: 'acme_badge', fromSelect: false },
      { kind: 'drop-database', name: 'magento_old' },
    ]);
    assert.deepEqual(old.problems, []);
    const current = readPhinxMigration(text, { phinxVersion: '0.14.0' });
    assert.deepEqual(
      current.problems.map((problem) => [problem.kind, problem.range]),
      [
        ['api-not-in-version', rangeOf(text, "$this->dropTable('acme_old')")],
        ['api-not-in-version', rangeOf(text, "$this->insert('acme_badge', ['code' => 'new'])")],
      ],
    );
  });
});
