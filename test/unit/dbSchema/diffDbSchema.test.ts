// db_schema.xml baseline -> current as the SchemaOperations setup:upgrade would run, and the removals
// Magento silently skips because db_schema_whitelist.json does not list them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { declaredColumns, diffDbSchema, type DbSchemaDiff, type DbSchemaDiffOptions } from '../../../server/src/analysis/dbSchema/diffDbSchema';
import { EMPTY_WHITELIST, readWhitelist } from '../../../server/src/analysis/dbSchema/whitelist';
import type { SchemaOperation } from '../../../server/src/analysis/schema/operations';
import { FILE_START, dbSchemaFixture, schemaXml, startTagRange } from './dbSchemaTestKit';

const BASELINE = dbSchemaFixture('loyalty.baseline.db_schema.xml');
const CURRENT = dbSchemaFixture('loyalty.current.db_schema.xml');
const WHITELIST = readWhitelist(dbSchemaFixture('loyalty.db_schema_whitelist.json')).whitelist;
const LOYALTY = diffDbSchema(BASELINE, CURRENT, { whitelist: WHITELIST });
const POINTS_BATCH = 'db-schema:acme_loyalty_points';
const POINTS_TAG = startTagRange(CURRENT, 'name="acme_loyalty_points"');

function operationsOn(diff: DbSchemaDiff, table: string, kind?: SchemaOperation['kind']): SchemaOperation[] {
  return diff.operations.filter((operation) => operation.table === table && (kind === undefined || operation.kind === kind));
}

function columnOperation(diff: DbSchemaDiff, table: string, column: string): SchemaOperation | undefined {
  return diff.operations.find((operation) => {
    if (operation.table !== table) return false;
    if (operation.kind === 'change-column') return operation.from === column;
    if (operation.kind === 'add-column') return operation.column.name === column;
    if (operation.kind === 'drop-column' || operation.kind === 'change-default' || operation.kind === 'rename-column') return operation.column === column;
    return false;
  });
}

/** Whitelist JSON listing every column, index and constraint name given, per table. */
function whitelistOf(tables: Record<string, { column?: string[]; index?: string[]; constraint?: string[] }>) {
  const json: Record<string, Record<string, Record<string, boolean>>> = {};
  for (const [table, sections] of Object.entries(tables)) {
    json[table] = {};
    for (const [section, names] of Object.entries(sections)) json[table][section] = Object.fromEntries(names.map((name) => [name, true]));
  }
  return readWhitelist(JSON.stringify(json)).whitelist;
}

function diffTables(baseTables: string | undefined, currentTables: string, options: Partial<DbSchemaDiffOptions> = {}): DbSchemaDiff & { text: string } {
  const text = schemaXml(currentTables);
  const diff = diffDbSchema(baseTables === undefined ? undefined : schemaXml(baseTables), text, { whitelist: EMPTY_WHITELIST, ...options });
  return { ...diff, text };
}

const OWNED_TABLE = (body: string, extra = '') => `    <table name="acme_stock" resource="default" engine="innodb" comment="Stock"${extra}>
        <column xsi:type="int" name="stock_id" unsigned="true" nullable="false" identity="true"/>
${body}
        <constraint xsi:type="primary" referenceId="PRIMARY">
            <column name="stock_id"/>
        </constraint>
    </table>`;

describe('diffDbSchema: nothing to run', () => {
  it('finds no operation when nothing changed', () => {
    const diff = diffDbSchema(BASELINE, BASELINE, { whitelist: WHITELIST });
    assert.deepEqual(diff.operations, []);
    assert.deepEqual(diff.unwhitelistedRemovals, []);
    assert.equal(diff.notComparedReason, undefined);
  });

  it('finds no operation when attributes are reordered or restate Magento defaults', () => {
    const base = OWNED_TABLE('        <column xsi:type="varchar" name="sku" comment="SKU"/>');
    const current = OWNED_TABLE('        <column comment="SKU" nullable="true" length="255" name="sku" xsi:type="varchar"/>');
    assert.deepEqual(diffTables(base, current).operations, []);
  });

  it('finds no operation for a changed column comment (metadata only)', () => {
    const base = OWNED_TABLE('        <column xsi:type="int" name="qty" comment="Qty"/>');
    const current = OWNED_TABLE('        <column xsi:type="int" name="qty" comment="Quantity on hand"/>');
    assert.deepEqual(diffTables(base, current).operations, []);
  });

  it('finds no operation when only an index referenceId is renamed (Magento names indexes by their columns)', () => {
    const base = OWNED_TABLE('        <column xsi:type="varchar" name="sku"/>\n        <index referenceId="ACME_STOCK_SKU" indexType="btree"><column name="sku"/></index>');
    const current = OWNED_TABLE('        <column xsi:type="varchar" name="sku"/>\n        <index referenceId="IDX_SKU_LOOKUP" indexType="btree"><column name="sku"/></index>');
    assert.deepEqual(diffTables(base, current).operations, []);
  });

  it('finds no operation when an element already disabled in the baseline stays disabled', () => {
    const tables = '    <table name="quote">\n        <column name="acme_legacy_flag" disabled="true"/>\n    </table>';
    assert.deepEqual(diffTables(tables, tables).operations, []);
  });
});

describe('diffDbSchema: changed columns', () => {
  it('reports a type change as change-column with the full new definition at the column', () => {
    assert.deepEqual(columnOperation(LOYALTY, 'acme_loyalty_points', 'points'), {
      kind: 'change-column',
      table: 'acme_loyalty_points',
      from: 'points',
      column: { name: 'points', type: 'bigint', nullable: false, unsigned: false, autoIncrement: false, default: { value: '0', isExpression: false }, comment: 'Points' },
      range: startTagRange(CURRENT, 'name="points"'),
      source: 'db-schema',
      phase: 'up',
      batch: POINTS_BATCH,
    });
  });

  it('reports a shorter varchar as change-column with the new length', () => {
    const operation = columnOperation(LOYALTY, 'acme_loyalty_points', 'tier');
    assert.equal(operation?.kind, 'change-column');
    assert.equal(operation?.kind === 'change-column' && operation.column.length, 16);
    assert.deepEqual(operation?.range, startTagRange(CURRENT, 'name="tier"'));
  });

  it('reports a longer varchar as change-column with the new length', () => {
    const diff = diffTables(OWNED_TABLE('        <column xsi:type="varchar" name="sku" length="64"/>'), OWNED_TABLE('        <column xsi:type="varchar" name="sku" length="128"/>'));
    assert.deepEqual(diff.operations.map((operation) => operation.kind === 'change-column' && operation.column.length), [128]);
  });

  it('reports a growth from the implicit 255 to an explicit length', () => {
    const diff = diffTables(OWNED_TABLE('        <column xsi:type="varchar" name="sku"/>'), OWNED_TABLE('        <column xsi:type="varchar" name="sku" length="1024"/>'));
    assert.deepEqual(diff.operations.map((operation) => operation.kind === 'change-column' && operation.column.length), [1024]);
  });

  it('reports a smaller decimal scale as change-column with the new precision and scale', () => {
    const operation = columnOperation(LOYALTY, 'acme_loyalty_points', 'balance');
    assert.equal(operation?.kind, 'change-column');
    assert.deepEqual(operation?.kind === 'change-column' && [operation.column.precision, operation.column.scale], [12, 2]);
  });

  it('reports nullable true -> false as change-column with nullable false', () => {
    const operation = columnOperation(LOYALTY, 'acme_loyalty_points', 'note');
    assert.deepEqual(operation, {
      kind: 'change-column',
      table: 'acme_loyalty_points',
      from: 'note',
      column: { name: 'note', type: 'varchar', nullable: false, length: 255, comment: 'Note' },
      range: startTagRange(CURRENT, 'name="note"'),
      source: 'db-schema',
      phase: 'up',
      batch: POINTS_BATCH,
    });
  });

  it('reports an unsigned change as change-column', () => {
    const operation = columnOperation(LOYALTY, 'acme_loyalty_points', 'store_id');
    assert.equal(operation?.kind, 'change-column');
    assert.equal(operation?.kind === 'change-column' && operation.column.unsigned, false);
  });

  it('reports a removed default as change-default without a default', () => {
    assert.deepEqual(columnOperation(LOYALTY, 'acme_loyalty_points', 'created_at'), {
      kind: 'change-default',
      table: 'acme_loyalty_points',
      column: 'created_at',
      default: undefined,
      range: startTagRange(CURRENT, 'name="created_at"'),
      source: 'db-schema',
      phase: 'up',
      batch: POINTS_BATCH,
    });
  });

  it('reports a changed default as change-default with the new value', () => {
    const diff = diffTables(OWNED_TABLE('        <column xsi:type="varchar" name="state" default="new"/>'), OWNED_TABLE('        <column xsi:type="varchar" name="state" default="pending"/>'));
    assert.deepEqual(
      diff.operations.map((operation) => operation.kind === 'change-default' && operation.default),
      [{ value: 'pending', isExpression: false }],
    );
  });

  it('reports a default change together with a type change as one change-column', () => {
    const diff = diffTables(OWNED_TABLE('        <column xsi:type="smallint" name="qty" default="0"/>'), OWNED_TABLE('        <column xsi:type="int" name="qty" default="1"/>'));
    assert.deepEqual(
      diff.operations.map((operation) => operation.kind),
      ['change-column'],
    );
  });
});

describe('diffDbSchema: added columns', () => {
  it('reports a NOT NULL column without default as add-column with nullable false and no default', () => {
    assert.deepEqual(columnOperation(LOYALTY, 'acme_loyalty_points', 'expires_at'), {
      kind: 'add-column',
      table: 'acme_loyalty_points',
      column: { name: 'expires_at', type: 'datetime', nullable: false, comment: 'Expires At' },
      range: startTagRange(CURRENT, 'name="expires_at"'),
      source: 'db-schema',
      phase: 'up',
      batch: POINTS_BATCH,
    });
  });

  it('reports a NOT NULL column with a default as add-column carrying the default', () => {
    const operation = columnOperation(LOYALTY, 'acme_loyalty_points', 'source');
    assert.equal(operation?.kind, 'add-column');
    assert.deepEqual(operation?.kind === 'add-column' && operation.column.default, { value: 'manual', isExpression: false });
  });

  it('reports a column added to another module’s table as add-column', () => {
    const diff = diffTables(undefined, '    <table name="sales_order">\n        <column xsi:type="varchar" name="acme_channel" nullable="false"/>\n    </table>');
    assert.deepEqual(diff.operations, [
      {
        kind: 'add-column',
        table: 'sales_order',
        column: { name: 'acme_channel', type: 'varchar', nullable: false, length: 255 },
        range: startTagRange(diff.text, 'name="acme_channel"'),
        source: 'db-schema',
        phase: 'up',
        batch: 'db-schema:sales_order',
      },
    ]);
  });
});

describe('diffDbSchema: columns of other modules', () => {
  it('reports a column without xsi:type on another module’s table as change-column with only what it states', () => {
    const diff = diffTables(undefined, '    <table name="sales_order">\n        <column name="customer_email" length="128" nullable="false"/>\n    </table>');
    assert.deepEqual(diff.operations, [
      {
        kind: 'change-column',
        table: 'sales_order',
        from: 'customer_email',
        column: { name: 'customer_email', nullable: false, length: 128 },
        range: startTagRange(diff.text, 'name="customer_email"'),
        source: 'db-schema',
        phase: 'up',
        batch: 'db-schema:sales_order',
      },
    ]);
  });

  it('reports no drop when such an override is removed (the column returns to its owner’s definition)', () => {
    const base = '    <table name="sales_order">\n        <column name="customer_email" length="128"/>\n        <column xsi:type="int" name="acme_points"/>\n    </table>';
    const current = '    <table name="sales_order">\n        <column xsi:type="int" name="acme_points"/>\n    </table>';
    const diff = diffTables(base, current, { whitelist: whitelistOf({ sales_order: { column: ['customer_email', 'acme_points'] } }) });
    assert.deepEqual(diff.operations, []);
    assert.deepEqual(diff.unwhitelistedRemovals, []);
  });

  it('finds no operation when such an override is unchanged', () => {
    const tables = '    <table name="sales_order">\n        <column name="customer_email" length="128"/>\n    </table>';
    assert.deepEqual(diffTables(tables, tables).operations, []);
  });
});

describe('diffDbSchema: removed elements and the whitelist', () => {
  it('reports a removed whitelisted column as drop-column at the table element', () => {
    assert.deepEqual(columnOperation(LOYALTY, 'acme_loyalty_points', 'legacy_code'), {
      kind: 'drop-column',
      table: 'acme_loyalty_points',
      column: 'legacy_code',
      range: POINTS_TAG,
      source: 'db-schema',
      phase: 'up',
      batch: POINTS_BATCH,
    });
  });

  it('reports a removed column missing from the whitelist as kept by Magento, not as a drop', () => {
    assert.equal(columnOperation(LOYALTY, 'acme_loyalty_points', 'old_flag'), undefined);
    assert.deepEqual(
      LOYALTY.unwhitelistedRemovals.find((removal) => removal.name === 'old_flag'),
      { table: 'acme_loyalty_points', element: 'column', name: 'old_flag', whitelistKeys: ['old_flag'], range: POINTS_TAG },
    );
  });

  it('reports a removed whitelisted index as drop-index at the table element', () => {
    assert.deepEqual(operationsOn(LOYALTY, 'acme_loyalty_points', 'drop-index'), [
      { kind: 'drop-index', table: 'acme_loyalty_points', name: 'ACME_LOYALTY_POINTS_TIER', columns: ['tier'], range: POINTS_TAG, source: 'db-schema', phase: 'up', batch: POINTS_BATCH },
    ]);
  });

  it('reports a removed index missing from the whitelist with the generated names Magento looks for', () => {
    assert.deepEqual(
      LOYALTY.unwhitelistedRemovals.find((removal) => removal.element === 'index'),
      {
        table: 'acme_loyalty_points',
        element: 'index',
        name: 'ACME_LOYALTY_POINTS_LEGACY_CODE',
        whitelistKeys: ['ACME_LOYALTY_POINTS_LEGACY_CODE', 'IDX_ACME_LOYALTY_POINTS_LEGACY_CODE'],
        range: POINTS_TAG,
      },
    );
  });

  it('reports a removed whitelisted table as drop-table at the start of the file', () => {
    assert.deepEqual(
      LOYALTY.operations.filter((operation) => operation.kind === 'drop-table'),
      [{ kind: 'drop-table', table: 'acme_loyalty_log', range: FILE_START, source: 'db-schema', phase: 'up' }],
    );
  });

  it('reports a removed table missing from the whitelist as kept by Magento', () => {
    assert.deepEqual(
      LOYALTY.unwhitelistedRemovals.find((removal) => removal.element === 'table'),
      { table: 'acme_loyalty_import_tmp', element: 'table', name: 'acme_loyalty_import_tmp', whitelistKeys: ['acme_loyalty_import_tmp'], range: FILE_START },
    );
  });

  it('reports each whitelisted column of a removed extension of another module’s table as drop-column', () => {
    const base = '    <table name="sales_order">\n        <column xsi:type="int" name="acme_points_spent"/>\n        <column xsi:type="int" name="acme_points_earned"/>\n    </table>';
    const current = OWNED_TABLE('');
    const diff = diffTables(base, current, { whitelist: whitelistOf({ sales_order: { column: ['acme_points_spent'] } }) });
    assert.deepEqual(operationsOn(diff, 'sales_order'), [
      { kind: 'drop-column', table: 'sales_order', column: 'acme_points_spent', range: FILE_START, source: 'db-schema', phase: 'up', batch: 'db-schema:sales_order' },
    ]);
    assert.deepEqual(
      diff.unwhitelistedRemovals.map((removal) => removal.name),
      ['acme_points_earned'],
    );
  });

  it('reports a removed foreign key listed under its generated name as drop-foreign-key', () => {
    const foreignKey = '        <constraint xsi:type="foreign" referenceId="ACME_STOCK_SOURCE" column="source_id" referenceTable="acme_source" referenceColumn="source_id"/>';
    const base = OWNED_TABLE(`        <column xsi:type="int" name="source_id"/>\n${foreignKey}`);
    const current = OWNED_TABLE('        <column xsi:type="int" name="source_id"/>');
    const diff = diffTables(base, current, { whitelist: whitelistOf({ acme_stock: { constraint: ['ACME_STOCK_SOURCE_ID_ACME_SOURCE_SOURCE_ID'] } }) });
    assert.deepEqual(diff.operations, [
      { kind: 'drop-foreign-key', table: 'acme_stock', columns: ['source_id'], name: 'ACME_STOCK_SOURCE', range: startTagRange(diff.text, 'name="acme_stock"'), source: 'db-schema', phase: 'up', batch: 'db-schema:acme_stock' },
    ]);
  });

  it('reports a removed unique constraint as drop-index', () => {
    const unique = '        <constraint xsi:type="unique" referenceId="ACME_STOCK_SKU"><column name="sku"/></constraint>';
    const diff = diffTables(OWNED_TABLE(`        <column xsi:type="varchar" name="sku"/>\n${unique}`), OWNED_TABLE('        <column xsi:type="varchar" name="sku"/>'), {
      whitelist: whitelistOf({ acme_stock: { constraint: ['ACME_STOCK_SKU'] } }),
    });
    assert.deepEqual(
      diff.operations.map((operation) => [operation.kind, operation.kind === 'drop-index' && operation.name]),
      [['drop-index', 'ACME_STOCK_SKU']],
    );
  });

  it('treats a whitelist that lists only a referenceId different from the generated name as not listing it', () => {
    const index = '        <index referenceId="SKU_LOOKUP" indexType="btree"><column name="sku"/></index>';
    const diff = diffTables(OWNED_TABLE(`        <column xsi:type="varchar" name="sku"/>\n${index}`), OWNED_TABLE('        <column xsi:type="varchar" name="sku"/>'), {
      whitelist: whitelistOf({ acme_stock: { index: ['SKU_LOOKUP'] } }),
    });
    // The referenceId is accepted (hand-written whitelists use it), so the drop is reported.
    assert.deepEqual(
      diff.operations.map((operation) => operation.kind),
      ['drop-index'],
    );
    assert.deepEqual(diff.unwhitelistedRemovals, []);
  });

  it('reports a removed index whose generated name is too long to compute as a drop', () => {
    const columns = ['first_very_long_column_name', 'second_very_long_column_name'];
    const index = `        <index referenceId="LONG_ONE" indexType="btree">${columns.map((name) => `<column name="${name}"/>`).join('')}</index>`;
    const columnXml = columns.map((name) => `        <column xsi:type="int" name="${name}"/>`).join('\n');
    const diff = diffTables(OWNED_TABLE(`${columnXml}\n${index}`), OWNED_TABLE(columnXml));
    assert.deepEqual(
      diff.operations.map((operation) => operation.kind),
      ['drop-index'],
    );
    assert.deepEqual(diff.unwhitelistedRemovals, []);
  });
});

describe('diffDbSchema: added indexes and constraints', () => {
  it('reports a new unique constraint on an existing table as add-index unique', () => {
    assert.deepEqual(
      operationsOn(LOYALTY, 'acme_loyalty_points', 'add-index').find((operation) => operation.kind === 'add-index' && operation.unique),
      {
        kind: 'add-index',
        table: 'acme_loyalty_points',
        columns: ['customer_id', 'store_id'],
        name: 'ACME_LOYALTY_POINTS_CUSTOMER_ID_STORE_ID',
        unique: true,
        range: startTagRange(CURRENT, 'referenceId="ACME_LOYALTY_POINTS_CUSTOMER_ID_STORE_ID"'),
        source: 'db-schema',
        phase: 'up',
        batch: POINTS_BATCH,
      },
    );
  });

  it('reports a new foreign key on an existing table as add-foreign-key', () => {
    assert.deepEqual(operationsOn(LOYALTY, 'acme_loyalty_points', 'add-foreign-key'), [
      {
        kind: 'add-foreign-key',
        table: 'acme_loyalty_points',
        columns: ['store_id'],
        referencedTable: 'store',
        name: 'ACME_LOYALTY_POINTS_STORE_ID_STORE_STORE_ID',
        range: startTagRange(CURRENT, 'referenceId="ACME_LOYALTY_POINTS_STORE_ID_STORE_STORE_ID"'),
        source: 'db-schema',
        phase: 'up',
        batch: POINTS_BATCH,
      },
    ]);
  });

  it('reports a new index on an existing table as add-index, not unique', () => {
    const operation = operationsOn(LOYALTY, 'acme_loyalty_points', 'add-index').find((candidate) => candidate.kind === 'add-index' && !candidate.unique);
    assert.equal(operation?.kind === 'add-index' && operation.name, 'ACME_LOYALTY_POINTS_EXPIRES_AT');
    assert.equal(operation?.kind === 'add-index' && operation.indexType, undefined);
    assert.deepEqual(operation?.range, startTagRange(CURRENT, 'referenceId="ACME_LOYALTY_POINTS_EXPIRES_AT"'));
  });

  it('reports a new fulltext index with its index type', () => {
    const index = '        <index referenceId="ACME_STOCK_NOTE" indexType="fulltext"><column name="note"/></index>';
    const diff = diffTables(OWNED_TABLE('        <column xsi:type="text" name="note"/>'), OWNED_TABLE(`        <column xsi:type="text" name="note"/>\n${index}`));
    assert.deepEqual(
      diff.operations.map((operation) => operation.kind === 'add-index' && operation.indexType),
      ['fulltext'],
    );
  });

  it('reports an index whose columns changed under the same referenceId as a drop and an add', () => {
    const before = '        <index referenceId="ACME_STOCK_LOOKUP" indexType="btree"><column name="sku"/></index>';
    const after = '        <index referenceId="ACME_STOCK_LOOKUP" indexType="btree"><column name="sku"/><column name="qty"/></index>';
    const columns = '        <column xsi:type="varchar" name="sku"/>\n        <column xsi:type="int" name="qty"/>';
    const diff = diffTables(OWNED_TABLE(`${columns}\n${before}`), OWNED_TABLE(`${columns}\n${after}`), { whitelist: whitelistOf({ acme_stock: { index: ['ACME_STOCK_SKU'] } }) });
    assert.deepEqual(
      diff.operations.map((operation) => [operation.kind, 'columns' in operation ? operation.columns : undefined]),
      [
        ['add-index', ['sku', 'qty']],
        ['drop-index', ['sku']],
      ],
    );
  });

  it('reports a primary key on new columns as change-primary-key', () => {
    const base = '    <table name="acme_link" resource="default">\n        <column xsi:type="int" name="a"/>\n        <column xsi:type="int" name="b"/>\n        <constraint xsi:type="primary" referenceId="PRIMARY"><column name="a"/></constraint>\n    </table>';
    const current = base.replace('<column name="a"/></constraint>', '<column name="a"/><column name="b"/></constraint>');
    const diff = diffTables(base, current, { whitelist: whitelistOf({ acme_link: { constraint: ['PRIMARY'] } }) });
    assert.deepEqual(diff.operations, [
      { kind: 'change-primary-key', table: 'acme_link', columns: ['a', 'b'], range: startTagRange(diff.text, 'xsi:type="primary"'), source: 'db-schema', phase: 'up', batch: 'db-schema:acme_link' },
    ]);
    assert.deepEqual(diff.unwhitelistedRemovals, []);
  });

  it('reports a primary key change without PRIMARY in the whitelist also as out of sync', () => {
    const base = '    <table name="acme_link" resource="default">\n        <column xsi:type="int" name="a"/>\n        <column xsi:type="int" name="b"/>\n        <constraint xsi:type="primary" referenceId="PRIMARY"><column name="a"/></constraint>\n    </table>';
    const current = base.replace('<column name="a"/></constraint>', '<column name="b"/></constraint>');
    const diff = diffTables(base, current);
    assert.deepEqual(
      diff.operations.map((operation) => operation.kind),
      ['change-primary-key'],
    );
    assert.deepEqual(
      diff.unwhitelistedRemovals.map((removal) => [removal.element, removal.name, removal.whitelistKeys]),
      [['constraint', 'PRIMARY', ['PRIMARY']]],
    );
  });

  it('reports a changed ON DELETE as a drop and an add of the foreign key', () => {
    const foreignKey = (onDelete: string) =>
      `        <column xsi:type="int" name="source_id"/>\n        <constraint xsi:type="foreign" referenceId="ACME_STOCK_SOURCE" column="source_id" referenceTable="acme_source" referenceColumn="source_id" onDelete="${onDelete}"/>`;
    const diff = diffTables(OWNED_TABLE(foreignKey('CASCADE')), OWNED_TABLE(foreignKey('SET NULL')), {
      whitelist: whitelistOf({ acme_stock: { constraint: ['ACME_STOCK_SOURCE_ID_ACME_SOURCE_SOURCE_ID'] } }),
    });
    const range = startTagRange(diff.text, 'referenceId="ACME_STOCK_SOURCE"');
    assert.deepEqual(diff.operations, [
      { kind: 'drop-foreign-key', table: 'acme_stock', columns: ['source_id'], name: 'ACME_STOCK_SOURCE', range, source: 'db-schema', phase: 'up', batch: 'db-schema:acme_stock' },
      { kind: 'add-foreign-key', table: 'acme_stock', columns: ['source_id'], referencedTable: 'acme_source', name: 'ACME_STOCK_SOURCE', range, source: 'db-schema', phase: 'up', batch: 'db-schema:acme_stock' },
    ]);
  });

  it('reports no index or constraint operations for a table created in the same change', () => {
    assert.deepEqual(
      LOYALTY.operations.filter((operation) => operation.table === 'acme_loyalty_reward').map((operation) => operation.kind),
      ['create-table'],
    );
  });
});

describe('diffDbSchema: new and renamed tables and columns', () => {
  it('reports a new table as create-table with its columns', () => {
    assert.deepEqual(operationsOn(LOYALTY, 'acme_loyalty_reward'), [
      {
        kind: 'create-table',
        table: 'acme_loyalty_reward',
        columns: [
          { name: 'reward_id', type: 'int', nullable: false, unsigned: true, autoIncrement: true, comment: 'Reward ID' },
          { name: 'title', type: 'varchar', nullable: false, length: 255, comment: 'Title' },
        ],
        range: startTagRange(CURRENT, 'name="acme_loyalty_reward"'),
        source: 'db-schema',
        phase: 'up',
      },
    ]);
  });

  it('reports migrateDataFromAnotherTable replacing a whitelisted table as rename-table, without a drop of the old one', () => {
    assert.deepEqual(
      LOYALTY.operations.filter((operation) => operation.kind === 'rename-table'),
      [{ kind: 'rename-table', table: 'acme_loyalty_tier', newName: 'acme_loyalty_level', range: startTagRange(CURRENT, 'name="acme_loyalty_level"'), source: 'db-schema', phase: 'up' }],
    );
    assert.equal(operationsOn(LOYALTY, 'acme_loyalty_tier', 'drop-table').length, 0);
    assert.equal(operationsOn(LOYALTY, 'acme_loyalty_level').length, 0);
  });

  it('reports migrateDataFromAnotherTable as a copy (create-table) when the old table is not whitelisted', () => {
    const base = OWNED_TABLE('');
    const current = OWNED_TABLE('').replace('name="acme_stock"', 'name="acme_inventory"').replace('comment="Stock"', 'comment="Stock" onCreate="migrateDataFromAnotherTable(acme_stock)"');
    const diff = diffTables(base, current);
    assert.deepEqual(
      diff.operations.map((operation) => [operation.kind, operation.table]),
      [['create-table', 'acme_inventory']],
    );
    assert.deepEqual(
      diff.unwhitelistedRemovals.map((removal) => [removal.element, removal.name]),
      [['table', 'acme_stock']],
    );
  });

  it('reports migrateDataFromAnotherTable from a table no whitelist lists as a copy (create-table)', () => {
    const copy = OWNED_TABLE('').replace('name="acme_stock"', 'name="acme_inventory"').replace('comment="Stock"', 'comment="Stock" onCreate="migrateDataFromAnotherTable(acme_legacy_stock)"');
    const diff = diffTables(undefined, copy);
    assert.deepEqual(
      diff.operations.map((operation) => [operation.kind, operation.table]),
      [['create-table', 'acme_inventory']],
    );
  });

  it('reports migrateDataFromAnotherTable as a copy when the old table is still declared', () => {
    const copy = OWNED_TABLE('').replace('name="acme_stock"', 'name="acme_inventory"').replace('comment="Stock"', 'comment="Stock" onCreate="migrateDataFromAnotherTable(acme_stock)"');
    const diff = diffTables(OWNED_TABLE(''), `${OWNED_TABLE('')}\n${copy}`, { whitelist: whitelistOf({ acme_stock: {} }) });
    assert.deepEqual(
      diff.operations.map((operation) => [operation.kind, operation.table]),
      [['create-table', 'acme_inventory']],
    );
  });

  it('reports migrateDataFrom replacing a whitelisted column as rename-column, without a drop of the old one', () => {
    assert.deepEqual(operationsOn(LOYALTY, 'sales_order'), [
      {
        kind: 'rename-column',
        table: 'sales_order',
        column: 'acme_points_spent',
        newName: 'acme_loyalty_points_spent',
        range: startTagRange(CURRENT, 'name="acme_loyalty_points_spent"'),
        source: 'db-schema',
        phase: 'up',
        batch: 'db-schema:sales_order',
      },
    ]);
  });

  it('reports migrateDataFrom as add-column when the old column is still declared', () => {
    const base = OWNED_TABLE('        <column xsi:type="int" name="qty"/>');
    const current = OWNED_TABLE('        <column xsi:type="int" name="qty"/>\n        <column xsi:type="bigint" name="quantity" onCreate="migrateDataFrom(qty)"/>');
    const diff = diffTables(base, current, { whitelist: whitelistOf({ acme_stock: { column: ['qty'] } }) });
    assert.deepEqual(
      diff.operations.map((operation) => operation.kind),
      ['add-column'],
    );
  });

  it('reports migrateDataFrom as add-column plus a kept old column when the old column is not whitelisted', () => {
    const base = OWNED_TABLE('        <column xsi:type="int" name="qty"/>');
    const current = OWNED_TABLE('        <column xsi:type="bigint" name="quantity" onCreate="migrateDataFrom(qty)"/>');
    const diff = diffTables(base, current);
    assert.deepEqual(
      diff.operations.map((operation) => operation.kind),
      ['add-column'],
    );
    assert.deepEqual(
      diff.unwhitelistedRemovals.map((removal) => removal.name),
      ['qty'],
    );
  });

  it('reports migrateDataFrom from a column this file disables as one rename-column, not also a drop', () => {
    const base = OWNED_TABLE('        <column xsi:type="int" name="qty"/>');
    const current = OWNED_TABLE('        <column xsi:type="int" name="qty" disabled="true"/>\n        <column xsi:type="bigint" name="quantity" onCreate="migrateDataFrom(qty)"/>');
    const diff = diffTables(base, current);
    assert.deepEqual(
      diff.operations.map((operation) => [operation.kind, operation.range]),
      [['rename-column', startTagRange(diff.text, 'name="quantity"')]],
    );
  });

  it('reports migrateDataFromAnotherTable from a table this file disables as one rename-table, not also a drop', () => {
    const renamed = OWNED_TABLE('').replace('name="acme_stock"', 'name="acme_inventory"').replace('comment="Stock"', 'comment="Stock" onCreate="migrateDataFromAnotherTable(acme_stock)"');
    const diff = diffTables(OWNED_TABLE(''), `${OWNED_TABLE('', ' disabled="true"')}\n${renamed}`);
    assert.deepEqual(
      diff.operations.map((operation) => [operation.kind, operation.table]),
      [['rename-table', 'acme_stock']],
    );
  });

  it('treats every table as new without a baseline, and extensions of other tables as added columns', () => {
    const diff = diffDbSchema(undefined, CURRENT, { whitelist: WHITELIST });
    assert.deepEqual(
      diff.operations.map((operation) => [operation.kind, operation.table]),
      [
        ['create-table', 'acme_loyalty_points'],
        ['rename-table', 'acme_loyalty_tier'],
        ['create-table', 'acme_loyalty_reward'],
        ['rename-column', 'sales_order'],
        ['drop-column', 'quote'],
      ],
    );
  });

  it('lets tablesDeclaredElsewhere decide that a table already exists', () => {
    const diff = diffDbSchema(undefined, CURRENT, { whitelist: WHITELIST, tablesDeclaredElsewhere: new Set(['acme_loyalty_reward', 'sales_order', 'quote']) });
    assert.deepEqual(
      operationsOn(diff, 'acme_loyalty_reward').map((operation) => operation.kind),
      ['add-column', 'add-column', 'change-primary-key'],
    );
  });
});

describe('diffDbSchema: disabled="true"', () => {
  it('reports a disabled column of another module as drop-column at the disabled element', () => {
    assert.deepEqual(operationsOn(LOYALTY, 'quote'), [
      { kind: 'drop-column', table: 'quote', column: 'acme_legacy_flag', range: startTagRange(CURRENT, 'name="acme_legacy_flag"'), source: 'db-schema', phase: 'up', batch: 'db-schema:quote' },
    ]);
  });

  it('reports a disabled table as drop-table at the table element, whitelisted or not', () => {
    const diff = diffTables(OWNED_TABLE(''), OWNED_TABLE('', ' disabled="true"'));
    assert.deepEqual(diff.operations, [{ kind: 'drop-table', table: 'acme_stock', range: startTagRange(diff.text, 'name="acme_stock"'), source: 'db-schema', phase: 'up' }]);
  });

  it('reports a disabled index of another module as drop-index', () => {
    const diff = diffTables(undefined, '    <table name="catalog_product_entity">\n        <index referenceId="CATALOG_PRODUCT_ENTITY_SKU" disabled="true"/>\n    </table>');
    assert.deepEqual(diff.operations, [
      {
        kind: 'drop-index',
        table: 'catalog_product_entity',
        name: 'CATALOG_PRODUCT_ENTITY_SKU',
        columns: undefined,
        range: startTagRange(diff.text, 'referenceId="CATALOG_PRODUCT_ENTITY_SKU"'),
        source: 'db-schema',
        phase: 'up',
        batch: 'db-schema:catalog_product_entity',
      },
    ]);
  });

  it('reports a disabled foreign key of another module as drop-foreign-key', () => {
    const diff = diffTables(undefined, '    <table name="sales_order">\n        <constraint xsi:type="foreign" referenceId="SALES_ORDER_CUSTOMER_ID_CUSTOMER_ENTITY_ENTITY_ID" disabled="true"/>\n    </table>');
    assert.deepEqual(
      diff.operations.map((operation) => [operation.kind, 'name' in operation ? operation.name : undefined]),
      [['drop-foreign-key', 'SALES_ORDER_CUSTOMER_ID_CUSTOMER_ENTITY_ENTITY_ID']],
    );
  });

  it('reports disabling an own column as drop-column at the column, with its columns from the baseline', () => {
    const diff = diffTables(OWNED_TABLE('        <column xsi:type="int" name="qty"/>'), OWNED_TABLE('        <column xsi:type="int" name="qty" disabled="true"/>'));
    assert.deepEqual(
      diff.operations.map((operation) => [operation.kind, operation.range]),
      [['drop-column', startTagRange(diff.text, 'name="qty"')]],
    );
    assert.deepEqual(diff.unwhitelistedRemovals, []);
  });
});

describe('diffDbSchema: table options and batches', () => {
  it('reports an engine change as rebuild-table', () => {
    const diff = diffTables(OWNED_TABLE(''), OWNED_TABLE('').replace('engine="innodb"', 'engine="memory"'));
    assert.deepEqual(diff.operations, [
      { kind: 'rebuild-table', table: 'acme_stock', reason: 'engine', range: startTagRange(diff.text, 'name="acme_stock"'), source: 'db-schema', phase: 'up', batch: 'db-schema:acme_stock' },
    ]);
  });

  it('reports a changed charset as rebuild-table', () => {
    const diff = diffTables(OWNED_TABLE(''), OWNED_TABLE('', ' charset="utf8mb4"'));
    assert.deepEqual(
      diff.operations.map((operation) => operation.kind === 'rebuild-table' && operation.reason),
      ['charset'],
    );
  });

  it('marks every operation as db-schema, up, and batches the ALTERs of one table together', () => {
    for (const operation of LOYALTY.operations) {
      assert.equal(operation.source, 'db-schema');
      assert.equal(operation.phase, 'up');
      const altersExistingTable = !['create-table', 'drop-table', 'rename-table'].includes(operation.kind);
      assert.equal(operation.batch, altersExistingTable ? `db-schema:${operation.table}` : undefined, `${operation.kind} ${operation.table}`);
    }
  });
});

describe('diffDbSchema: files that are not well formed', () => {
  it('compares nothing when the current file is broken', () => {
    const diff = diffDbSchema(BASELINE, CURRENT.slice(0, 500), { whitelist: WHITELIST });
    assert.deepEqual(diff.operations, []);
    assert.deepEqual(diff.unwhitelistedRemovals, []);
    assert.match(diff.notComparedReason ?? '', /^db_schema\.xml is not well-formed XML/);
  });

  it('compares nothing when the baseline file is broken', () => {
    const diff = diffDbSchema('<schema><table name="x">', CURRENT, { whitelist: WHITELIST });
    assert.deepEqual(diff.operations, []);
    assert.match(diff.notComparedReason ?? '', /^the baseline db_schema\.xml is not well-formed XML/);
  });
});

describe('declaredColumns', () => {
  it('gives the baseline definition of each column, for rules that compare before and after', () => {
    const columns = declaredColumns(LOYALTY.baseline);
    assert.deepEqual(columns.get('acme_loyalty_points')?.get('tier'), { name: 'tier', type: 'varchar', nullable: true, length: 32, comment: 'Tier code' });
    assert.equal(columns.get('sales_order')?.get('acme_points_spent')?.unsigned, true);
  });
});
