// The migration file as a whole: its class and methods, structural problems, syntax errors the parser
// recovers from, and inputs that must never make the reader throw (huge, deeply nested, truncated).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readPhinxMigration } from '../../../server/src/analysis/phinx/readPhinxMigration';
import { rangeOf } from '../../helpers/positions';
import { changeMigration, migrationFixture, readFixture, summary } from './phinxTestKit';

describe('classes and methods', () => {
  it('reads the MX template class: name, parent resolved through use, up() and down()', () => {
    const { text, model } = readFixture('20190312101500_add_loyalty_columns_to_sales_order.php', '0.9.2');
    assert.deepEqual(model.classes, [
      {
        name: 'AddLoyaltyColumnsToSalesOrder',
        extends: 'Migration',
        extendsResolved: 'MX\\PhinxMigrations\\Migration',
        nameRange: rangeOf(text, 'AddLoyaltyColumnsToSalesOrder'),
        range: { start: rangeOf(text, 'class AddLoyaltyColumnsToSalesOrder').start, end: { line: model.lines.lineCount - 2, character: 1 } },
        analysed: true,
      },
    ]);
    assert.deepEqual(
      model.methods.map((method) => [method.name, method.phase, method.nameRange, method.statementCount]),
      [
        ['up', 'up', rangeOf(text, 'up'), 3],
        ['down', 'down', rangeOf(text, 'down'), 2],
      ],
    );
    assert.deepEqual(model.problems, []);
    assert.deepEqual(model.parseErrors, []);
  });

  it('reads the 0.13+ template: strict types, final class, change(): void', () => {
    const { text, model } = readFixture('20240215093000_rename_badge_label_and_add_position.php', '0.16.1');
    assert.equal(model.classes[0].extendsResolved, 'Phinx\\Migration\\AbstractMigration');
    assert.deepEqual(
      model.methods.map((method) => [method.name, method.nameRange]),
      [['change', rangeOf(text, 'change')]],
    );
  });

  it('counts an empty down() as zero statements', () => {
    const text = migrationFixture('20190312101500_add_loyalty_columns_to_sales_order.php').replace(/public function down\(\)\n {4}\{[\s\S]*?\n {4}\}/, 'public function down()\n    {\n    }');
    const model = readPhinxMigration(text, { phinxVersion: '0.9.2' });
    assert.equal(model.methods.find((method) => method.name === 'down')?.statementCount, 0);
  });

  it('says that up() and down() are ignored next to change()', () => {
    const text = changeMigration("$this->table('a')->drop()->save();", '\n    public function up(): void\n    {\n    }\n');
    const model = readPhinxMigration(text, { phinxVersion: '0.16.1' });
    assert.deepEqual(
      model.problems.map((problem) => [problem.kind, problem.range]),
      [['change-with-up-down', rangeOf(text, 'up')]],
    );
  });

  it('reports a class that extends nothing', () => {
    const text = '<?php\n\nclass AddFoo\n{\n    public function up()\n    {\n    }\n}\n';
    const model = readPhinxMigration(text, { phinxVersion: '0.16.1' });
    assert.deepEqual(
      model.problems.map((problem) => [problem.kind, problem.range]),
      [['class-without-base', rangeOf(text, 'AddFoo')]],
    );
  });

  it('accepts any base class named like a migration (project base classes)', () => {
    const text = '<?php\n\nnamespace Acme\\Migrations;\n\nuse Acme\\Setup\\BaseCatalogMigration as Base;\n\nclass AddFoo extends Base\n{\n}\n';
    const model = readPhinxMigration(text, { phinxVersion: '0.16.1' });
    assert.deepEqual(model.problems, []);
    assert.equal(model.classes[0].extendsResolved, 'Acme\\Setup\\BaseCatalogMigration');
  });
});

describe('structural problems', () => {
  it('reports a file without a class, on its first line', () => {
    const { text, model } = readFixture('20240412130000_seed_store_config.php', '0.16.1');
    assert.deepEqual(model.problems, [{ kind: 'no-class', message: 'The file declares no migration class; Phinx cannot load it.', range: rangeOf(text, '<?php') }]);
    assert.deepEqual(model.operations, []);
  });

  it('reports every class but the migration one, and analyses only the one Phinx loads', () => {
    const { text, model } = readFixture('20240411120000_create_badge_history.php', '0.16.1', '20240411120000_create_badge_history.php');
    assert.deepEqual(
      model.classes.map((declaration) => [declaration.name, declaration.analysed]),
      [
        ['BadgeHistoryColumns', false],
        ['CreateBadgeHistory', true],
        ['CreateBadgeHistoryBackup', false],
      ],
    );
    assert.deepEqual(
      model.problems.map((problem) => [problem.kind, problem.range]),
      [
        ['several-classes', rangeOf(text, 'BadgeHistoryColumns')],
        ['several-classes', rangeOf(text, 'CreateBadgeHistoryBackup')],
      ],
    );
    assert.deepEqual(summary(model), ['change create-table acme_badge_history [acme_badge_history#1]']);
  });

  it('picks the class named after the file even when another migration class comes first', () => {
    const text = migrationFixture('20240411120000_create_badge_history.php');
    const model = readPhinxMigration(text, { phinxVersion: '0.16.1', fileName: '20240411120000_create_badge_history_backup.php' });
    assert.equal(model.classes.find((declaration) => declaration.analysed)?.name, 'CreateBadgeHistoryBackup');
    assert.deepEqual(summary(model), ['change drop-table acme_badge_history_backup']);
  });
});

describe('syntax errors', () => {
  it('reports the first syntax error once and still reads what parsed', () => {
    const { text, model } = readFixture('20240410110000_add_badge_color.php', '0.16.1');
    assert.equal(model.parseErrors.length, 1);
    assert.equal(model.parseErrors[0].message, "syntax error, unexpected '$this' (T_VARIABLE), expecting ';'");
    assert.equal(model.parseErrors[0].range.start.line, rangeOf(text, "$this->table('acme_badge_legacy')").start.line);
    assert.deepEqual(summary(model), ['change add-column acme_product_badge color [acme_product_badge#1]', 'change drop-table acme_badge_legacy']);
  });

  it('reports an unterminated heredoc once and its SQL as unreadable, not as a DROP TABLE', () => {
    const text = changeMigration('$this->execute(<<<SQL\n            DROP TABLE acme_badge\n').replace(/\n {4}\}\n\n\}\n$/, '');
    const model = readPhinxMigration(text, { phinxVersion: '0.16.1' });
    assert.equal(model.parseErrors.length, 1);
    assert.deepEqual(
      model.rawSql.map((entry) => [entry.sql, entry.unanalyzableReason]),
      [[undefined, 'the SQL cannot be read before it runs: the string could not be read']],
    );
  });
});

describe('inputs that must not break the reader', () => {
  it('reads a 5 MB data migration', () => {
    const template = migrationFixture('20240501000000_seed_badge_labels.php');
    const row = "                ['code' => 'sale', 'label' => 'Sale', 'sort_order' => 20],\n";
    const rows: string[] = [];
    for (let size = 0, i = 0; size < 5 * 1024 * 1024; i++) {
      const line = row.replace("'sale'", `'badge_${i}'`);
      rows.push(line);
      size += line.length;
    }
    const text = template.replace(row, rows.join(''));
    assert.ok(text.length > 5 * 1024 * 1024);
    const started = Date.now();
    const model = readPhinxMigration(text, { phinxVersion: '0.16.1' });
    assert.ok(Date.now() - started < 60_000, 'read in under a minute');
    assert.deepEqual(model.problems, []);
    assert.deepEqual(summary(model), ['up insert-rows acme_badge_label']);
    assert.deepEqual(
      model.rawSql.map((entry) => [entry.phase, entry.range]),
      [
        ['up', rangeOf(text, `$this->execute("DELETE FROM acme_badge_label WHERE code = 'legacy'")`)],
        ['down', rangeOf(text, `$this->execute("DELETE FROM acme_badge_label WHERE code IN ('new', 'sale')")`)],
      ],
    );
  });

  it('reads around an expression nested too deeply, saying what it skipped', () => {
    const { text, model } = readFixture('20240502000000_deeply_nested_expressions.php', '0.16.1');
    assert.deepEqual(summary(model), [
      'up drop-column acme_product_badge before_nesting',
      'up insert-rows acme_badge_payload',
      'up drop-column acme_badge_rule inside_conditions',
      'up drop-column acme_product_badge after_nesting',
    ]);
    assert.deepEqual(
      model.problems.map((problem) => [problem.kind, problem.range.start.line]),
      [['analysis-incomplete', rangeOf(text, "'payload' =>").start.line]],
    );
    assert.equal(model.rawSql[0].sql?.length, "DELETE FROM acme_badge_sku WHERE sku IN ()".length + 400 * "'sku-0', ".length - 2 + [...Array(400).keys()].reduce((sum, i) => sum + String(i).length - 1, 0));
  });

  it('survives nesting deeper than the PHP parser can take', () => {
    const text = changeMigration(`$this->execute(${'('.repeat(20_000)}'SELECT 1'${')'.repeat(20_000)});`);
    const model = readPhinxMigration(text, { phinxVersion: '0.16.1' });
    assert.deepEqual(
      model.problems.map((problem) => problem.kind),
      ['analysis-incomplete'],
    );
    assert.deepEqual(model.parseErrors, []);
  });

  it('survives a very long method chain', () => {
    const text = changeMigration(`$this->table('acme_wide')${"->addColumn('c', 'integer')".repeat(3000)}->update();`);
    const model = readPhinxMigration(text, { phinxVersion: '0.16.1' });
    assert.equal(model.operations.length, 3000);
    assert.ok(model.operations.every((operation) => operation.batch === 'acme_wide#1'));
  });

  it('never throws on any prefix of the fixtures, nor on text that is not PHP', () => {
    const fixtures = ['20190312101500_add_loyalty_columns_to_sales_order.php', '20200601120000_drop_legacy_gift_columns.php', '20240301080000_backfill_badge_positions.php', '20240415090000_add_badge_expiry.php'];
    for (const name of fixtures) {
      const text = migrationFixture(name);
      for (let cut = 0; cut <= text.length; cut += 7) {
        for (const version of ['0.9.2', '0.16.1', undefined]) {
          assert.doesNotThrow(() => readPhinxMigration(text.slice(0, cut), { phinxVersion: version }), `${name} cut at ${cut}`);
        }
      }
    }
    for (const text of ['', '<?php', '<?xml version="1.0"?><config/>', '\u0000\uffff\ud800', '<?php class { function ( { $this->table(', '<?php ' + '}'.repeat(500)]) {
      assert.doesNotThrow(() => readPhinxMigration(text, { phinxVersion: '0.16.1' }));
    }
  });
});
