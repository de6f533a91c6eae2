// The environment status bar item, the view description, and the setup_module snapshot the language
// server gets for each store state.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DatabaseError } from '../../../client/src/engine/databaseStatus';
import { environmentStatusBarText, migrationsViewDescription } from '../../../client/src/environmentStatusText';
import { snapshotParamsFor } from '../../../client/src/setupModuleSnapshotParams';
import { describeStatusProblem } from '../../../client/src/statusProblem';
import { fromSetupModuleSnapshotParams } from '../../../server/src/protocol';
import { readyState, report, ROOT } from '../../helpers/migrationStatusFixtures';
import type { MigrationStatusState } from '../../../client/src/migrationStatusStore';

const unreachable: MigrationStatusState = {
  kind: 'failed',
  root: ROOT,
  environment: 'staging',
  problem: describeStatusProblem(new DatabaseError('unreachable', 'staging', 'cannot reach the database of "staging" at db:3306.'), 'staging'),
  attempt: 1,
  retryAt: undefined,
};

describe('environment status bar and snapshot', () => {
  it('names the environment and what is pending or missing there', () => {
    const bar = environmentStatusBarText(readyState());
    assert.equal(bar.text, '$(database) staging: 2 pending, 1 missing');
    assert.match(bar.tooltip, /^Magento ZDD environment "staging": 1 applied, 2 pending, 1 missing/);
    assert.equal(bar.warning, false);
    assert.equal(environmentStatusBarText(readyState(report([], []))).text, '$(database) staging');
  });

  it('warns when the status is unknown, with the reason in the tooltip', () => {
    const bar = environmentStatusBarText(unreachable);
    assert.equal(bar.text, '$(warning) staging');
    assert.equal(bar.warning, true);
    assert.match(bar.tooltip, /Cannot reach the database of "staging"\.\n\ncannot reach the database of "staging" at db:3306\./);
  });

  it('the view description is the environment', () => {
    assert.equal(migrationsViewDescription(readyState()), 'staging');
    assert.equal(migrationsViewDescription({ kind: 'idle' }), undefined);
  });

  it('sends the snapshot of a read status, with the Magento root, and survives JSON', () => {
    const params = snapshotParamsFor(readyState());
    assert.ok(params);
    const sent = JSON.parse(JSON.stringify(params));
    assert.equal(sent.root, ROOT);
    const snapshot = fromSetupModuleSnapshotParams(sent);
    assert.equal(snapshot?.environment, 'staging');
    assert.deepEqual(snapshot?.modules.get('Acme_Checkout'), { schemaVersion: '2.0.0', dataVersion: '2.0.0' });
  });

  it('clears the snapshot when the status is unknown or no environment is selected; keeps it while reading', () => {
    assert.deepEqual(snapshotParamsFor(unreachable), { root: ROOT, snapshot: null });
    assert.deepEqual(snapshotParamsFor({ kind: 'no-environment', root: ROOT, choice: { name: undefined, reason: 'not-picked', configured: [] }, message: '' }), { root: ROOT, snapshot: null });
    assert.equal(snapshotParamsFor({ kind: 'loading', root: ROOT, environment: 'staging' }), undefined);
  });
});
