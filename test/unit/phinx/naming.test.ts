// Phinx version semantics and migration file/class naming, as domain.md describes them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  classNameFromFileName,
  fileNameFromClassName,
  isValidMigrationClassName,
  migrationTimestamp,
  parseMigrationFileName,
  parsePhinxVersion,
  phinxSemantics,
} from '../../../server/src/analysis/phinx/naming';

describe('phinxSemantics', () => {
  it('reads MX_PhinxMigrations\' Phinx 0.9 as running Table actions at once and making NOT NULL columns', () => {
    const semantics = phinxSemantics('0.9.2');
    assert.equal(semantics.queuedActions, false);
    assert.equal(semantics.pendingActionsFailMigration, false);
    assert.equal(semantics.newColumnsNullableByDefault, false);
    assert.equal(semantics.hasDropTable, true);
    assert.equal(semantics.classNamePattern.source, '^([A-Z][a-z0-9]+)+$');
  });

  it('queues Table actions from 0.10 and fails on pending ones from 0.12', () => {
    assert.equal(phinxSemantics('0.10.0').queuedActions, true);
    assert.equal(phinxSemantics('0.11.7').pendingActionsFailMigration, false);
    assert.equal(phinxSemantics('0.12.0').pendingActionsFailMigration, true);
  });

  it('switches the class name pattern at 0.12.2', () => {
    assert.equal(phinxSemantics('0.12.1').classNamePattern.source, '^([A-Z][a-z0-9]+)+$');
    assert.equal(phinxSemantics('0.12.2').classNamePattern.source, '^(?:[A-Z][a-z\\d]*)+$');
    assert.equal(phinxSemantics('0.12.1').splitsDigitsInFileNames, false);
    assert.equal(phinxSemantics('0.12.2').splitsDigitsInFileNames, true);
  });

  it('makes new columns nullable only in 0.13.0-0.13.3, and drops dropTable() from 0.13', () => {
    assert.equal(phinxSemantics('0.13.0').newColumnsNullableByDefault, true);
    assert.equal(phinxSemantics('0.13.3').newColumnsNullableByDefault, true);
    assert.equal(phinxSemantics('0.13.4').newColumnsNullableByDefault, false);
    assert.equal(phinxSemantics('0.16.6').newColumnsNullableByDefault, false);
    assert.equal(phinxSemantics('0.12.13').newColumnsNullableByDefault, false);
    assert.equal(phinxSemantics('0.13.4').hasDropTable, false);
  });

  it('accepts composer version spellings: a v prefix and branch aliases', () => {
    assert.deepEqual(parsePhinxVersion('v0.13.4'), { major: 0, minor: 13, patch: 4 });
    assert.equal(phinxSemantics('0.12.x-dev').splitsDigitsInFileNames, true);
    assert.equal(parsePhinxVersion('dev-master'), undefined);
  });

  it('assumes the newest Phinx when the version is unknown, and says so', () => {
    const semantics = phinxSemantics(undefined);
    assert.equal(semantics.version, undefined);
    assert.equal(semantics.queuedActions, true);
    assert.equal(semantics.newColumnsNullableByDefault, false);
    assert.equal(semantics.acceptsTimestampOnlyFileName, true);
  });
});

describe('migration file names', () => {
  const current = phinxSemantics('0.16.1');
  const mx = phinxSemantics('0.9.2');

  it('turns the snake_case part into the class name Phinx expects', () => {
    assert.equal(classNameFromFileName('20240101000000_add_foo_to_30_chars.php', current), 'AddFooTo30Chars');
    assert.equal(classNameFromFileName('20190312101500_add_loyalty_columns_to_sales_order.php', mx), 'AddLoyaltyColumnsToSalesOrder');
  });

  it('gives the version and the snake_case part', () => {
    assert.deepEqual(parseMigrationFileName('20240101000000_add_foo.php', current), { version: '20240101000000', snakeName: 'add_foo', className: 'AddFoo' });
  });

  it('returns undefined for names Phinx silently ignores', () => {
    for (const name of ['add_foo.php', '20240101000000-add-foo.php', '20240101000000_add foo.php', '20240101000000_add_foo.php.bak', '20240101000000__add.php']) {
      assert.equal(parseMigrationFileName(name, current), undefined, name);
    }
  });

  it('accepts a bare timestamp name from Phinx 0.16 only, with a V<timestamp> class', () => {
    assert.equal(classNameFromFileName('20240101000000.php', current), 'V20240101000000');
    assert.equal(classNameFromFileName('20240101000000.php', phinxSemantics('0.15.5')), undefined);
  });

  it('keeps the looser pre-0.12 pattern for old projects (double underscores pass there)', () => {
    assert.equal(classNameFromFileName('20190101000000_add__foo.php', mx), 'AddFoo');
    assert.equal(classNameFromFileName('20190101000000_add__foo.php', current), undefined);
  });

  it('writes digits as their own word from 0.12.2 when naming a file after a class', () => {
    assert.equal(fileNameFromClassName('AddFooTo30Chars', '20240101000000', current), '20240101000000_add_foo_to_30_chars.php');
    assert.equal(fileNameFromClassName('AddFooTo30Chars', '20190101000000', mx), '20190101000000_add_foo_to30_chars.php');
  });

  it('round-trips a class name through its file name', () => {
    const fileName = fileNameFromClassName('LimitResourceNamesTo30Chars', '20240101000000', current);
    assert.equal(classNameFromFileName(fileName, current), 'LimitResourceNamesTo30Chars');
  });

  it('formats the UTC timestamp Phinx prefixes', () => {
    assert.equal(migrationTimestamp(new Date(Date.UTC(2024, 0, 2, 3, 4, 5))), '20240102030405');
  });
});

describe('isValidMigrationClassName', () => {
  it('rejects consecutive capitals before 0.12.2 and accepts them after', () => {
    assert.equal(isValidMigrationClassName('AddSKUColumn', phinxSemantics('0.12.1')), false);
    assert.equal(isValidMigrationClassName('AddSKUColumn', phinxSemantics('0.12.2')), true);
  });

  it('rejects names that do not start with a capital in every version', () => {
    assert.equal(isValidMigrationClassName('addFoo', phinxSemantics('0.16.1')), false);
    assert.equal(isValidMigrationClassName('Add_Foo', phinxSemantics('0.9.2')), false);
  });
});
