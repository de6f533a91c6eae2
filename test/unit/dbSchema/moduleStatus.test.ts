// app/etc/config.php module flags and module-disable-drops-tables: a module switched off takes its
// declarative tables (and the columns it added elsewhere) with it at the next setup:upgrade.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDbSchemaXml } from '../../../server/src/analysis/dbSchema/dbSchemaXml';
import { declarativeFootprint, findModulesDisablingTables, readModuleStatus, type DeclarativeFootprint } from '../../../server/src/analysis/dbSchema/moduleStatus';
import { EMPTY_WHITELIST, readWhitelist } from '../../../server/src/analysis/dbSchema/whitelist';
import { rangeOf } from '../../helpers/positions';
import { dbSchemaFixture } from './dbSchemaTestKit';

const CONFIG_BASELINE = dbSchemaFixture('config.baseline.php');
const CONFIG_CURRENT = dbSchemaFixture('config.current.php');
const LOYALTY_SCHEMA = parseDbSchemaXml(dbSchemaFixture('loyalty.baseline.db_schema.xml'));
const LOYALTY_WHITELIST = readWhitelist(dbSchemaFixture('loyalty.db_schema_whitelist.json')).whitelist;
const LEGACY_SCHEMA = parseDbSchemaXml(dbSchemaFixture('legacy-import.db_schema.xml'));
const LEGACY_WHITELIST = readWhitelist(dbSchemaFixture('legacy-import.db_schema_whitelist.json')).whitelist;

describe('readModuleStatus', () => {
  it('reads every module with its flag', () => {
    const status = readModuleStatus(CONFIG_CURRENT);
    assert.equal(status.problem, undefined);
    assert.deepEqual(
      [...status.modules.values()].map((entry) => [entry.module, entry.enabled]),
      [
        ['Magento_Store', true],
        ['Magento_Customer', true],
        ['Magento_Sales', true],
        ['MX_PhinxMigrations', true],
        ['Acme_Loyalty', false],
        ['Acme_LegacyImport', false],
        ['Acme_Catalog', true],
      ],
    );
  });

  it('gives the range of the whole entry and of its value', () => {
    const entry = readModuleStatus(CONFIG_CURRENT).modules.get('Acme_Loyalty');
    assert.deepEqual(entry?.range, rangeOf(CONFIG_CURRENT, "'Acme_Loyalty' => 0"));
    const valueAt = rangeOf(CONFIG_CURRENT, "'Acme_Loyalty' => 0").end;
    assert.deepEqual(entry?.valueRange, { start: { line: valueAt.line, character: valueAt.character - 1 }, end: valueAt });
  });

  it('reads a config.php that returns a variable', () => {
    const text = "<?php\n$config = [\n    'modules' => ['Acme_Loyalty' => 0]\n];\nreturn $config;\n";
    const entry = readModuleStatus(text).modules.get('Acme_Loyalty');
    assert.equal(entry?.enabled, false);
    assert.deepEqual(entry?.range, rangeOf(text, "'Acme_Loyalty' => 0"));
  });

  it('reads true/false and quoted flags', () => {
    const status = readModuleStatus("<?php\nreturn ['modules' => ['A_One' => true, 'A_Two' => false, 'A_Three' => '0']];\n");
    assert.deepEqual(
      [...status.modules.values()].map((entry) => [entry.module, entry.enabled]),
      [
        ['A_One', true],
        ['A_Two', false],
        ['A_Three', false],
      ],
    );
  });

  it('lists modules whose flag is not a constant as unreadable', () => {
    const status = readModuleStatus("<?php\nreturn ['modules' => ['Acme_Loyalty' => getenv('LOYALTY'), 'Acme_Catalog' => 1]];\n");
    assert.deepEqual(status.unreadable, ['Acme_Loyalty']);
    assert.deepEqual([...status.modules.keys()], ['Acme_Catalog']);
  });

  it('reports a PHP syntax error', () => {
    const status = readModuleStatus("<?php\nreturn ['modules' => ['Acme_Loyalty' => 1 'Acme_Catalog' => 0]];\n");
    assert.match(status.problem ?? '', /^app\/etc\/config\.php has a PHP syntax error: .* on line 2$/);
    assert.equal(status.modules.size, 0);
  });

  it('reports a config.php without a modules list', () => {
    assert.equal(readModuleStatus("<?php\nreturn ['scopes' => []];\n").problem, "app/etc/config.php does not return a constant array with a 'modules' list");
  });
});

describe('declarativeFootprint', () => {
  it('lists the whitelisted tables a module owns and the whitelisted columns it adds to other tables', () => {
    assert.deepEqual(declarativeFootprint(LOYALTY_SCHEMA, { whitelist: LOYALTY_WHITELIST }), {
      tables: ['acme_loyalty_points', 'acme_loyalty_tier', 'acme_loyalty_log'],
      columns: [{ table: 'sales_order', column: 'acme_points_spent' }],
    });
  });

  it('lists nothing when the module has no whitelist, since Magento drops nothing then', () => {
    assert.deepEqual(declarativeFootprint(LOYALTY_SCHEMA, { whitelist: EMPTY_WHITELIST }), { tables: [], columns: [] });
  });
});

describe('findModulesDisablingTables', () => {
  const footprints = new Map<string, DeclarativeFootprint>([
    ['Acme_Loyalty', declarativeFootprint(LOYALTY_SCHEMA, { whitelist: LOYALTY_WHITELIST })],
    ['Acme_LegacyImport', declarativeFootprint(LEGACY_SCHEMA, { whitelist: LEGACY_WHITELIST })],
    ['Acme_Catalog', { tables: ['acme_catalog_badge'], columns: [] }],
  ]);

  it('reports a module switched from 1 to 0 with the tables and columns it would drop, at its entry', () => {
    const drops = findModulesDisablingTables(readModuleStatus(CONFIG_CURRENT), readModuleStatus(CONFIG_BASELINE), footprints);
    assert.deepEqual(drops, [
      {
        module: 'Acme_Loyalty',
        range: rangeOf(CONFIG_CURRENT, "'Acme_Loyalty' => 0"),
        tables: ['acme_loyalty_points', 'acme_loyalty_tier', 'acme_loyalty_log'],
        columns: [{ table: 'sales_order', column: 'acme_points_spent' }],
      },
    ]);
  });

  it('does not report a module that was already off in the baseline', () => {
    const drops = findModulesDisablingTables(readModuleStatus(CONFIG_CURRENT), readModuleStatus(CONFIG_BASELINE), footprints);
    assert.equal(
      drops.some((drop) => drop.module === 'Acme_LegacyImport'),
      false,
    );
  });

  it('reports every disabled module with a footprint when there is no baseline', () => {
    const drops = findModulesDisablingTables(readModuleStatus(CONFIG_CURRENT), undefined, footprints);
    assert.deepEqual(
      drops.map((drop) => [drop.module, drop.tables]),
      [
        ['Acme_Loyalty', ['acme_loyalty_points', 'acme_loyalty_tier', 'acme_loyalty_log']],
        ['Acme_LegacyImport', ['acme_legacy_import_row']],
      ],
    );
  });

  it('does not report an enabled module', () => {
    const drops = findModulesDisablingTables(readModuleStatus(CONFIG_BASELINE), undefined, footprints);
    assert.deepEqual(
      drops.map((drop) => drop.module),
      ['Acme_LegacyImport'],
    );
  });

  it('does not report a disabled module without declarative tables', () => {
    const drops = findModulesDisablingTables(readModuleStatus("<?php\nreturn ['modules' => ['Acme_Theme' => 0]];\n"), undefined, footprints);
    assert.deepEqual(drops, []);
  });
});
