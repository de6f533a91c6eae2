// The CodeLenses above a migration class: its state on the selected environment and what
// "Migrate to here" / "Roll back to here" would run.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classDeclarationLine, migrationLenses } from '../../../client/src/codeLens/migrationLensModel';
import { rollbackCount } from '../../../client/src/engine/migrationStatus';
import { COMMANDS, FOCUS_MIGRATIONS_VIEW } from '../../../client/src/commandIds';
import { EnvironmentError } from '../../../client/src/engine/environments';
import { shortTime, migrationStateText } from '../../../client/src/migrationStatusText';
import { describeStatusProblem } from '../../../client/src/statusProblem';
import { BADGE, GIFT_NOTE, mixedReport, readyState, report, ROOT, row, TIER } from '../../helpers/migrationStatusFixtures';

describe('migration CodeLens', () => {
  it('an applied migration: "applied <time>" on the environment, and Roll back to here', () => {
    const lenses = migrationLenses(readyState(), BADGE);
    assert.deepEqual(lenses, [
      { command: FOCUS_MIGRATIONS_VIEW, title: 'staging: applied 2024-05-06 09:15' },
      { command: COMMANDS.rollbackToHere, title: 'Roll back to here (1 migration)', arguments: [{ version: '20240506091500' }] },
    ]);
  });

  it('a pending migration: "pending", and Migrate to here with how many would run', () => {
    assert.deepEqual(migrationLenses(readyState(), TIER), [
      { command: FOCUS_MIGRATIONS_VIEW, title: 'staging: pending' },
      // The gift note is older and pending too: migrate -t runs it first.
      { command: COMMANDS.migrateToHere, title: 'Migrate to here (2 migrations)', arguments: [{ version: '20240612140000' }] },
    ]);
    assert.equal(migrationLenses(readyState(), GIFT_NOTE)[1].title, 'Migrate to here (1 migration)');
  });

  it('rolling back to an older migration counts every applied one after it', () => {
    const applied = report([BADGE, GIFT_NOTE, TIER], [row('20240506091500', 'CreateAcmeProductBadge'), row('20240601080000', 'AddGiftNoteToSalesOrder'), row('20240612140000', 'AddLoyaltyTierToCustomerPoints')]);
    assert.equal(migrationLenses(readyState(applied), BADGE)[1].title, 'Roll back to here (3 migrations)');
    assert.equal(rollbackCount(applied, '0'), 3);
    assert.equal(rollbackCount(applied, '20240601080000'), 1);
  });

  it('a file not in the status (new, or not a Phinx name) offers a refresh', () => {
    assert.deepEqual(migrationLenses(readyState(), 'app/code/Acme/Catalog/etc/migrations/20240701000000_new_one.php'), [
      { command: COMMANDS.refreshMigrations, title: 'staging: not in the migration status (not a Phinx migration name, or new: refresh)' },
    ]);
  });

  it('no environment, an unknown status, or a read in progress: one lens that says so', () => {
    const noEnvironment = migrationLenses({ kind: 'no-environment', root: ROOT, choice: { name: undefined, reason: 'not-picked', configured: ['a', 'b'] }, message: '' }, BADGE);
    assert.deepEqual(noEnvironment.map((lens) => lens.command), [COMMANDS.selectEnvironment]);
    const problem = describeStatusProblem(new EnvironmentError('no-password', 'staging', 'no database password for environment "staging"'), 'staging');
    const failed = migrationLenses({ kind: 'failed', root: ROOT, environment: 'staging', problem, attempt: 1, retryAt: undefined }, BADGE);
    assert.deepEqual(failed, [{ command: COMMANDS.setDatabasePassword, title: 'Magento ZDD: status unknown (No database password for "staging")', arguments: ['staging'] }]);
    assert.deepEqual(migrationLenses({ kind: 'loading', root: ROOT, environment: 'staging' }, BADGE), [{ command: '', title: 'Magento ZDD: reading the migration status…' }]);
  });

  it('a missing entry reads "missing" (it has no file, so no lens shows it, but the text is shared with the tree)', () => {
    const missing = mixedReport().entries.find((entry) => entry.state === 'missing');
    assert.equal(missing && migrationStateText(missing), 'missing');
  });

  it('times lose their seconds; an applied row without times is just "applied"', () => {
    assert.equal(shortTime('2024-05-06 09:15:59'), '2024-05-06 09:15');
    assert.equal(shortTime('2024-05-06T09:15:00.123'), '2024-05-06 09:15');
    assert.equal(shortTime('yesterday'), 'yesterday');
    assert.equal(migrationStateText({ state: 'applied', startTime: null, endTime: null }), 'applied');
    assert.equal(migrationStateText({ state: 'applied', startTime: '2024-05-06 09:15:00', endTime: null }), 'applied 2024-05-06 09:15');
  });

  it('sits on the class declaration line', () => {
    assert.equal(classDeclarationLine('<?php\n\ndeclare(strict_types=1);\n\nuse Phinx\\Migration\\AbstractMigration;\n\nfinal class AddTier extends AbstractMigration\n{\n}\n'), 6);
    assert.equal(classDeclarationLine('<?php\n// class names are PascalCase\nclass X {}\n'), 2);
    assert.equal(classDeclarationLine('<?php\n'), 0);
  });
});
