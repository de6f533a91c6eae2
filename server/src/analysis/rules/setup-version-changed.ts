// Analysis room: rule setup-version-changed.
import { pairWithBaseline } from './moduleVersions';
import type { ModuleXmlRule, RuleFinding } from './rule';

export const setupVersionChanged: ModuleXmlRule = {
  id: 'setup-version-changed',
  target: 'module-xml',
  defaultSeverity: 'error',
  needsBaseline: true,
  summary: 'Old and new code share one setup_module row during a rolling deploy, so whichever side does not match it serves Magento\'s "Please upgrade your database" / "Please update your modules" error page.',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const { current, previous, baselineRef, moduleName } of pairWithBaseline(context)) {
      const now = current.setupVersion;
      const before = previous?.setupVersion;
      if (!now || !before || now.value === before.value) continue;
      findings.push({
        range: now.valueRange,
        message:
          `setup_version of ${moduleName} changed from ${before.value} to ${now.value} (against ${baselineRef}): while old and new code share the database, ` +
          `one of them always mismatches setup_module and answers every request with Magento's "Please upgrade your database" or "Please update your modules" error page. ` +
          `Keep ${before.value} and ship the database change as a Phinx migration.`,
        fixes: [{ title: `Revert setup_version to ${before.value}`, edits: [{ range: now.valueRange, newText: before.value }] }],
      });
    }
    return findings;
  },
};
