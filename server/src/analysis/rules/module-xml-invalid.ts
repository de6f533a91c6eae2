// Analysis room: rule module-xml-invalid. Patterns are Magento's own (Magento/Framework/Module/etc/module.xsd).
import type { ModuleXmlRule, RuleFinding } from './rule';

const MODULE_NAME = /^[A-Z]+[A-Za-z0-9]{1,}_[A-Z]+[A-Z0-9a-z]{1,}$/;
const SETUP_VERSION = /^[0-9.]+$/;

export const moduleXmlInvalid: ModuleXmlRule = {
  id: 'module-xml-invalid',
  target: 'module-xml',
  defaultSeverity: 'error',
  needsBaseline: false,
  summary: 'Magento cannot load a module.xml that is not well formed or breaks module.xsd: every request fails, on old and new code alike once the file ships.',
  check({ document }) {
    const findings: RuleFinding[] = [];
    const zero = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    if (document.syntaxError) {
      findings.push({ range: document.syntaxError.range, message: `module.xml is not well-formed XML: ${document.syntaxError.message}. Magento fails to load the module list until it is fixed.` });
      return findings;
    }
    if (document.rootElement !== 'config') {
      findings.push({ range: zero, message: `module.xml must have <config> as its root element${document.rootElement ? `, not <${document.rootElement}>` : ''}.` });
      return findings;
    }
    if (document.modules.length === 0) {
      findings.push({ range: zero, message: 'module.xml declares no <module> element under <config>; Magento requires exactly one.' });
    }
    if (document.modules.length > 1) {
      for (const extra of document.modules.slice(1)) {
        findings.push({ range: extra.tagRange, message: `module.xml declares ${document.modules.length} <module> elements; module.xsd allows exactly one per file.` });
      }
    }
    for (const module of document.modules) {
      if (!module.name) {
        findings.push({ range: module.tagRange, message: '<module> has no name attribute; Magento requires name="Vendor_Module".' });
      } else if (!MODULE_NAME.test(module.name.value)) {
        findings.push({ range: module.name.valueRange, message: `module name "${module.name.value}" does not match Magento's pattern Vendor_Module ([A-Z]+[A-Za-z0-9]{1,}_[A-Z]+[A-Z0-9a-z]{1,}).` });
      }
      if (module.setupVersion && !SETUP_VERSION.test(module.setupVersion.value)) {
        findings.push({ range: module.setupVersion.valueRange, message: `setup_version "${module.setupVersion.value}" does not match Magento's pattern [0-9.]+.` });
      }
      if (module.legacyVersion) {
        findings.push({
          range: module.legacyVersion.valueRange,
          message: 'version= is the pre-release Magento 2.0-dev attribute; module.xsd does not allow it (use setup_version, or nothing: it is optional since 2.3).',
        });
      }
    }
    return findings;
  },
};
