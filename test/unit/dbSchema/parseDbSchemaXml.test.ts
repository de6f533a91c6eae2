// db_schema.xml parsing: tables, columns, constraints and indexes with the ranges diagnostics land on.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extendsTableDeclaredElsewhere, parseDbSchemaXml } from '../../../server/src/analysis/dbSchema/dbSchemaXml';
import { rangeOf, valueRangeOf } from '../../helpers/positions';
import { dbSchemaFixture, schemaXml, startTagRange } from './dbSchemaTestKit';

const BASELINE = dbSchemaFixture('loyalty.baseline.db_schema.xml');
const CURRENT = dbSchemaFixture('loyalty.current.db_schema.xml');

describe('parseDbSchemaXml', () => {
  it('reads every table under <schema> in document order', () => {
    const document = parseDbSchemaXml(BASELINE);
    assert.equal(document.syntaxError, undefined);
    assert.equal(document.rootElement, 'schema');
    assert.deepEqual(
      document.tables.map((table) => table.name),
      ['acme_loyalty_points', 'acme_loyalty_tier', 'acme_loyalty_log', 'acme_loyalty_import_tmp', 'sales_order'],
    );
  });

  it('reads the table attributes and the range of the table start tag', () => {
    const [points] = parseDbSchemaXml(BASELINE).tables;
    assert.equal(points.resource, 'default');
    assert.equal(points.engine, 'innodb');
    assert.equal(points.comment, 'Loyalty points per customer');
    assert.equal(points.disabled, false);
    assert.equal(points.onCreate, undefined);
    assert.deepEqual(points.tagRange, startTagRange(BASELINE, 'name="acme_loyalty_points"'));
  });

  it('reads a start tag that spans several lines, with the range of its onCreate value', () => {
    const level = parseDbSchemaXml(CURRENT).tables.find((table) => table.name === 'acme_loyalty_level');
    assert.equal(level?.onCreate, 'migrateDataFromAnotherTable(acme_loyalty_tier)');
    assert.deepEqual(level?.tagRange, startTagRange(CURRENT, 'name="acme_loyalty_level"'));
    assert.equal(level?.tagRange.start.line + 1, level?.tagRange.end.line);
    assert.deepEqual(level?.attributes.onCreate.valueRange, rangeOf(CURRENT, 'migrateDataFromAnotherTable(acme_loyalty_tier)'));
  });

  it('reads the stated column attributes, leaving unstated ones undefined', () => {
    const [points] = parseDbSchemaXml(BASELINE).tables;
    const entityId = points.columns.find((column) => column.name === 'entity_id');
    assert.equal(entityId?.xsiType, 'int');
    assert.equal(entityId?.unsigned, true);
    assert.equal(entityId?.nullable, false);
    assert.equal(entityId?.identity, true);
    assert.equal(entityId?.comment, 'Entity ID');
    assert.equal(entityId?.default, undefined);
    assert.equal(entityId?.length, undefined);
    const note = points.columns.find((column) => column.name === 'note');
    assert.equal(note?.length, undefined);
    assert.equal(note?.unsigned, undefined);
  });

  it('reads length, precision, scale, default and on_update as written', () => {
    const [points] = parseDbSchemaXml(BASELINE).tables;
    const column = (name: string) => points.columns.find((candidate) => candidate.name === name);
    assert.equal(column('tier')?.length, 32);
    assert.equal(column('balance')?.precision, 12);
    assert.equal(column('balance')?.scale, 4);
    assert.equal(column('balance')?.default, '0');
    assert.equal(column('created_at')?.default, 'CURRENT_TIMESTAMP');
    assert.equal(column('created_at')?.onUpdate, 'false');
  });

  it('gives each column the range of its start tag and of each attribute value', () => {
    const [points] = parseDbSchemaXml(BASELINE).tables;
    const tier = points.columns.find((column) => column.name === 'tier');
    assert.deepEqual(tier?.tagRange, startTagRange(BASELINE, 'name="tier"'));
    assert.deepEqual(tier?.attributes.length.valueRange, valueRangeOf(BASELINE, 'length', '32'));
    assert.deepEqual(tier?.attributes['xsi:type'].valueRange, valueRangeOf(BASELINE, 'xsi:type', 'varchar'));
  });

  it('reads primary and unique constraints with their nested columns in order', () => {
    const [points] = parseDbSchemaXml(CURRENT).tables;
    const primary = points.constraints.find((constraint) => constraint.xsiType === 'primary');
    assert.equal(primary?.referenceId, 'PRIMARY');
    assert.deepEqual(primary?.columns, ['entity_id']);
    const unique = points.constraints.find((constraint) => constraint.referenceId === 'ACME_LOYALTY_POINTS_CUSTOMER_ID_STORE_ID');
    assert.equal(unique?.xsiType, 'unique');
    assert.deepEqual(unique?.columns, ['customer_id', 'store_id']);
    assert.deepEqual(unique?.tagRange, startTagRange(CURRENT, 'referenceId="ACME_LOYALTY_POINTS_CUSTOMER_ID_STORE_ID"'));
  });

  it('reads a foreign key from its attributes, its column as the only member', () => {
    const [points] = parseDbSchemaXml(BASELINE).tables;
    const foreign = points.constraints.find((constraint) => constraint.xsiType === 'foreign');
    assert.equal(foreign?.referenceId, 'ACME_LOYALTY_POINTS_CUSTOMER_ID_CUSTOMER_ENTITY_ENTITY_ID');
    assert.deepEqual(foreign?.columns, ['customer_id']);
    assert.equal(foreign?.referenceTable, 'customer_entity');
    assert.equal(foreign?.referenceColumn, 'entity_id');
    assert.equal(foreign?.onDelete, 'CASCADE');
    assert.deepEqual(foreign?.tagRange, startTagRange(BASELINE, 'referenceId="ACME_LOYALTY_POINTS_CUSTOMER_ID_CUSTOMER_ENTITY_ENTITY_ID"'));
  });

  it('reads indexes with their type and columns', () => {
    const [points] = parseDbSchemaXml(BASELINE).tables;
    assert.deepEqual(
      points.indexes.map((index) => [index.referenceId, index.indexType, index.columns]),
      [
        ['ACME_LOYALTY_POINTS_TIER', 'btree', ['tier']],
        ['ACME_LOYALTY_POINTS_LEGACY_CODE', 'btree', ['legacy_code']],
      ],
    );
  });

  it('reads disabled="true" on an element of another module', () => {
    const quote = parseDbSchemaXml(CURRENT).tables.find((table) => table.name === 'quote');
    assert.equal(quote?.disabled, false);
    assert.equal(quote?.columns[0].name, 'acme_legacy_flag');
    assert.equal(quote?.columns[0].disabled, true);
    assert.equal(quote?.columns[0].xsiType, undefined);
  });

  it('reads a column onCreate', () => {
    const salesOrder = parseDbSchemaXml(CURRENT).tables.find((table) => table.name === 'sales_order');
    assert.equal(salesOrder?.columns[0].onCreate, 'migrateDataFrom(acme_points_spent)');
  });

  it('decodes entities in values while the ranges stay on the raw text', () => {
    const text = schemaXml(`    <table name="acme_note" resource="default" comment="Notes &amp; remarks &#8211; &lt;v2&gt;">
        <column xsi:type="varchar" name="body" default="it&apos;s"/>
    </table>`);
    const [table] = parseDbSchemaXml(text).tables;
    assert.equal(table.comment, 'Notes & remarks \u2013 <v2>');
    assert.deepEqual(table.attributes.comment.valueRange, rangeOf(text, 'Notes &amp; remarks &#8211; &lt;v2&gt;'));
    assert.equal(table.columns[0].default, "it's");
  });

  it('lower-cases xsi:type, indexType and engine, and upper-cases onDelete', () => {
    const text = schemaXml(`    <table name="acme_case" engine="InnoDB">
        <column xsi:type="VARCHAR" name="code"/>
        <constraint xsi:type="Foreign" referenceId="FK" column="code" referenceTable="store" referenceColumn="code" onDelete="set null"/>
        <index referenceId="IDX" indexType="FULLTEXT"><column name="code"/></index>
    </table>`);
    const [table] = parseDbSchemaXml(text).tables;
    assert.equal(table.engine, 'innodb');
    assert.equal(table.columns[0].xsiType, 'varchar');
    assert.equal(table.constraints[0].xsiType, 'foreign');
    assert.equal(table.constraints[0].onDelete, 'SET NULL');
    assert.equal(table.indexes[0].indexType, 'fulltext');
  });

  it('ignores tables inside comments', () => {
    const text = schemaXml(`    <!-- <table name="acme_commented"><column xsi:type="int" name="id"/></table> -->
    <table name="acme_real" resource="default"/>`);
    const document = parseDbSchemaXml(text);
    assert.deepEqual(
      document.tables.map((table) => table.name),
      ['acme_real'],
    );
    assert.deepEqual(document.tables[0].tagRange, startTagRange(text, 'name="acme_real"'));
  });

  it('counts a CRLF line ending as one line break', () => {
    const text = BASELINE.replace(/\n/g, '\r\n');
    const [points] = parseDbSchemaXml(text).tables;
    assert.deepEqual(points.tagRange, startTagRange(text, 'name="acme_loyalty_points"'));
    assert.equal(points.tagRange.start.line, 8);
  });

  it('reads only <table> children of a <schema> root', () => {
    const document = parseDbSchemaXml('<config>\n  <table name="acme_wrong_root"/>\n</config>\n');
    assert.equal(document.syntaxError, undefined);
    assert.equal(document.rootElement, 'config');
    assert.deepEqual(document.tables, []);
  });

  it('reports a value Magento would reject and reads it as not stated', () => {
    const text = schemaXml(`    <table name="acme_bad">
        <column xsi:type="int" name="qty" nullable="yes" length="ten"/>
    </table>`);
    const document = parseDbSchemaXml(text);
    assert.equal(document.tables[0].columns[0].nullable, undefined);
    assert.equal(document.tables[0].columns[0].length, undefined);
    assert.deepEqual(document.valueProblems, [
      { message: 'nullable="yes" is not a boolean; Magento accepts true, false, 1 or 0.', range: valueRangeOf(text, 'nullable', 'yes') },
      { message: 'length="ten" is not a whole number.', range: valueRangeOf(text, 'length', 'ten') },
    ]);
  });

  it('reports a table without a name and leaves it out', () => {
    const text = schemaXml('    <table resource="default"/>');
    const document = parseDbSchemaXml(text);
    assert.deepEqual(document.tables, []);
    assert.deepEqual(document.valueProblems, [{ message: '<table> has no name attribute; Magento requires one.', range: startTagRange(text, '<table resource') }]);
  });
});

describe('parseDbSchemaXml on XML that is not well formed', () => {
  it('reports a mismatched closing tag with its line and column', () => {
    const text = schemaXml(`    <table name="acme_broken">
        <column xsi:type="int" name="id">
    </table>`);
    const document = parseDbSchemaXml(text);
    assert.match(document.syntaxError?.message ?? '', /Expected closing tag 'column'/);
    assert.deepEqual(document.syntaxError?.range, { start: { line: 5, character: 4 }, end: { line: 5, character: 12 } });
  });

  it('reports a truncated file at its end, naming the element left open', () => {
    const text = BASELINE.slice(0, BASELINE.indexOf('<table name="acme_loyalty_log"'));
    const document = parseDbSchemaXml(text);
    assert.equal(document.syntaxError?.message, 'the file ends before <schema> is closed (still open: schema)');
    const end = document.lines.positionAt(text.length);
    assert.deepEqual(document.syntaxError?.range, { start: end, end });
  });

  it('still lists the tables the raw tags show', () => {
    const text = BASELINE.slice(0, BASELINE.indexOf('<table name="acme_loyalty_log"'));
    const document = parseDbSchemaXml(text);
    assert.deepEqual(
      document.tables.map((table) => table.name),
      ['acme_loyalty_points', 'acme_loyalty_tier'],
    );
    assert.deepEqual(document.tables[1].tagRange, startTagRange(text, 'name="acme_loyalty_tier"'));
  });

  it('reports a second root element, which the DOM Magento uses rejects', () => {
    const text = '<schema/>\n<schema/>\n';
    const document = parseDbSchemaXml(text);
    assert.equal(document.syntaxError?.message, 'only one root element is allowed, found a second one <schema>');
    assert.deepEqual(document.syntaxError?.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 9 } });
  });

  it('reports an empty file', () => {
    assert.equal(parseDbSchemaXml('  \n').syntaxError?.message, 'the file is empty');
  });

  it('reports a file with only an XML declaration at line 1', () => {
    const document = parseDbSchemaXml('<?xml version="1.0"?>\n');
    assert.equal(document.syntaxError?.message, 'Start tag expected.');
    assert.equal(document.syntaxError?.range.start.line, 0);
  });
});

describe('extendsTableDeclaredElsewhere', () => {
  it('takes a bare table element for an extension of another module’s table', () => {
    const salesOrder = parseDbSchemaXml(BASELINE).tables.find((table) => table.name === 'sales_order');
    assert.ok(salesOrder);
    assert.equal(extendsTableDeclaredElsewhere(salesOrder, undefined), true);
  });

  it('takes a table with a primary key or engine for one the module owns', () => {
    const [points] = parseDbSchemaXml(BASELINE).tables;
    assert.equal(extendsTableDeclaredElsewhere(points, undefined), false);
  });

  it('lets the list of tables declared elsewhere decide when given', () => {
    const [points] = parseDbSchemaXml(BASELINE).tables;
    assert.equal(extendsTableDeclaredElsewhere(points, new Set(['acme_loyalty_points'])), true);
    const salesOrder = parseDbSchemaXml(BASELINE).tables.find((table) => table.name === 'sales_order');
    assert.ok(salesOrder);
    assert.equal(extendsTableDeclaredElsewhere(salesOrder, new Set()), false);
  });
});
