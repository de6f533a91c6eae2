// Rule module-xml-invalid: files Magento cannot load, or that break module.xsd.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, baselineText, baselineUnavailable, codesOf, moduleXmlFixture } from '../../helpers/analysis';
import { rangeOf, valueRangeOf } from '../../helpers/positions';

const RULE = 'module-xml-invalid';

function moduleXml(attributes: string): string {
  return `<?xml version="1.0"?>\n<config xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="urn:magento:framework:Module/etc/module.xsd">\n    <module ${attributes}/>\n</config>\n`;
}

/** The rule alone: no baseline, so the version rules stay out of the way. */
function invalidFindings(text: string) {
  return analyze(text, baselineUnavailable());
}

describe(RULE, () => {
  it('accepts a valid module.xml', () => {
    assert.deepEqual(invalidFindings(moduleXmlFixture('checkout-2.1.0.xml')), []);
    assert.deepEqual(invalidFindings(moduleXmlFixture('license-header.xml')), []);
    assert.deepEqual(invalidFindings(moduleXmlFixture('catalog-without-setup-version.xml')), []);
  });

  it('flags XML that is not well formed once, where it breaks', () => {
    const text = moduleXmlFixture('not-well-formed.xml');
    const findings = invalidFindings(text);
    assert.deepEqual(codesOf(findings), [RULE]);
    assert.equal(findings[0].severity, 'error');
    assert.equal(findings[0].range.start.line, rangeOf(text, '</config>').start.line);
    assert.match(findings[0].message, /not well-formed XML/);
  });

  it('flags an empty file', () => {
    const findings = invalidFindings('');
    assert.deepEqual(codesOf(findings), [RULE]);
    assert.match(findings[0].message, /empty/);
  });

  it('flags a binary file', () => {
    const findings = invalidFindings(Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03]).toString('utf8'));
    assert.deepEqual(codesOf(findings), [RULE]);
    assert.match(findings[0].message, /binary/);
  });

  it('flags a root element other than <config>', () => {
    const findings = invalidFindings(moduleXmlFixture('wrong-root-element.xml'));
    assert.deepEqual(codesOf(findings), [RULE]);
    assert.match(findings[0].message, /<config> as its root element, not <module>/);
  });

  it('flags a <config> without a <module> element', () => {
    const findings = invalidFindings(moduleXmlFixture('no-module-element.xml'));
    assert.deepEqual(codesOf(findings), [RULE]);
    assert.match(findings[0].message, /declares no <module> element/);
  });

  it('flags the second <module> of a file that declares two, on its start tag', () => {
    const text = moduleXmlFixture('two-modules.xml');
    const findings = invalidFindings(text);
    assert.deepEqual(codesOf(findings), [RULE]);
    assert.deepEqual(findings[0].range, rangeOf(text, '<module name="Acme_CheckoutGraphQl" setup_version="1.0.3"/>'));
  });

  it('flags a <module> without a name', () => {
    const text = moduleXmlFixture('missing-module-name.xml');
    const findings = invalidFindings(text);
    assert.deepEqual(codesOf(findings), [RULE]);
    assert.match(findings[0].message, /no name attribute/);
    assert.deepEqual(findings[0].range, rangeOf(text, '<module setup_version="2.1.0"/>'));
  });

  it('flags a module name that breaks Magento\'s Vendor_Module pattern, on the name', () => {
    const text = moduleXmlFixture('bad-module-name.xml');
    const findings = invalidFindings(text);
    assert.deepEqual(codesOf(findings), [RULE]);
    assert.deepEqual(findings[0].range, valueRangeOf(text, 'name', 'Acme_checkout'));
    assert.match(findings[0].message, /module name "Acme_checkout" does not match/);
  });

  it('flags every name module.xsd rejects', () => {
    for (const name of ['acme_Checkout', 'Acme_checkout', 'Acme', 'A_Checkout', 'Acme_C', 'Acme-Checkout', 'Acme_Check_Out', 'Acme_Check-out', '', ' Acme_Checkout']) {
      assert.deepEqual(codesOf(invalidFindings(moduleXml(`name="${name}"`))), [RULE], `name "${name}"`);
    }
  });

  it('accepts every name module.xsd accepts', () => {
    for (const name of ['Acme_Checkout', 'Magento_CatalogGraphQl', 'ACME_Checkout', 'Acme2_Checkout3', 'MX_PhinxMigrations', 'Ab_Cd']) {
      assert.deepEqual(invalidFindings(moduleXml(`name="${name}"`)), [], `name "${name}"`);
    }
  });

  it('flags a setup_version that breaks the [0-9.]+ pattern, on the value', () => {
    const text = moduleXmlFixture('bad-setup-version.xml');
    const findings = invalidFindings(text);
    assert.deepEqual(codesOf(findings), [RULE]);
    assert.deepEqual(findings[0].range, valueRangeOf(text, 'setup_version', '2.1.0-beta'));
    assert.match(findings[0].message, /setup_version "2\.1\.0-beta" does not match/);
  });

  it('flags every setup_version module.xsd rejects', () => {
    for (const version of ['2.1.0-beta', 'v2.1.0', '2.1.x', '', ' 2.1.0', '2.1.0 ', '2,1,0']) {
      assert.deepEqual(codesOf(invalidFindings(moduleXml(`name="Acme_Checkout" setup_version="${version}"`))), [RULE], `setup_version "${version}"`);
    }
  });

  it('accepts every setup_version module.xsd accepts', () => {
    for (const version of ['2.1.0', '2.0.0.1', '1', '10.20.300']) {
      assert.deepEqual(invalidFindings(moduleXml(`name="Acme_Checkout" setup_version="${version}"`)), [], `setup_version "${version}"`);
    }
  });

  it('flags the pre-2.0 version= attribute on its value', () => {
    const text = moduleXmlFixture('legacy-version.xml');
    const findings = invalidFindings(text);
    assert.deepEqual(codesOf(findings), [RULE]);
    assert.deepEqual(findings[0].range, valueRangeOf(text, 'version', '0.1.0'));
    assert.match(findings[0].message, /version= is the pre-release Magento 2\.0-dev attribute/);
  });

  it('runs whether or not the baseline is available', () => {
    const text = moduleXmlFixture('bad-module-name.xml');
    assert.deepEqual(codesOf(analyze(text, baselineText(text))), [RULE]);
    assert.deepEqual(codesOf(analyze(text, baselineUnavailable())), [RULE]);
  });

  it('uses the severity set in magento-zdd.json and can be switched off', () => {
    const text = moduleXmlFixture('bad-setup-version.xml');
    assert.equal(analyze(text, baselineUnavailable(), { config: { rules: { [RULE]: 'warning' } } })[0].severity, 'warning');
    assert.deepEqual(analyze(text, baselineUnavailable(), { config: { rules: { [RULE]: 'off' } } }), []);
  });

  it('never flags a module.xml under vendor/', () => {
    assert.deepEqual(analyze(moduleXmlFixture('not-well-formed.xml'), baselineUnavailable(), { file: 'vendor/acme/module-checkout/etc/module.xml' }), []);
  });
});
