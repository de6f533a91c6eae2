// Rule setup-version-added: setup_version appears on a module that had none at the baseline.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, baselineText, baselineUnavailable, codesOf, findingsOf, moduleXmlFixture } from '../../helpers/analysis';
import { applyEdits, valueRangeOf } from '../../helpers/positions';

const RULE = 'setup-version-added';
const CATALOG_XML = 'app/code/Acme/Catalog/etc/module.xml';

describe(RULE, () => {
  const withoutVersion = moduleXmlFixture('catalog-without-setup-version.xml');
  const withVersion = moduleXmlFixture('catalog-1.0.0.xml');

  it('flags setup_version added to an existing module as an error on the value', () => {
    const findings = analyze(withVersion, baselineText(withoutVersion), { file: CATALOG_XML });
    assert.deepEqual(codesOf(findings), [RULE]);
    assert.equal(findings[0].severity, 'error');
    assert.deepEqual(findings[0].range, valueRangeOf(withVersion, 'setup_version', '1.0.0'));
    assert.match(findings[0].message, /Acme_Catalog now declares setup_version="1\.0\.0" and had none at HEAD/);
  });

  it('flags a brand-new module file that declares setup_version', () => {
    const findings = analyze(withVersion, baselineText(undefined, 'origin/main'), { file: CATALOG_XML });
    assert.deepEqual(codesOf(findings), [RULE]);
    assert.match(findings[0].message, /Acme_Catalog is new \(not at origin\/main\) and declares setup_version="1\.0\.0"/);
  });

  it('flags a module added with setup_version to a file that already declared another module', () => {
    const single = moduleXmlFixture('checkout-2.1.0.xml');
    const two = moduleXmlFixture('two-modules.xml');
    const findings = findingsOf(analyze(two, baselineText(single)), RULE);
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /Acme_CheckoutGraphQl is new/);
    assert.deepEqual(findings[0].range, valueRangeOf(two, 'setup_version', '1.0.3'));
  });

  it('offers a fix that removes the attribute and leaves the module as it was', () => {
    const [finding] = analyze(withVersion, baselineText(withoutVersion), { file: CATALOG_XML });
    assert.equal(finding.fixes?.length, 1);
    assert.equal(applyEdits(withVersion, finding.fixes![0].edits), withoutVersion);
  });

  it('stays quiet for a brand-new module file without setup_version', () => {
    assert.deepEqual(analyze(withoutVersion, baselineText(undefined), { file: CATALOG_XML }), []);
  });

  it('stays quiet for a module that already had a setup_version', () => {
    const checkout = moduleXmlFixture('checkout-2.1.0.xml');
    assert.deepEqual(analyze(checkout, baselineText(checkout)), []);
    assert.deepEqual(findingsOf(analyze(moduleXmlFixture('checkout-2.2.0.xml'), baselineText(checkout)), RULE), []);
  });

  it('does not run when the baseline is unavailable', () => {
    assert.deepEqual(analyze(withVersion, baselineUnavailable(), { file: CATALOG_XML }), []);
  });

  it('uses the severity set in magento-zdd.json and can be switched off', () => {
    assert.equal(analyze(withVersion, baselineText(withoutVersion), { file: CATALOG_XML, config: { rules: { [RULE]: 'info' } } })[0].severity, 'info');
    assert.deepEqual(analyze(withVersion, baselineText(withoutVersion), { file: CATALOG_XML, config: { rules: { [RULE]: 'off' } } }), []);
  });

  it('never flags a new module under vendor/', () => {
    assert.deepEqual(analyze(withVersion, baselineText(undefined), { file: 'vendor/acme/module-catalog/etc/module.xml' }), []);
  });
});
