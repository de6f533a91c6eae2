// Rule setup-version-drift: module.xml against an environment's setup_module (plain data, as the
// engine reads it), compared the way Magento's DbVersionInfo and DbStatusValidator do.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dbVersionErrors, type SetupModuleRow, type SetupModuleSnapshot } from '../../server/src/analysis/setupModuleDrift';
import { phpVersionCompare } from '../../server/src/analysis/phpVersionCompare';
import { analyzeModuleXml } from '../../server/src/analysis/analyzer';
import { analyze, baselineText, baselineUnavailable, CHECKOUT_XML, codesOf, findingsOf, moduleXmlFixture, projectWith } from '../helpers/analysis';

function snapshot(rows: Record<string, [string | null, string | null]>, requestCheckDisabled?: boolean): SetupModuleSnapshot {
  const modules = new Map<string, SetupModuleRow>(Object.entries(rows).map(([module, [schemaVersion, dataVersion]]) => [module, { schemaVersion, dataVersion }]));
  return { environment: 'production', modules, requestCheckDisabled };
}

/** checkout-2.1.0.xml declares Acme_Checkout setup_version="2.1.0". */
function drift(rows: Record<string, [string | null, string | null]>, text = moduleXmlFixture('checkout-2.1.0.xml'), requestCheckDisabled?: boolean) {
  const findings = analyzeModuleXml(projectWith(), CHECKOUT_XML, text, baselineText(text), snapshot(rows, requestCheckDisabled));
  return findingsOf(findings, 'setup-version-drift');
}

describe('setup-version-drift', () => {
  it('is quiet when schema_version and data_version equal setup_version', () => {
    assert.deepEqual(drift({ Acme_Checkout: ['2.1.0', '2.1.0'] }), []);
  });

  it('database behind the code: Magento\'s "Please upgrade your database" page, with its lines word for word', () => {
    const [finding, ...rest] = drift({ Acme_Checkout: ['2.0.0', '2.0.0'] });
    assert.equal(rest.length, 0);
    assert.equal(finding.severity, 'error');
    assert.match(finding.message, /^"production" is behind this module\.xml: its setup_module has Acme_Checkout at 2\.0\.0 and setup_version is 2\.1\.0\./);
    assert.match(finding.message, /"Please upgrade your database: Run "bin\/magento setup:upgrade" from the Magento root directory\."/);
    assert.match(finding.message, /"Acme_Checkout schema: current version - 2\.0\.0, required version - 2\.1\.0" and "Acme_Checkout data: current version - 2\.0\.0, required version - 2\.1\.0"/);
    assert.deepEqual(finding.fixes?.map((fix) => [fix.title, fix.edits[0].newText]), [['Set setup_version to 2.0.0 (as on production)', '2.0.0']]);
  });

  it('database ahead of the code: "Please update your modules", code version first', () => {
    const [finding] = drift({ Acme_Checkout: ['2.2.0', '2.2.0'] });
    assert.match(finding.message, /^"production" is ahead of this module\.xml/);
    assert.match(finding.message, /"Please update your modules: Run "composer install" from the Magento root directory\." with "Acme_Checkout schema: code version - 2\.1\.0, database version - 2\.2\.0"/);
  });

  it('a missing row or an empty version is "none", which is too low; the fix removes setup_version', () => {
    const cases: Array<Record<string, [string | null, string | null]>> = [{}, { Acme_Checkout: [null, null] }, { Acme_Checkout: ['', '0'] }];
    for (const rows of cases) {
      const [finding] = drift(rows);
      assert.match(finding.message, /^"production" is behind this module\.xml: its setup_module has no version for Acme_Checkout and setup_version is 2\.1\.0\./);
      assert.match(finding.message, /Acme_Checkout schema: current version - none, required version - 2\.1\.0/);
      assert.match(finding.message, /Remove setup_version \(optional since Magento 2\.3\)/);
      assert.deepEqual(finding.fixes?.map((fix) => fix.title), ['Remove setup_version']);
    }
  });

  it('one finding per direction when schema and data point different ways', () => {
    const findings = drift({ Acme_Checkout: ['2.2.0', '2.0.0'] });
    assert.deepEqual(findings.map((finding) => /is (ahead|behind)/.exec(finding.message)?.[1]), ['ahead', 'behind']);
    assert.match(findings[0].message, /Acme_Checkout schema: code version - 2\.1\.0, database version - 2\.2\.0/);
    assert.match(findings[1].message, /Acme_Checkout data: current version - 2\.0\.0, required version - 2\.1\.0/);
  });

  it('compares with PHP\'s version_compare(): 2.1 is not 2.1.0', () => {
    const [finding] = drift({ Acme_Checkout: ['2.1', '2.1'] });
    assert.match(finding.message, /is behind this module\.xml/);
    assert.equal(phpVersionCompare('2.1', '2.1.0'), -1);
  });

  it('skips a module without setup_version, as Magento 2.3+ does', () => {
    assert.deepEqual(drift({ Acme_Checkout: ['9.9.9', '9.9.9'] }, moduleXmlFixture('checkout-without-setup-version.xml')), []);
    assert.deepEqual(dbVersionErrors('Acme_Foo', undefined, undefined), []);
  });

  it('is info when the environment turns the request-time check off (blue-green switch)', () => {
    const [finding] = drift({ Acme_Checkout: ['2.0.0', '2.0.0'] }, undefined, true);
    assert.equal(finding.severity, 'info');
    assert.match(finding.message, /The blue-green switch \(deployment\/blue_green\/enabled\) is on in "production"'s env\.php, so requests are not checked there/);
  });

  it('does not run without a database, and then its suppression is not "unused"', () => {
    const text = moduleXmlFixture('checkout-2.1.0.xml').replace('    <module name="Acme_Checkout"', '    <!-- zdd-ignore setup-version-drift: staging is restored from production nightly -->\n    <module name="Acme_Checkout"');
    assert.deepEqual(codesOf(analyze(text, baselineText(text))), []);
    assert.deepEqual(codesOf(analyze(text, baselineUnavailable())), []);
    // With a database the suppression hides the finding.
    assert.deepEqual(codesOf(analyzeModuleXml(projectWith(), CHECKOUT_XML, text, baselineText(text), snapshot({ Acme_Checkout: ['2.0.0', '2.0.0'] }))), []);
  });

  it('can be switched off in magento-zdd.json', () => {
    const text = moduleXmlFixture('checkout-2.1.0.xml');
    const findings = analyzeModuleXml(projectWith({ rules: { 'setup-version-drift': 'off' } }), CHECKOUT_XML, text, baselineText(text), snapshot({}));
    assert.deepEqual(codesOf(findings), []);
  });
});
