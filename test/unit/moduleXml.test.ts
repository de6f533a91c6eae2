// module.xml parsing: the declarations the version rules read, with the ranges diagnostics land on.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseModuleXml } from '../../server/src/analysis/moduleXml';
import { moduleXmlFixture } from '../helpers/analysis';
import { rangeOf, valueRangeOf } from '../helpers/positions';

describe('parseModuleXml', () => {
  it('reads the module name and setup_version with the ranges of the values inside the quotes', () => {
    const text = moduleXmlFixture('checkout-2.1.0.xml');
    const document = parseModuleXml(text);
    assert.equal(document.syntaxError, undefined);
    assert.equal(document.rootElement, 'config');
    assert.equal(document.modules.length, 1);
    const [module] = document.modules;
    assert.equal(module.name?.value, 'Acme_Checkout');
    assert.deepEqual(module.name?.valueRange, valueRangeOf(text, 'name', 'Acme_Checkout'));
    assert.equal(module.setupVersion?.value, '2.1.0');
    assert.deepEqual(module.setupVersion?.valueRange, valueRangeOf(text, 'setup_version', '2.1.0'));
    assert.equal(module.legacyVersion, undefined);
  });

  it('gives the removal range of setup_version from the space before it to its closing quote', () => {
    const text = moduleXmlFixture('checkout-2.1.0.xml');
    const removal = parseModuleXml(text).modules[0].setupVersion?.removalRange;
    assert.deepEqual(removal, rangeOf(text, ' setup_version="2.1.0"'));
  });

  it('leaves setupVersion undefined for a module without setup_version', () => {
    const document = parseModuleXml(moduleXmlFixture('checkout-without-setup-version.xml'));
    assert.equal(document.modules.length, 1);
    assert.equal(document.modules[0].name?.value, 'Acme_Checkout');
    assert.equal(document.modules[0].setupVersion, undefined);
  });

  it('does not take the <module> elements of <sequence> for declarations', () => {
    const document = parseModuleXml(moduleXmlFixture('checkout-2.1.0.xml'));
    assert.deepEqual(
      document.modules.map((module) => module.name?.value),
      ['Acme_Checkout'],
    );
  });

  it('finds the ranges whatever the attribute order', () => {
    const text = '<?xml version="1.0"?>\n<config>\n    <module setup_version="3.0.1" name="Acme_Rma"/>\n</config>\n';
    const [module] = parseModuleXml(text).modules;
    assert.deepEqual(module.setupVersion?.valueRange, valueRangeOf(text, 'setup_version', '3.0.1'));
    assert.deepEqual(module.name?.valueRange, valueRangeOf(text, 'name', 'Acme_Rma'));
  });

  it('reads single-quoted attribute values', () => {
    const text = "<config>\n  <module name='Acme_Rma' setup_version='3.0.1'/>\n</config>\n";
    const [module] = parseModuleXml(text).modules;
    assert.equal(module.setupVersion?.value, '3.0.1');
    assert.deepEqual(module.setupVersion?.valueRange, rangeOf(text, '3.0.1'));
  });

  it('ignores modules inside comments and keeps the ranges right after multi-line comments', () => {
    const text = moduleXmlFixture('license-header.xml');
    const document = parseModuleXml(text);
    assert.equal(document.syntaxError, undefined);
    assert.deepEqual(
      document.modules.map((module) => module.name?.value),
      ['Acme_Checkout'],
    );
    assert.deepEqual(document.modules[0].setupVersion?.valueRange, valueRangeOf(text, 'setup_version', '2.1.0'));
    assert.equal(document.tokens.comments.length, 3);
  });

  it('counts a CRLF line ending as one line break', () => {
    const text = moduleXmlFixture('checkout-2.1.0.xml').replace(/\n/g, '\r\n');
    const document = parseModuleXml(text);
    assert.equal(document.syntaxError, undefined);
    const [module] = document.modules;
    assert.equal(module.setupVersion?.value, '2.1.0');
    assert.deepEqual(module.setupVersion?.valueRange, valueRangeOf(text, 'setup_version', '2.1.0'));
    assert.equal(module.setupVersion?.valueRange.start.line, 2);
    assert.equal(document.lines.lineText(2), '    <module name="Acme_Checkout" setup_version="2.1.0">');
  });

  it('reads every <module> of a file that declares several, in order', () => {
    const text = moduleXmlFixture('two-modules.xml');
    const document = parseModuleXml(text);
    assert.deepEqual(
      document.modules.map((module) => [module.name?.value, module.setupVersion?.value]),
      [
        ['Acme_Checkout', '2.1.0'],
        ['Acme_CheckoutGraphQl', '1.0.3'],
      ],
    );
    assert.deepEqual(document.modules[1].setupVersion?.valueRange, valueRangeOf(text, 'setup_version', '1.0.3'));
  });

  it('reads the pre-2.0 version= attribute as legacyVersion, not as setup_version', () => {
    const text = moduleXmlFixture('legacy-version.xml');
    const [module] = parseModuleXml(text).modules;
    assert.equal(module.setupVersion, undefined);
    assert.equal(module.legacyVersion?.value, '0.1.0');
    assert.deepEqual(module.legacyVersion?.valueRange, valueRangeOf(text, 'version', '0.1.0'));
  });

  it('keeps the whitespace of an attribute value, as libxml does', () => {
    // module.xsd's [0-9.]+ rejects " 2.1.0"; a trimmed value would hide that and any change to it.
    const text = '<config>\n    <module name="Acme_Checkout" setup_version=" 2.1.0"/>\n</config>\n';
    const [module] = parseModuleXml(text).modules;
    assert.equal(module.setupVersion?.value, ' 2.1.0');
    assert.deepEqual(module.setupVersion?.valueRange, valueRangeOf(text, 'setup_version', ' 2.1.0'));
  });

  it('decodes the predefined XML entities in values', () => {
    const [module] = parseModuleXml('<config><module name="Acme_Checkout" setup_version="2&amp;1"/></config>').modules;
    assert.equal(module.setupVersion?.value, '2&1');
  });

  it('reports where a file that is not well formed breaks and still lists its modules', () => {
    const text = moduleXmlFixture('not-well-formed.xml');
    const document = parseModuleXml(text);
    assert.ok(document.syntaxError, 'a syntax error is reported');
    assert.equal(document.syntaxError.range.start.line, rangeOf(text, '</config>').start.line);
    assert.deepEqual(
      document.modules.map((module) => [module.name?.value, module.setupVersion?.value]),
      [['Acme_Checkout', '2.1.0']],
    );
    assert.deepEqual(document.modules[0].setupVersion?.valueRange, valueRangeOf(text, 'setup_version', '2.1.0'));
  });

  it('reports an empty file as a syntax error without modules', () => {
    for (const text of ['', '   \n\t\n']) {
      const document = parseModuleXml(text);
      assert.match(document.syntaxError?.message ?? '', /empty/);
      assert.deepEqual(document.modules, []);
      assert.equal(document.rootElement, undefined);
    }
  });

  it('reports binary content as a syntax error without throwing', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x3c, 0x63, 0x6f, 0x6e, 0x66, 0x69, 0x67, 0x3e]);
    const document = parseModuleXml(png.toString('utf8'));
    assert.match(document.syntaxError?.message ?? '', /binary/);
    assert.deepEqual(document.modules, []);
  });

  it('never throws on truncated or garbled input', () => {
    const text = moduleXmlFixture('license-header.xml');
    const inputs: string[] = [];
    for (let length = 0; length <= text.length; length++) inputs.push(text.slice(0, length));
    inputs.push(text.replace(/"/g, ''), text.replace(/>/g, ''), text.replace(/</g, ''), text.replace(/-->/g, ''), 'not xml at all', '<<<>>>', '<!--', '<?xml', ']]>', '<config', '<config><module name="');
    for (const input of inputs) {
      assert.doesNotThrow(() => parseModuleXml(input), `input of ${input.length} characters`);
    }
  });
});
