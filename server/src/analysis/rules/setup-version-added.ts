// Analysis room: rule setup-version-added.
import { pairWithBaseline } from './moduleVersions';
import type { ModuleXmlRule, RuleFinding } from './rule';

export const setupVersionAdded: ModuleXmlRule = {
  id: 'setup-version-added',
  target: 'module-xml',
  defaultSeverity: 'error',
  needsBaseline: true,
  summary: 'A module that starts declaring setup_version enters Magento\'s request-time version check, which finds no setup_module version ("none") and serves the "Please upgrade your database" error page.',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const { current, previous, baselineRef, moduleName } of pairWithBaseline(context)) {
      const now = current.setupVersion;
      if (!now || previous?.setupVersion) continue;
      const what = previous
        ? `${moduleName} now declares setup_version="${now.value}" and had none at ${baselineRef}`
        : `${moduleName} is new (not at ${baselineRef}) and declares setup_version="${now.value}"`;
      findings.push({
        range: now.valueRange,
        message:
          `${what}: Magento starts checking it on every request, finds no setup_module version ("none") and serves "Please upgrade your database" until setup:upgrade runs. ` +
          `Remove setup_version (optional since Magento 2.3) and create its tables with Phinx migrations.`,
        fixes: [{ title: 'Remove setup_version', edits: [{ range: now.removalRange, newText: '' }] }],
      });
    }
    return findings;
  },
};
