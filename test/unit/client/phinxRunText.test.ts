// What the migrate / roll back commands say while phinx runs and when they ask how far back.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectedRollbackCount, findingLine, gateSummary, PhinxProgressText, rollbackChoices } from '../../../client/src/commands/phinxRunText';
import { BADGE, GIFT_NOTE, mixedReport, report, row, TIER } from '../../helpers/migrationStatusFixtures';
import type { Finding } from '../../../server/src/analysis/types';

describe('phinx run texts', () => {
  it('progress: one line per migration with its position, the bar moving by one share per finished migration', () => {
    const text = new PhinxProgressText(2);
    assert.deepEqual(text.next({ kind: 'started', version: '20240601080000', name: 'AddGiftNoteToSalesOrder', direction: 'up' }), { message: 'migrating 20240601080000 AddGiftNoteToSalesOrder (1 of 2)', increment: undefined });
    assert.deepEqual(text.next({ kind: 'finished', version: '20240601080000', name: 'AddGiftNoteToSalesOrder', direction: 'up', seconds: 0.0345 }), { message: 'migrated 20240601080000 AddGiftNoteToSalesOrder in 0.03 s (1 of 2)', increment: 50 });
    assert.deepEqual(text.next({ kind: 'started', version: '20240612140000', name: 'AddLoyaltyTierToCustomerPoints', direction: 'up' }).message, 'migrating 20240612140000 AddLoyaltyTierToCustomerPoints (2 of 2)');
    assert.equal(text.next({ kind: 'finished', version: '20240612140000', name: 'AddLoyaltyTierToCustomerPoints', direction: 'up' }).increment, 50);
    // One more than expected (someone added a migration meanwhile): counted, but the bar does not overflow.
    assert.deepEqual(text.next({ kind: 'finished', version: '20240701000000', name: 'Extra', direction: 'up' }), { message: 'migrated 20240701000000 Extra (3 of 3)', increment: undefined });
  });

  it('progress without a known count: the lines, no bar', () => {
    const text = new PhinxProgressText(undefined);
    assert.deepEqual(text.next({ kind: 'started', version: '1', name: 'A', direction: 'down' }), { message: 'reverting 1 A', increment: undefined });
    assert.deepEqual(text.next({ kind: 'finished', version: '1', name: 'A', direction: 'down' }), { message: 'reverted 1 A', increment: undefined });
  });

  it('rollback choices: the last migration, then back to before each older one, newest first', () => {
    const applied = report([BADGE, GIFT_NOTE, TIER], [row('20240506091500', 'CreateAcmeProductBadge'), row('20240601080000', 'AddGiftNoteToSalesOrder'), row('20240612140000', 'AddLoyaltyTierToCustomerPoints')]);
    assert.deepEqual(rollbackChoices(applied), [
      { label: 'Last migration: AddLoyaltyTierToCustomerPoints', description: '20240612140000', target: undefined, count: 1 },
      { label: 'Back to before AddGiftNoteToSalesOrder', description: '20240601080000, reverts 2 migrations', target: '20240506091500', count: 2 },
      { label: 'Back to before CreateAcmeProductBadge', description: '20240506091500, reverts 3 migrations', target: '0', count: 3 },
    ]);
    assert.deepEqual(rollbackChoices(report([BADGE], [])), []);
  });

  it('expected rollback counts for the progress bar', () => {
    assert.equal(expectedRollbackCount(mixedReport(), undefined), 1);
    assert.equal(expectedRollbackCount(mixedReport(), '0'), 1);
    assert.equal(expectedRollbackCount(undefined, '0'), undefined);
    assert.equal(expectedRollbackCount(report([BADGE], []), undefined), 0);
  });

  it('gate findings as compiler-style lines and a one-sentence summary', () => {
    const finding: Finding = { file: GIFT_NOTE, range: { start: { line: 11, character: 8 }, end: { line: 11, character: 40 } }, severity: 'error', code: 'drop-column', message: 'Dropping sales_order.gift_note breaks the release still serving traffic.' };
    assert.equal(findingLine(finding), `${GIFT_NOTE}:12:9 error drop-column Dropping sales_order.gift_note breaks the release still serving traffic.`);
    assert.equal(
      gateSummary({ checked: [GIFT_NOTE], blocking: [finding], other: [] }, 'staging'),
      '1 error finding in the pending migrations of "staging" would break the release still serving traffic: drop-column in 20240601080000_add_gift_note_to_sales_order.php.',
    );
  });
});
