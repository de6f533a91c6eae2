// Rule setup-version-changed: a bespoke module's setup_version differs from the baseline.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, baselineText, baselineUnavailable, codesOf, findingsOf, moduleXmlFixture } from '../../helpers/analysis';
import { applyEdits, valueRangeOf } from '../../helpers/positions';

const RULE = 'setup-version-changed';

describe(RULE, () => {
  const before = moduleXmlFixture('checkout-2.1.0.xml');
  const bumped = moduleXmlFixture('checkout-2.2.0.xml');

  it('flags a raised setup_version as an error on the new value', () => {
    const findings = analyze(bumped, baselineText(before));
    assert.deepEqual(codesOf(findings), [RULE]);
    const [finding] = findings;
    assert.equal(finding.severity, 'error');
    assert.equal(finding.file, 'app/code/Acme/Checkout/etc/module.xml');
    assert.deepEqual(finding.range, valueRangeOf(bumped, 'setup_version', '2.2.0'));
  });

  it('names the module, both versions and the baseline ref in the message', () => {
    const [finding] = analyze(bumped, baselineText(before, 'origin/main'));
    assert.match(finding.message, /Acme_Checkout/);
    assert.match(finding.message, /from 2\.1\.0 to 2\.2\.0/);
    assert.match(finding.message, /origin\/main/);
  });

  it('flags a lowered setup_version too (the database would be ahead of the code)', () => {
    const findings = analyze(before, baselineText(bumped));
    assert.deepEqual(codesOf(findings), [RULE]);
    assert.match(findings[0].message, /from 2\.2\.0 to 2\.1\.0/);
  });

  it('offers a fix that puts the baseline version back', () => {
    const [finding] = analyze(bumped, baselineText(before));
    assert.equal(finding.fixes?.length, 1);
    assert.equal(applyEdits(bumped, finding.fixes![0].edits), before);
  });

  it('stays quiet when setup_version is unchanged', () => {
    assert.deepEqual(analyze(before, baselineText(before)), []);
  });

  it('stays quiet when only the line endings changed', () => {
    assert.deepEqual(analyze(before.replace(/\n/g, '\r\n'), baselineText(before)), []);
  });

  it('stays quiet for a module that has no setup_version before or after', () => {
    const catalog = moduleXmlFixture('catalog-without-setup-version.xml');
    assert.deepEqual(analyze(catalog, baselineText(catalog)), []);
  });

  it('leaves a setup_version that did not exist at the baseline to setup-version-added', () => {
    assert.deepEqual(findingsOf(analyze(before, baselineText(undefined)), RULE), []);
    assert.deepEqual(findingsOf(analyze(before, baselineText(moduleXmlFixture('checkout-without-setup-version.xml'))), RULE), []);
  });

  it('leaves a removed setup_version to setup-version-removed', () => {
    assert.deepEqual(findingsOf(analyze(moduleXmlFixture('checkout-without-setup-version.xml'), baselineText(before)), RULE), []);
  });

  it('does not run when the baseline is unavailable', () => {
    assert.deepEqual(analyze(bumped, baselineUnavailable()), []);
  });

  it('compares a module renamed in a one-module file with the module that was there', () => {
    const renamed = bumped.replace('Acme_Checkout', 'Acme_CheckoutPlus');
    const findings = analyze(renamed, baselineText(before));
    assert.deepEqual(codesOf(findings), [RULE]);
    assert.match(findings[0].message, /Acme_CheckoutPlus/);
  });

  it('pairs the modules of a several-module file by name, not by position', () => {
    const baseline = moduleXmlFixture('two-modules.xml');
    const lines = baseline.split('\n');
    // Swap the two declarations and bump only Acme_CheckoutGraphQl.
    const swapped = [lines[0], lines[1], lines[3].replace('1.0.3', '1.1.0'), lines[2], ...lines.slice(4)].join('\n');
    const findings = analyze(swapped, baselineText(baseline));
    assert.deepEqual(codesOf(findings).sort(), ['module-xml-invalid', RULE]);
    const [changed] = findingsOf(findings, RULE);
    assert.match(changed.message, /Acme_CheckoutGraphQl changed from 1\.0\.3 to 1\.1\.0/);
    assert.deepEqual(changed.range, valueRangeOf(swapped, 'setup_version', '1.1.0'));
  });

  it('uses the severity set in magento-zdd.json', () => {
    const [finding] = analyze(bumped, baselineText(before), { config: { rules: { [RULE]: 'warning' } } });
    assert.equal(finding.severity, 'warning');
  });

  it('reports nothing when switched off in magento-zdd.json', () => {
    assert.deepEqual(analyze(bumped, baselineText(before), { config: { rules: { [RULE]: 'off' } } }), []);
  });

  it('never flags a module under vendor/', () => {
    assert.deepEqual(analyze(bumped, baselineText(before), { file: 'vendor/acme/module-checkout/etc/module.xml' }), []);
  });

  it('flags a module under src/, the other bespoke location', () => {
    assert.deepEqual(codesOf(analyze(bumped, baselineText(before), { file: 'src/Acme/Checkout/etc/module.xml' })), [RULE]);
  });
});
