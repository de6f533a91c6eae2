// Which environment the editor works on: the pick in this workspace, then the setting, then the only one.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseEnvironment, noEnvironmentMessage, type EnvironmentChoice } from '../../../client/src/environmentChoice';

function message(choice: EnvironmentChoice): string {
  assert.equal(choice.name, undefined);
  return noEnvironmentMessage(choice as Extract<EnvironmentChoice, { name: undefined }>);
}

describe('environment choice', () => {
  const configured = ['local', 'staging', 'production'];

  it('prefers the environment picked in this workspace over the setting', () => {
    assert.deepEqual(chooseEnvironment(configured, 'staging', 'local'), { name: 'staging', source: 'picked' });
  });

  it('falls back to the magentoZdd.environment setting', () => {
    assert.deepEqual(chooseEnvironment(configured, undefined, ' local '), { name: 'local', source: 'setting' });
  });

  it('ignores a pick whose environment was removed from magento-zdd.json', () => {
    assert.deepEqual(chooseEnvironment(configured, 'qa', 'production'), { name: 'production', source: 'setting' });
  });

  it('takes the only environment when nothing else decides', () => {
    assert.deepEqual(chooseEnvironment(['local'], undefined, ''), { name: 'local', source: 'only' });
  });

  it('selects nothing among several, and says which ones can be picked', () => {
    assert.match(message(chooseEnvironment(configured, undefined, undefined)), /pick one of "local", "staging", "production" with "Magento ZDD: Select Environment"/);
  });

  it('names a setting that points at an unknown environment rather than guessing', () => {
    assert.match(message(chooseEnvironment(['local'], undefined, 'prod')), /magentoZdd\.environment names "prod", which magento-zdd\.json does not define \(it has "local"\)/);
  });

  it('says how to add an environment when there are none', () => {
    assert.match(message(chooseEnvironment([], 'local', 'local')), /defines no environments: add "environments"/);
  });
});
