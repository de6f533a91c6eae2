// Analysis room: rule setup-version-removed.
import { pairWithBaseline } from './moduleVersions';
import type { ModuleXmlRule, RuleFinding } from './rule';

export const setupVersionRemoved: ModuleXmlRule = {
  id: 'setup-version-removed',
  target: 'module-xml',
  defaultSeverity: 'info',
  needsBaseline: true,
  summary: 'Without setup_version Magento stops checking the module at request time: harmless for a rolling deploy, but its Setup scripts no longer run.',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const { current, previous, baselineRef, moduleName } of pairWithBaseline(context)) {
      const before = previous?.setupVersion;
      if (!before || current.setupVersion) continue;
      findings.push({
        range: current.name?.valueRange ?? current.tagRange,
        message:
          `${moduleName} no longer declares setup_version (it was ${before.value} at ${baselineRef}): Magento stops checking it on each request, which is safe during a rolling deploy, ` +
          `but its InstallSchema/UpgradeSchema/UpgradeData scripts stop running, so its database changes must now come from Phinx migrations or declarative schema.`,
      });
    }
    return findings;
  },
};
