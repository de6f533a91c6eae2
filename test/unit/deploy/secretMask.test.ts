// Token masking: a token is hidden wherever it appears in a line, also URL-encoded (form bodies,
// query strings), and values too short to be tokens are left alone instead of blanking words.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SecretMask } from '../../../client/src/engine/deploy/drivers/secretMask';

describe('SecretMask', () => {
  it('hides a token as is and URL-encoded', () => {
    const mask = new SecretMask(['s3cr3t/t0ken+x']);
    assert.equal(mask.mask('token=s3cr3t/t0ken+x and token=s3cr3t%2Ft0ken%2Bx'), 'token=*** and token=***');
  });

  it('hides the longer of two overlapping tokens whole', () => {
    const mask = new SecretMask(['abcd', 'abcdefgh']);
    assert.equal(mask.mask('x abcdefgh y abcd'), 'x *** y ***');
  });

  it('leaves values shorter than 4 characters and missing values alone', () => {
    const mask = new SecretMask(['ab', undefined, '']);
    assert.equal(mask.mask('a cab abacus'), 'a cab abacus');
  });
});
