// Rule setup-version-removed: a module stops declaring setup_version (safe, but worth a note).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, baselineText, baselineUnavailable, codesOf, findingsOf, moduleXmlFixture } from '../../helpers/analysis';
import { valueRangeOf } from '../../helpers/positions';

const RULE = 'setup-version-removed';

describe(RULE, () => {
  const withVersion = moduleXmlFixture('checkout-2.1.0.xml');
  const withoutVersion = moduleXmlFixture('checkout-without-setup-version.xml');

  it('reports a removed setup_version as info on the module name', () => {
    const findings = analyze(withoutVersion, baselineText(withVersion));
    assert.deepEqual(codesOf(findings), [RULE]);
    assert.equal(findings[0].severity, 'info');
    assert.deepEqual(findings[0].range, valueRangeOf(withoutVersion, 'name', 'Acme_Checkout'));
  });

  it('says which version the module had at the baseline', () => {
    const [finding] = analyze(withoutVersion, baselineText(withVersion, 'release-41'));
    assert.match(finding.message, /Acme_Checkout no longer declares setup_version \(it was 2\.1\.0 at release-41\)/);
  });

  it('stays quiet while the module keeps a setup_version', () => {
    assert.deepEqual(findingsOf(analyze(moduleXmlFixture('checkout-2.2.0.xml'), baselineText(withVersion)), RULE), []);
  });

  it('stays quiet for a module that never had one', () => {
    assert.deepEqual(analyze(withoutVersion, baselineText(withoutVersion)), []);
    assert.deepEqual(analyze(withoutVersion, baselineText(undefined)), []);
  });

  it('does not run when the baseline is unavailable', () => {
    assert.deepEqual(analyze(withoutVersion, baselineUnavailable()), []);
  });

  it('uses the severity set in magento-zdd.json and can be switched off', () => {
    assert.equal(analyze(withoutVersion, baselineText(withVersion), { config: { rules: { [RULE]: 'error' } } })[0].severity, 'error');
    assert.deepEqual(analyze(withoutVersion, baselineText(withVersion), { config: { rules: { [RULE]: 'off' } } }), []);
  });
});
