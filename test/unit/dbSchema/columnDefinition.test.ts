// db_schema.xml columns as ColumnDefinitions, with Magento's defaults filled in.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { changedColumnAspects, columnDefinitionOf, normalizeDefault } from '../../../server/src/analysis/dbSchema/columnDefinition';
import { parseDbSchemaXml, type DbSchemaColumn } from '../../../server/src/analysis/dbSchema/dbSchemaXml';
import { schemaXml } from './dbSchemaTestKit';

function column(attributes: string): DbSchemaColumn {
  const [table] = parseDbSchemaXml(schemaXml(`    <table name="acme_column_test">\n        <column ${attributes}/>\n    </table>`)).tables;
  return table.columns[0];
}

describe('columnDefinitionOf', () => {
  it('makes a column nullable when nullable is not stated', () => {
    assert.equal(columnDefinitionOf(column('xsi:type="int" name="qty"')).nullable, true);
    assert.equal(columnDefinitionOf(column('xsi:type="varchar" name="code"')).nullable, true);
    assert.equal(columnDefinitionOf(column('xsi:type="text" name="body"')).nullable, true);
  });

  it('makes an identity column NOT NULL and auto-increment whatever nullable says', () => {
    const definition = columnDefinitionOf(column('xsi:type="int" name="entity_id" identity="true" nullable="true"'));
    assert.equal(definition.nullable, false);
    assert.equal(definition.autoIncrement, true);
  });

  it('gives varchar, char and varbinary a length of 255 when none is stated', () => {
    assert.equal(columnDefinitionOf(column('xsi:type="varchar" name="code"')).length, 255);
    assert.equal(columnDefinitionOf(column('xsi:type="char" name="code"')).length, 255);
    assert.equal(columnDefinitionOf(column('xsi:type="varbinary" name="hash"')).length, 255);
    assert.equal(columnDefinitionOf(column('xsi:type="varchar" name="code" length="32"')).length, 32);
  });

  it('gives no length to text and integer columns', () => {
    assert.equal(columnDefinitionOf(column('xsi:type="text" name="body"')).length, undefined);
    assert.equal(columnDefinitionOf(column('xsi:type="int" name="qty" padding="10"')).length, undefined);
  });

  it('gives decimal a precision of 10 and a scale of 0 when none are stated', () => {
    const definition = columnDefinitionOf(column('xsi:type="decimal" name="price"'));
    assert.equal(definition.precision, 10);
    assert.equal(definition.scale, 0);
  });

  it('leaves float and double without precision unless stated', () => {
    const definition = columnDefinitionOf(column('xsi:type="float" name="weight"'));
    assert.equal(definition.precision, undefined);
    assert.equal(definition.scale, undefined);
    assert.equal(columnDefinitionOf(column('xsi:type="double" name="weight" precision="8" scale="3"')).scale, 3);
  });

  it('makes integer and real columns signed unless unsigned is stated, and leaves other types without it', () => {
    assert.equal(columnDefinitionOf(column('xsi:type="smallint" name="store_id"')).unsigned, false);
    assert.equal(columnDefinitionOf(column('xsi:type="decimal" name="price" unsigned="true"')).unsigned, true);
    assert.equal(columnDefinitionOf(column('xsi:type="varchar" name="code"')).unsigned, undefined);
  });

  it('gives only the stated attributes of a column without xsi:type (an override of another module’s column)', () => {
    assert.deepEqual(columnDefinitionOf(column('name="customer_email" length="128"')), { name: 'customer_email', length: 128 });
  });

  it('keeps the stated type name and comment', () => {
    const definition = columnDefinitionOf(column('xsi:type="mediumtext" name="body" comment="Body"'));
    assert.equal(definition.type, 'mediumtext');
    assert.equal(definition.comment, 'Body');
    assert.equal(definition.default, undefined);
  });
});

describe('normalizeDefault', () => {
  it('reads null in any case as DEFAULT NULL', () => {
    assert.deepEqual(normalizeDefault('integer', 'null'), { value: null, isExpression: false });
    assert.deepEqual(normalizeDefault('timestamp', 'NULL'), { value: null, isExpression: false });
  });

  it('compares integer and real defaults as numbers', () => {
    assert.deepEqual(normalizeDefault('integer', '007'), { value: '7', isExpression: false });
    assert.deepEqual(normalizeDefault('real', '0.0000'), { value: '0', isExpression: false });
  });

  it('reads boolean defaults as 1 and 0', () => {
    assert.deepEqual(normalizeDefault('boolean', 'true'), { value: '1', isExpression: false });
    assert.deepEqual(normalizeDefault('boolean', '0'), { value: '0', isExpression: false });
  });

  it('reads CURRENT_TIMESTAMP on a timestamp as an expression', () => {
    assert.deepEqual(normalizeDefault('timestamp', 'CURRENT_TIMESTAMP'), { value: 'CURRENT_TIMESTAMP', isExpression: true });
  });

  it('keeps a string default as written', () => {
    assert.deepEqual(normalizeDefault('string', ' manual '), { value: ' manual ', isExpression: false });
  });
});

describe('changedColumnAspects', () => {
  it('finds nothing when a column restates Magento defaults', () => {
    const before = column('xsi:type="varchar" name="code"');
    const after = column('name="code" length="255" nullable="true" xsi:type="varchar"');
    assert.deepEqual(changedColumnAspects(before, after), []);
  });

  it('finds nothing when a numeric default is written differently', () => {
    assert.deepEqual(changedColumnAspects(column('xsi:type="decimal" name="price" default="0"'), column('xsi:type="decimal" name="price" default="0.0000"')), []);
  });

  it('lists every changed aspect', () => {
    const before = column('xsi:type="int" name="qty" unsigned="true" nullable="true" default="1" comment="Qty"');
    const after = column('xsi:type="bigint" name="qty" unsigned="false" nullable="false" comment="Quantity"');
    assert.deepEqual(changedColumnAspects(before, after), ['type', 'unsigned', 'nullable', 'default', 'comment']);
  });

  it('sees on_update="true" switched off', () => {
    const before = column('xsi:type="timestamp" name="updated_at" on_update="true"');
    const after = column('xsi:type="timestamp" name="updated_at"');
    assert.deepEqual(changedColumnAspects(before, after), ['onUpdate']);
  });
});
