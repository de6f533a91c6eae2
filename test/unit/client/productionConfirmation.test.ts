// Rolling back a production environment: the typed name must match exactly.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { productionConfirmationProblem, productionConfirmationPrompt } from '../../../client/src/commands/productionConfirmation';

describe('production rollback confirmation', () => {
  it('accepts exactly the environment name', () => {
    assert.equal(productionConfirmationProblem('production', 'production'), undefined);
  });

  it('refuses an empty box, a near miss and another case, saying what to type', () => {
    for (const typed of ['', 'prod', 'Production', 'production!']) {
      assert.equal(productionConfirmationProblem('production', typed), 'Type production to confirm the rollback on this production environment.');
    }
  });

  it('points out surrounding spaces instead of silently trimming them', () => {
    assert.equal(productionConfirmationProblem('live', ' live '), 'Remove the spaces around the name.');
  });

  it('the prompt says what would run and on which database', () => {
    assert.match(productionConfirmationPrompt('live', 'rolling back to 20240506091500'), /^"live" is a production environment: rolling back to 20240506091500 runs down\(\) on the database live traffic uses\. Type its name to confirm\.$/);
  });
});
