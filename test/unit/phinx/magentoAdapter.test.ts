// Magento adapter calls in MX migrations: $this->getConnection(), $this->schemaSetup, getTable()
// wrappers, the DDL table builder, and EAV attribute removal.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readPhinxMigration } from '../../../server/src/analysis/phinx/readPhinxMigration';
import { rangeOf } from '../../helpers/positions';
import { readFixture, summary, upDownMigration, whatItDoes } from './phinxTestKit';

const GIFT_FIXTURE = '20200601120000_drop_legacy_gift_columns.php';

describe('Magento adapter through getConnection()', () => {
  it('reads each adapter call, through a $connection variable, $this->getConnection() and $this->schemaSetup', () => {
    const { model } = readFixture(GIFT_FIXTURE, '0.9.2');
    assert.deepEqual(summary(model), [
      'up drop-column quote legacy_gift_flag',
      'up change-column sales_order gift_note',
      'up change-column sales_order_item gift_wrap_price',
      'up drop-foreign-key acme_gift_wrap ACME_GIFT_WRAP_ORDER_ID_SALES_ORDER_ENTITY_ID',
      'up drop-index acme_gift_wrap ACME_GIFT_WRAP_ORDER_ID',
      'up drop-table acme_gift_wrap_legacy',
      'up truncate-table acme_gift_wrap_cache',
      'up remove-eav-attribute -',
      'up remove-eav-attribute -',
      'up remove-eav-attribute -',
      'down add-column quote legacy_gift_flag',
    ]);
    assert.ok(model.operations.slice(0, 7).every((operation) => operation.source === 'magento-adapter' && operation.batch === undefined));
  });

  it('reads the table name inside getTable() and self:: constants, without a prefix', () => {
    const { text, model } = readFixture(GIFT_FIXTURE, '0.9.2');
    const [dropColumn] = model.operations;
    assert.deepEqual(whatItDoes(dropColumn), { kind: 'drop-column', table: 'quote', column: 'legacy_gift_flag' });
    assert.deepEqual(dropColumn.range, rangeOf(text, "$connection->dropColumn($this->getTable(self::QUOTE_TABLE), 'legacy_gift_flag')"));
    assert.equal(dropColumn.apiCall, 'dropColumn');
  });

  it('reads changeColumn() with a new name as a rename plus redefinition, in MySQL type names', () => {
    const { model } = readFixture(GIFT_FIXTURE, '0.9.2');
    assert.deepEqual(whatItDoes(model.operations[1]), {
      kind: 'change-column',
      table: 'sales_order',
      from: 'gift_message',
      column: { name: 'gift_note', type: 'varchar', length: 255, nullable: true, comment: 'Gift note' },
    });
  });

  it('reads modifyColumn() as a change of the same column, DECIMAL with precision and scale', () => {
    const { text, model } = readFixture(GIFT_FIXTURE, '0.9.2');
    const modify = model.operations[2];
    assert.deepEqual(whatItDoes(modify), {
      kind: 'change-column',
      table: 'sales_order_item',
      from: 'gift_wrap_price',
      column: { name: 'gift_wrap_price', type: 'decimal', precision: 12, scale: 4, nullable: false, default: { value: '0.0000', isExpression: false } },
    });
    assert.equal(modify.range.start.line, rangeOf(text, '->modifyColumn(').start.line);
    assert.equal(modify.range.start.character, rangeOf(text, '->modifyColumn(').start.character);
  });

  it('reads EAV attribute removal with known entity constants as entity type codes, unknown ones as written', () => {
    const { text, model } = readFixture(GIFT_FIXTURE, '0.9.2');
    const removals = model.operations.filter((operation) => operation.kind === 'remove-eav-attribute').map(whatItDoes);
    assert.deepEqual(removals, [
      { kind: 'remove-eav-attribute', entity: 'catalog_product', attribute: 'gift_wrapping_available' },
      { kind: 'remove-eav-attribute', entity: 'customer', attribute: 'gift_preference' },
      { kind: 'remove-eav-attribute', entity: '\\Acme\\Gift\\Model\\Card::ENTITY', attribute: 'legacy_design' },
    ]);
    const first = model.operations.find((operation) => operation.kind === 'remove-eav-attribute');
    assert.deepEqual(first?.range, rangeOf(text, "$this->eavSetup->removeAttribute(Product::ENTITY, 'gift_wrapping_available')"));
  });

  it('reads the rollback addColumn() with its Magento definition', () => {
    const { model } = readFixture(GIFT_FIXTURE, '0.9.2');
    const add = model.operations.find((operation) => operation.phase === 'down');
    assert.deepEqual(add && whatItDoes(add), {
      kind: 'add-column',
      table: 'quote',
      column: { name: 'legacy_gift_flag', type: 'smallint', nullable: false, default: { value: '0', isExpression: false }, comment: 'Legacy gift flag' },
    });
  });
});

describe('more adapter calls', () => {
  it('reads renames, indexes, foreign keys and row changes, with or without a WHERE', () => {
    const text = upDownMigration(`
        $connection = $this->schemaSetup->getConnection();
        $connection->renameTable($this->getTable('acme_old'), $this->getTable('acme_new'));
        $connection->addIndex('acme_new', 'ACME_NEW_CODE', ['code'], \\Magento\\Framework\\DB\\Adapter\\AdapterInterface::INDEX_TYPE_UNIQUE);
        $connection->addForeignKey('ACME_NEW_STORE', 'acme_new', 'store_id', 'store', 'store_id');
        $connection->delete('acme_new', ['code = ?' => 'legacy']);
        $connection->delete('acme_log');
        $connection->update('acme_new', ['active' => 0]);
        $connection->insertMultiple('acme_new', [['code' => 'a'], ['code' => 'b']]);
        $connection->changeTableEngine('acme_new', 'InnoDB');
    `);
    const model = readPhinxMigration(text, { phinxVersion: '0.9.2' });
    assert.deepEqual(model.operations.map(whatItDoes), [
      { kind: 'rename-table', table: 'acme_old', newName: 'acme_new' },
      { kind: 'add-index', table: 'acme_new', columns: ['code'], name: 'ACME_NEW_CODE', unique: true },
      { kind: 'add-foreign-key', table: 'acme_new', columns: ['store_id'], referencedTable: 'store', name: 'ACME_NEW_STORE' },
      { kind: 'delete-rows', table: 'acme_new', hasWhere: true },
      { kind: 'delete-rows', table: 'acme_log', hasWhere: false },
      { kind: 'update-rows', table: 'acme_new', hasWhere: false },
      { kind: 'insert-rows', table: 'acme_new', fromSelect: false },
      { kind: 'rebuild-table', table: 'acme_new', reason: 'engine' },
    ]);
  });

  it('reads a DDL table built with newTable() and created with createTable()', () => {
    const text = upDownMigration(`
        $connection = $this->getConnection();
        $table = $connection->newTable($this->getTable('acme_gift_card'))
            ->addColumn('card_id', Table::TYPE_INTEGER, null, ['identity' => true, 'unsigned' => true, 'nullable' => false, 'primary' => true], 'Card ID')
            ->addColumn('code', Table::TYPE_TEXT, 32, ['nullable' => false], 'Code')
            ->addColumn('balance', Table::TYPE_DECIMAL, '12,4', ['nullable' => false, 'default' => '0.0000'], 'Balance')
            ->addColumn('message', Table::TYPE_TEXT, '64k', [], 'Message')
            ->addIndex('ACME_GIFT_CARD_CODE', ['code'], ['type' => 'unique']);
        $connection->createTable($table);
        $connection->dropColumn($this->getTable('acme_gift_card'), 'message');
    `);
    const model = readPhinxMigration(text, { phinxVersion: '0.9.2' });
    assert.deepEqual(model.operations.map(whatItDoes), [
      {
        kind: 'create-table',
        table: 'acme_gift_card',
        batch: 'acme_gift_card#1',
        columns: [
          { name: 'card_id', type: 'int', nullable: false, unsigned: true, autoIncrement: true, comment: 'Card ID' },
          { name: 'code', type: 'varchar', length: 32, nullable: false, comment: 'Code' },
          { name: 'balance', type: 'decimal', nullable: false, default: { value: '0.0000', isExpression: false }, precision: 12, scale: 4, comment: 'Balance' },
          { name: 'message', type: 'text', comment: 'Message' },
        ],
      },
      { kind: 'add-index', table: 'acme_gift_card', columns: ['code'], name: 'ACME_GIFT_CARD_CODE', unique: true, batch: 'acme_gift_card#1' },
      { kind: 'drop-column', table: 'acme_gift_card', column: 'message' },
    ]);
    assert.deepEqual(
      model.operations.map((operation) => operation.tableCreatedInMigration),
      [false, true, true],
    );
  });

  it('lists adapter calls whose table is not a constant instead of guessing', () => {
    const text = upDownMigration(`
        foreach ($this->getLegacyTables() as $legacyTable) {
            $this->getConnection()->dropTable($legacyTable);
        }
    `);
    const model = readPhinxMigration(text, { phinxVersion: '0.9.2' });
    assert.deepEqual(model.operations, []);
    assert.deepEqual(
      model.unresolvedCalls.map((call) => [call.apiCall, call.operationKind, call.reason, call.range]),
      [['dropTable', 'drop-table', 'a table or column name is not a constant', rangeOf(text, '->dropTable($legacyTable)')]],
    );
  });

  it('sends the adapter\'s query() to the raw SQL list', () => {
    const text = upDownMigration(`
        $this->getConnection()->query('ALTER TABLE acme_badge DROP COLUMN legacy');
    `);
    const model = readPhinxMigration(text, { phinxVersion: '0.9.2' });
    assert.deepEqual(
      model.rawSql.map((entry) => [entry.via, entry.sql]),
      [['adapter-query', 'ALTER TABLE acme_badge DROP COLUMN legacy']],
    );
  });

  it('reads EAV setup obtained from the object manager or a factory', () => {
    const text = upDownMigration(`
        $eavSetup = $this->getService(\\Magento\\Eav\\Setup\\EavSetup::class);
        $eavSetup->removeAttribute(\\Magento\\Catalog\\Api\\Data\\CategoryAttributeInterface::ENTITY_TYPE_CODE, 'acme_banner');
        $this->eavSetupFactory->create(['setup' => $this->dataSetup])->removeAttribute('customer_address', 'acme_floor');
    `);
    const model = readPhinxMigration(text, { phinxVersion: '0.9.2' });
    assert.deepEqual(model.operations.map(whatItDoes), [
      { kind: 'remove-eav-attribute', entity: 'catalog_category', attribute: 'acme_banner' },
      { kind: 'remove-eav-attribute', entity: 'customer_address', attribute: 'acme_floor' },
    ]);
  });
});
