// The deploy commands' failure notifications and the unfinished-run question (client/src/commands/deployText.ts):
// each engine problem gets its next step and buttons; a new run is never offered while one is unfinished.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { failureAdvice, nextStepLine, noteLine, unfinishedChoices } from '../../../client/src/commands/deployText';

describe('deploy failure advice', () => {
  it('gates-failed offers Show Problems and says nothing was switched', () => {
    const advice = failureAdvice('gates-failed', 'deploy', 'local', 'the deploy gates failed: 1 error finding');
    assert.equal(advice.message, 'the deploy of "local" failed: the deploy gates failed: 1 error finding');
    assert.deepEqual(advice.actions, ['Show Problems', 'Show Output']);
    assert.match(advice.nextStep, /nothing was built or switched/);
    assert.equal(advice.severity, 'error');
  });

  it('locked keeps the owner and age the engine names, and says to wait', () => {
    const advice = failureAdvice('locked', 'deploy', 'local', 'another deploy holds the lock k: ci@build pid 7 (run 20261128000000-abcd), taken 42 s ago. Wait for that deploy to finish.');
    assert.match(advice.message, /ci@build pid 7 \(run 20261128000000-abcd\), taken 42 s ago/);
    assert.match(advice.nextStep, /^wait until the deploy that holds the lock has finished/);
  });

  it('a stale lock: the CLI flag is named as a terminal command with the environment', () => {
    const advice = failureAdvice('locked', 'deploy', 'stage', 'another deploy holds the lock k: me@here pid 9 (run r), taken 3 s ago. The lock is stale: pid 9 is gone. Run again with --break-lock to take it (safe: its owner is gone).');
    assert.match(advice.message, /run "magento-zdd deploy --env stage --break-lock" in a terminal/);
  });

  it('unfinished-run and not-resumable send the user back to Deploy..., in VS Code terms', () => {
    const engine = 'run 20261128000000-kill (deploy) never finished: ... Resume it with "magento-zdd deploy --env local --resume 20261128000000-kill", or go back to the recorded live release with "magento-zdd deploy:rollback --env local".';
    const advice = failureAdvice('unfinished-run', 'deploy', 'local', engine);
    assert.match(advice.message, /Run "Deploy\.\.\." again to resume it or roll back\.$/);
    assert.deepEqual(advice.actions, ['Deploy...', 'Show Output']);
    assert.deepEqual(failureAdvice('not-resumable', 'deploy', 'local', 'x').actions, ['Deploy...', 'Show Output']);
  });

  it('migration-failed, unhealthy, not-configured and an unknown problem each say what to do next', () => {
    assert.match(failureAdvice('migration-failed', 'deploy', 'local', 'm').nextStep, /no instance was touched/);
    assert.match(failureAdvice('unhealthy', 'deploy', 'local', 'u').nextStep, /old colour keeps serving/);
    assert.deepEqual(failureAdvice('not-configured', 'deploy', 'local', 'n').actions, ['Open Configuration', 'Show Output']);
    assert.match(failureAdvice(undefined, 'rollback', 'local', 'boom').message, /^the rollback of "local" failed: boom$/);
  });

  it('a cancel is a warning with the engine’s own words', () => {
    const advice = failureAdvice('cancelled', 'deploy', 'local', 'the deploy was cancelled before the build; the live colour keeps serving unchanged.');
    assert.equal(advice.severity, 'warning');
    assert.equal(advice.message, 'the deploy was cancelled before the build; the live colour keeps serving unchanged.');
  });

  it('the output lines for a note and a next step', () => {
    assert.equal(noteLine('took over the stale lock'), '[magento-zdd] note: took over the stale lock');
    assert.equal(nextStepLine(failureAdvice('unhealthy', 'deploy', 'local', 'u')), `[magento-zdd] next step: ${failureAdvice('unhealthy', 'deploy', 'local', 'u').nextStep}`);
  });
});

describe('the unfinished-run question', () => {
  it('offers Resume, Roll Back (to the recorded live colour) and Cancel; never a new run', () => {
    const choices = unfinishedChoices({ runId: '20261128000000-kill', release: '20261128000001-abcd' }, { colour: 'blue', release: '20261127000000-aaaa' });
    assert.deepEqual(choices.map((choice) => choice.answer), ['resume', 'rollback', 'cancel']);
    assert.match(choices[0].description, /finish run 20261128000000-kill \(release 20261128000001-abcd\)/);
    assert.match(choices[1].description, /every node back to blue \(release 20261127000000-aaaa\), the colour Redis records as live/);
    assert.ok(!choices.some((choice) => /start new/i.test(choice.label)));
  });

  it('without a recorded live state the roll back is still described', () => {
    assert.match(unfinishedChoices({ runId: 'r' }, undefined)[1].description, /the colour Redis records as live/);
  });
});
