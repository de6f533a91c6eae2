// db_schema_whitelist.json: reading it as Magento does, the names Magento looks up, and what in
// db_schema.xml it fails to cover.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDbSchemaXml } from '../../../server/src/analysis/dbSchema/dbSchemaXml';
import { readWhitelist, whitelistKeysOf, whitelistProblems, whitelistVerdict } from '../../../server/src/analysis/dbSchema/whitelist';
import { rangeOf } from '../../helpers/positions';
import { dbSchemaFixture, schemaXml, startTagRange } from './dbSchemaTestKit';

const CURRENT = dbSchemaFixture('loyalty.current.db_schema.xml');
const WHITELIST_JSON = dbSchemaFixture('loyalty.db_schema_whitelist.json');

describe('readWhitelist', () => {
  it('reads the columns, indexes and constraints listed per table', () => {
    const result = readWhitelist(WHITELIST_JSON);
    assert.equal(result.present, true);
    assert.equal(result.error, undefined);
    const points = result.whitelist.tables.get('acme_loyalty_points');
    assert.equal(points?.column.has('legacy_code'), true);
    assert.equal(points?.index.has('ACME_LOYALTY_POINTS_TIER'), true);
    assert.equal(points?.constraint.has('PRIMARY'), true);
    assert.equal(result.whitelist.tables.get('sales_order')?.index.size, 0);
  });

  it('counts an entry set to false but not one set to null, as PHP isset() does', () => {
    const { whitelist } = readWhitelist('{"acme_a": {"column": {"kept": false, "gone": null}}, "acme_b": null}');
    assert.equal(whitelist.tables.get('acme_a')?.column.has('kept'), true);
    assert.equal(whitelist.tables.get('acme_a')?.column.has('gone'), false);
    assert.equal(whitelist.tables.has('acme_b'), false);
  });

  it('reads a missing file as an empty whitelist that is not present', () => {
    const result = readWhitelist(undefined);
    assert.equal(result.present, false);
    assert.equal(result.error, undefined);
    assert.equal(result.whitelist.tables.size, 0);
  });

  it('reports broken JSON at the position the parser names', () => {
    const text = '{\n    "acme_a": {\n        "column": {"id": true,}\n    }\n}\n';
    const result = readWhitelist(text);
    assert.match(result.error?.message ?? '', /JSON/);
    assert.deepEqual(result.error?.range, rangeOf(text, '}', 0));
    assert.equal(result.whitelist.tables.size, 0);
  });

  it('reports a truncated file at its end', () => {
    const text = WHITELIST_JSON.slice(0, 120);
    const result = readWhitelist(text);
    assert.match(result.error?.message ?? '', /JSON/);
    const lines = text.split('\n');
    const end = { line: lines.length - 1, character: lines[lines.length - 1].length };
    assert.deepEqual(result.error?.range, { start: end, end });
  });

  it('reports a byte-order mark, which PHP json_decode() rejects', () => {
    const result = readWhitelist(`\uFEFF${WHITELIST_JSON}`);
    assert.equal(result.error?.message, 'the file starts with a byte-order mark, which PHP json_decode() rejects');
  });

  it('reports a top level that is not an object', () => {
    assert.equal(readWhitelist('["acme_a"]').error?.message, 'the top level must be an object of table names');
  });
});

describe('whitelistKeysOf', () => {
  const [points] = parseDbSchemaXml(CURRENT).tables;

  it('names an index TABLE_COLUMNS in capitals, as Magento generates it', () => {
    const index = points.indexes[0];
    assert.deepEqual(whitelistKeysOf('acme_loyalty_points', { kind: 'index', index }), {
      section: 'index',
      candidates: ['ACME_LOYALTY_POINTS_EXPIRES_AT', 'IDX_ACME_LOYALTY_POINTS_EXPIRES_AT'],
      certain: true,
    });
  });

  it('names a foreign key TABLE_COLUMN_REFTABLE_REFCOLUMN', () => {
    const constraint = points.constraints.find((candidate) => candidate.referenceId === 'ACME_LOYALTY_POINTS_STORE_ID_STORE_STORE_ID');
    assert.ok(constraint);
    assert.deepEqual(whitelistKeysOf('acme_loyalty_points', { kind: 'constraint', constraint }).candidates, [
      'ACME_LOYALTY_POINTS_STORE_ID_STORE_STORE_ID',
      'FK_ACME_LOYALTY_POINTS_STORE_ID_STORE_STORE_ID',
    ]);
  });

  it('names the primary key PRIMARY', () => {
    const constraint = points.constraints.find((candidate) => candidate.xsiType === 'primary');
    assert.ok(constraint);
    assert.deepEqual(whitelistKeysOf('acme_loyalty_points', { kind: 'constraint', constraint }), { section: 'constraint', candidates: ['PRIMARY'], certain: true });
  });

  it('accepts the referenceId too when it differs from the generated name', () => {
    const [table] = parseDbSchemaXml(schemaXml('    <table name="acme_a">\n        <index referenceId="LOOKUP" indexType="btree"><column name="code"/></index>\n    </table>')).tables;
    assert.deepEqual(whitelistKeysOf('acme_a', { kind: 'index', index: table.indexes[0] }).candidates, ['ACME_A_CODE', 'IDX_ACME_A_CODE', 'LOOKUP']);
  });

  it('is not certain of a name over 64 characters, which Magento abbreviates and hashes', () => {
    const [table] = parseDbSchemaXml(
      schemaXml('    <table name="acme_loyalty_points_history">\n        <index referenceId="LONG" indexType="btree"><column name="customer_reference_code_hash"/><column name="created_at"/></index>\n    </table>'),
    ).tables;
    const keys = whitelistKeysOf('acme_loyalty_points_history', { kind: 'index', index: table.indexes[0] });
    assert.equal(keys.certain, false);
    assert.deepEqual(keys.candidates, ['LONG']);
    assert.equal(whitelistVerdict(readWhitelist('{}').whitelist, 'acme_loyalty_points_history', keys), 'unknown');
  });
});

describe('whitelistProblems', () => {
  it('finds nothing when the whitelist covers the file', () => {
    assert.deepEqual(whitelistProblems(parseDbSchemaXml(CURRENT), readWhitelist(WHITELIST_JSON)), []);
  });

  it('reports a column missing from the whitelist at the column', () => {
    const json = WHITELIST_JSON.replace('"source": true', '"source_code": true');
    assert.deepEqual(whitelistProblems(parseDbSchemaXml(CURRENT), readWhitelist(json)), [
      {
        kind: 'column-not-whitelisted',
        file: 'db_schema.xml',
        range: startTagRange(CURRENT, 'name="source"'),
        table: 'acme_loyalty_points',
        element: 'source',
        expectedKey: 'source',
      },
    ]);
  });

  it('reports a table missing from the whitelist once, at the table', () => {
    const json = WHITELIST_JSON.replace('"acme_loyalty_reward"', '"acme_loyalty_rewards"');
    assert.deepEqual(whitelistProblems(parseDbSchemaXml(CURRENT), readWhitelist(json)), [
      {
        kind: 'table-not-whitelisted',
        file: 'db_schema.xml',
        range: startTagRange(CURRENT, 'name="acme_loyalty_reward"'),
        table: 'acme_loyalty_reward',
        expectedKey: 'acme_loyalty_reward',
      },
    ]);
  });

  it('reports an index missing from the whitelist with the generated name to add', () => {
    const json = WHITELIST_JSON.replace('"ACME_LOYALTY_POINTS_EXPIRES_AT": true', '"ACME_LOYALTY_POINTS_EXPIRY": true');
    assert.deepEqual(whitelistProblems(parseDbSchemaXml(CURRENT), readWhitelist(json)), [
      {
        kind: 'index-not-whitelisted',
        file: 'db_schema.xml',
        range: startTagRange(CURRENT, 'referenceId="ACME_LOYALTY_POINTS_EXPIRES_AT"'),
        table: 'acme_loyalty_points',
        element: 'ACME_LOYALTY_POINTS_EXPIRES_AT',
        expectedKey: 'ACME_LOYALTY_POINTS_EXPIRES_AT',
      },
    ]);
  });

  it('reports a constraint missing from the whitelist', () => {
    const json = WHITELIST_JSON.replace('"ACME_LOYALTY_POINTS_STORE_ID_STORE_STORE_ID": true', '"OTHER": true');
    assert.deepEqual(
      whitelistProblems(parseDbSchemaXml(CURRENT), readWhitelist(json)).map((problem) => [problem.kind, problem.element, problem.expectedKey]),
      [['constraint-not-whitelisted', 'ACME_LOYALTY_POINTS_STORE_ID_STORE_STORE_ID', 'ACME_LOYALTY_POINTS_STORE_ID_STORE_STORE_ID']],
    );
  });

  it('ignores disabled elements and tables that only disable another module’s elements', () => {
    const text = schemaXml('    <table name="quote">\n        <column name="acme_legacy_flag" disabled="true"/>\n    </table>');
    assert.deepEqual(whitelistProblems(parseDbSchemaXml(text), readWhitelist('{}')), []);
  });

  it('does not ask to whitelist a column without xsi:type (an override of another module’s column)', () => {
    const text = schemaXml('    <table name="sales_order">\n        <column name="customer_email" length="128"/>\n    </table>');
    assert.deepEqual(whitelistProblems(parseDbSchemaXml(text), readWhitelist('{"sales_order": {}}')), []);
  });

  it('reports a module without a whitelist file at its first table', () => {
    assert.deepEqual(whitelistProblems(parseDbSchemaXml(CURRENT), readWhitelist(undefined)), [
      { kind: 'whitelist-missing', file: 'db_schema.xml', range: startTagRange(CURRENT, 'name="acme_loyalty_points"') },
    ]);
  });

  it('reports broken JSON in the whitelist file', () => {
    const text = '{"acme_loyalty_points": {"column": {"entity_id": true}';
    const problems = whitelistProblems(parseDbSchemaXml(CURRENT), readWhitelist(text));
    assert.deepEqual(
      problems.map((problem) => [problem.kind, problem.file, problem.range]),
      [['whitelist-invalid', 'db_schema_whitelist.json', { start: { line: 0, character: text.length }, end: { line: 0, character: text.length } }]],
    );
    assert.match(problems[0].detail ?? '', /JSON/);
  });

  it('reports nothing about a db_schema.xml that is not well formed', () => {
    assert.deepEqual(whitelistProblems(parseDbSchemaXml(CURRENT.slice(0, 400)), readWhitelist('{}')), []);
  });
});
