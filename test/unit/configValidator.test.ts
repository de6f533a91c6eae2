// The build compiles magento-zdd.json's schema ahead of time (dist/configValidator.js) so the CLI and
// the server skip ajv's compile at start-up; it must judge every file exactly as the compile from
// source does, errors included.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { compileValidator, PREBUILT_VALIDATOR } from '../../server/src/analysis/config';
import { ensureCliBuilt, REPO_ROOT } from '../helpers/cli';
import { FIXTURES } from '../helpers/tempProject';

type Validator = ((value: unknown) => boolean) & { errors?: unknown };

describe('the prebuilt config validator', () => {
  let prebuilt: Validator;
  const fromSource = compileValidator() as Validator;

  before(() => {
    ensureCliBuilt();
    prebuilt = require(join(REPO_ROOT, 'dist', PREBUILT_VALIDATOR)) as Validator;
  });

  const fixtureConfigs = ['sample-shop/magento-zdd.json', 'rules/add-column-not-instant/positive-mysql-8.0/magento-zdd.json', 'rules/table-copy-alter/negative-small-tables/magento-zdd.json'].map(
    (file) => JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as unknown,
  );
  const invalid: unknown[] = [
    { bogus: true },
    { baseline: 42 },
    { server: 'oracle' },
    { rules: { 'drop-column': 'loud', 'not-a-rule': 'off' } },
    { environments: { staging: { database: { host: 'db', password: 'secret' } } } },
    { environments: { staging: { deploy: { driver: 'teleport' } } } },
    { smallTables: 'catalog' },
    [],
    'magento',
    null,
  ];

  it('accepts and rejects the same files, with the same errors', () => {
    for (const value of [...fixtureConfigs, {}, ...invalid]) {
      const expected = fromSource(value);
      assert.equal(prebuilt(value), expected, JSON.stringify(value));
      assert.deepEqual(prebuilt.errors ?? null, fromSource.errors ?? null, JSON.stringify(value));
    }
    assert.ok(fixtureConfigs.every((value) => fromSource(value)), 'the fixtures are valid');
    assert.ok(invalid.every((value) => !fromSource(value)), 'the invalid ones are invalid');
  });
});
