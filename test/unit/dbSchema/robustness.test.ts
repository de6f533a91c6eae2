// The declarative schema readers on hostile input: truncated files, random bytes, a 5 MB schema.
// A lint runs on every keystroke: it must report, never throw.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDbSchemaXml } from '../../../server/src/analysis/dbSchema/dbSchemaXml';
import { diffDbSchema } from '../../../server/src/analysis/dbSchema/diffDbSchema';
import { readModuleStatus } from '../../../server/src/analysis/dbSchema/moduleStatus';
import { readWhitelist, whitelistProblems } from '../../../server/src/analysis/dbSchema/whitelist';
import { dbSchemaFixture, schemaXml } from './dbSchemaTestKit';

const BASELINE = dbSchemaFixture('loyalty.baseline.db_schema.xml');
const CURRENT = dbSchemaFixture('loyalty.current.db_schema.xml');
const WHITELIST_JSON = dbSchemaFixture('loyalty.db_schema_whitelist.json');
const CONFIG = dbSchemaFixture('config.current.php');

/** Deterministic pseudo-random text (xorshift), so a failure can be replayed. */
function randomText(length: number, seed: number, alphabet?: string): string {
  let state = seed || 1;
  let out = '';
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    const n = state >>> 0;
    out += alphabet ? alphabet[n % alphabet.length] : String.fromCharCode(n % 0x3000);
  }
  return out;
}

describe('robustness of the declarative schema readers', () => {
  it('parses every prefix of db_schema.xml without throwing, reporting the cut as a syntax error', () => {
    for (let cut = 0; cut < CURRENT.length; cut += 7) {
      const text = CURRENT.slice(0, cut);
      const document = parseDbSchemaXml(text);
      if (cut < CURRENT.trimEnd().length - 1) assert.ok(document.syntaxError, `a file cut at ${cut} must be reported`);
    }
  });

  it('diffs every prefix of db_schema.xml without throwing and without operations', () => {
    for (let cut = 0; cut < CURRENT.length - 20; cut += 13) {
      const diff = diffDbSchema(BASELINE, CURRENT.slice(0, cut), { whitelist: readWhitelist(WHITELIST_JSON).whitelist });
      assert.deepEqual(diff.operations, []);
      assert.ok(diff.notComparedReason);
    }
  });

  it('survives random bytes and random markup', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const noise = randomText(2_000, seed);
      const markup = randomText(2_000, seed, '<>/="\' \n!?-[]&;#abcxsi:tablecolumnindexconstraint');
      for (const text of [noise, markup, schemaXml(markup)]) {
        const document = parseDbSchemaXml(text);
        assert.ok(Array.isArray(document.tables));
        diffDbSchema(text, CURRENT, { whitelist: readWhitelist(text).whitelist });
        diffDbSchema(BASELINE, text, { whitelist: readWhitelist(undefined).whitelist });
        whitelistProblems(document, readWhitelist(text));
        readModuleStatus(text);
      }
    }
  });

  it('reads attribute names that collide with object properties as plain attributes', () => {
    const text = schemaXml('    <table name="acme_odd" constructor="x" __proto__="y" toString="z" comment="ok">\n        <column xsi:type="constructor" name="hasOwnProperty"/>\n    </table>');
    const [table] = parseDbSchemaXml(text).tables;
    const attributeValue = (name: string) => table.attributes[name]?.value;
    assert.equal(attributeValue('constructor'), 'x');
    assert.equal(attributeValue('__proto__'), 'y');
    assert.equal(table.comment, 'ok');
    assert.equal(table.columns[0].name, 'hasOwnProperty');
    const diff = diffDbSchema(undefined, text, { whitelist: readWhitelist('{"__proto__": {"column": {"constructor": true}}}').whitelist });
    assert.deepEqual(
      diff.operations.map((operation) => operation.kind),
      ['create-table'],
    );
  });

  it('reads config.php files that are not PHP', () => {
    for (const text of ['', '<?php', '<?php return 42;', '<?php return [\'modules\' => \'all\'];', randomText(500, 7), `${CONFIG.slice(0, 60)}`]) {
      const status = readModuleStatus(text);
      assert.equal(status.modules.size, 0);
      assert.ok(status.problem);
    }
  });

  it('parses and diffs a 5 MB db_schema.xml (both sides)', () => {
    const tables: string[] = [];
    let size = 0;
    for (let i = 0; size < 5_000_000; i++) {
      const table = `    <table name="acme_bulk_${i}" resource="default" engine="innodb" comment="Bulk ${i}">
        <column xsi:type="int" name="entity_id" unsigned="true" nullable="false" identity="true" comment="Entity ID"/>
        <column xsi:type="varchar" name="code" length="32" nullable="true" comment="Code"/>
        <constraint xsi:type="primary" referenceId="PRIMARY"><column name="entity_id"/></constraint>
        <index referenceId="ACME_BULK_${i}_CODE" indexType="btree"><column name="code"/></index>
    </table>`;
      tables.push(table);
      size += table.length;
    }
    const text = schemaXml(tables.join('\n'));
    assert.ok(text.length >= 5_000_000);
    const changed = text.replace('name="code" length="32"', 'name="code" length="16"');
    const diff = diffDbSchema(text, changed, { whitelist: readWhitelist(undefined).whitelist });
    assert.equal(diff.current.syntaxError, undefined);
    assert.equal(diff.current.tables.length, tables.length);
    assert.deepEqual(
      diff.operations.map((operation) => [operation.kind, operation.table]),
      [['change-column', 'acme_bulk_0']],
    );
  });
});
