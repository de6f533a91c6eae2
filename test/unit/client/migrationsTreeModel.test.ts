// The Migrations view as plain nodes: migrations grouped by module with their state on the selected
// environment, and message items saying why there is nothing to list and what to do.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COMMANDS } from '../../../client/src/commandIds';
import { DatabaseError } from '../../../client/src/engine/databaseStatus';
import type { MigrationStatusState } from '../../../client/src/migrationStatusStore';
import { describeStatusProblem } from '../../../client/src/statusProblem';
import { childrenOf, groupByModule, MISSING_FILES_GROUP, migrationsTreeRoots, type MessageNode, type MigrationNode, type ModuleNode } from '../../../client/src/views/migrationsTreeModel';
import { BADGE, environmentStatus, mixedReport, readyState, report, ROOT } from '../../helpers/migrationStatusFixtures';

function labels(nodes: ReturnType<typeof migrationsTreeRoots>): string[] {
  return nodes.map((node) => node.label);
}

describe('Migrations tree model', () => {
  it('groups migrations by module, modules by name, recorded rows without a file last', () => {
    const groups = groupByModule(mixedReport().entries, 'staging');
    assert.deepEqual(
      groups.map((group) => [group.label, group.description, group.children.map((child) => [child.label, child.description])]),
      [
        ['Acme_Catalog', '1 applied', [['CreateAcmeProductBadge', 'applied 2024-05-06 09:15']]],
        ['Acme_Checkout', '1 pending', [['AddGiftNoteToSalesOrder', 'pending']]],
        ['Acme_Loyalty', '1 pending', [['AddLoyaltyTierToCustomerPoints', 'pending']]],
        [MISSING_FILES_GROUP, '1 missing', [['DropLegacyBadge', 'missing']]],
      ],
    );
  });

  it('gives each migration what the menus and the click need', () => {
    const [catalog, , , missing] = groupByModule(mixedReport().entries, 'staging');
    const badge = catalog.children[0] as MigrationNode;
    assert.equal(badge.contextValue, 'migration-applied');
    assert.equal(badge.file, BADGE);
    assert.equal(badge.version, '20240506091500');
    assert.match(badge.tooltip, /^20240506091500 CreateAcmeProductBadge\napplied 2024-05-06 09:15 on "staging"\nstarted 2024-05-06 09:15:00\nfinished 2024-05-06 09:15:02\napp\/code\/Acme\/Catalog/);
    const gone = missing.children[0];
    assert.equal(gone.contextValue, 'migration-missing');
    assert.equal(gone.file, undefined);
    assert.match(gone.tooltip, /no migration file has this version/);
  });

  it('sorts a module\'s migrations by version, whatever their state', () => {
    const entries = report(
      ['app/code/Acme/Catalog/etc/migrations/20240101000000_first.php', 'app/code/Acme/Catalog/etc/migrations/20240301000000_third.php', 'app/code/Acme/Catalog/etc/migrations/20240201000000_second.php'],
      [{ version: '20240301000000', migrationName: 'Third', startTime: null, endTime: null, breakpoint: false }],
    ).entries;
    const [catalog] = groupByModule(entries, 'staging');
    assert.deepEqual(catalog.children.map((child) => [child.label, child.description]), [
      ['First', 'pending'],
      ['Second', 'pending'],
      ['Third', 'applied'],
    ]);
  });

  it('the top level of a read status is the modules, with a note when setup_module could not be read', () => {
    assert.deepEqual(labels(migrationsTreeRoots(readyState())), ['Acme_Catalog', 'Acme_Checkout', 'Acme_Loyalty', MISSING_FILES_GROUP]);
    const status = environmentStatus(mixedReport());
    status.setupModule = undefined;
    status.setupModuleError = new DatabaseError('missing-table', 'staging', 'the database shop of "staging" has no setup_module table: Magento is not installed there.');
    const roots = migrationsTreeRoots({ kind: 'ready', root: ROOT, environment: 'staging', status, readAt: new Date() });
    assert.equal(roots[0].label, 'setup_module not read: no setup-version drift check');
    assert.match(String((roots[0] as MessageNode).tooltip), /no setup_module table/);
    assert.equal(childrenOf(roots[1]).length, 1);
  });

  it('offers Create Migration when there are no migrations', () => {
    const roots = migrationsTreeRoots(readyState(report([], [])));
    assert.deepEqual(labels(roots), ['No migrations yet', 'Create Migration']);
    assert.equal((roots[1] as MessageNode).command?.command, COMMANDS.createMigration);
  });

  it('without an environment: says so and offers Select Environment (or opening magento-zdd.json when there are none)', () => {
    const notPicked: MigrationStatusState = { kind: 'no-environment', root: ROOT, choice: { name: undefined, reason: 'not-picked', configured: ['local', 'staging'] }, message: 'no environment is selected' };
    const roots = migrationsTreeRoots(notPicked);
    assert.deepEqual(labels(roots), ['No environment selected', 'Select Environment']);
    assert.equal((roots[1] as MessageNode).command?.command, COMMANDS.selectEnvironment);
    const none: MigrationStatusState = { kind: 'no-environment', root: ROOT, choice: { name: undefined, reason: 'none-configured', configured: [] }, message: 'none' };
    assert.deepEqual(labels(migrationsTreeRoots(none)), ['No environments configured', 'Open magento-zdd.json']);
  });

  it('an unreachable database: the problem, the full message, when it retries, and Refresh', () => {
    const error = new DatabaseError('unreachable', 'staging', 'cannot reach the database of "staging" at db:3306: the connection was refused.');
    const state: MigrationStatusState = { kind: 'failed', root: ROOT, environment: 'staging', problem: describeStatusProblem(error, 'staging'), attempt: 2, retryAt: new Date('2024-06-01T10:00:10Z') };
    const roots = migrationsTreeRoots(state, new Date('2024-06-01T10:00:00Z')) as MessageNode[];
    assert.deepEqual(labels(roots), ['Cannot reach the database of "staging"', error.message, 'Retrying in 10 s (attempt 2)', 'Refresh']);
    assert.deepEqual(roots.map((node) => node.icon), ['error', 'info', 'loading', 'action']);
    const gaveUp = migrationsTreeRoots({ ...state, attempt: 7, retryAt: undefined });
    assert.equal(gaveUp[2].label, 'Gave up after 7 attempts');
  });

  it('a wrong password: Set Database Password for that environment, then Refresh', () => {
    const error = new DatabaseError('access-denied', 'staging', 'access denied for user "magento"');
    const roots = migrationsTreeRoots({ kind: 'failed', root: ROOT, environment: 'staging', problem: describeStatusProblem(error, 'staging'), attempt: 1, retryAt: undefined }) as MessageNode[];
    assert.deepEqual(labels(roots), ['Access denied to the database of "staging" (wrong password?)', error.message, 'Set Database Password', 'Refresh']);
    assert.deepEqual(roots[2].command, { command: COMMANDS.setDatabasePassword, title: 'Set Database Password', arguments: ['staging'] });
  });

  it('while reading: one "reading" item', () => {
    assert.deepEqual(labels(migrationsTreeRoots({ kind: 'loading', root: ROOT, environment: 'staging' })), ['Reading the status of "staging"…']);
  });

  it('module nodes have children, other nodes none', () => {
    const [catalog] = migrationsTreeRoots(readyState()) as ModuleNode[];
    assert.equal(childrenOf(catalog).length, 1);
    assert.deepEqual(childrenOf(catalog.children[0]), []);
  });
});
