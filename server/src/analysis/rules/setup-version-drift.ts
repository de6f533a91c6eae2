// Analysis room: rule setup-version-drift. Compares module.xml with an environment's setup_module,
// which the engine read and passed in as plain data (ModuleXmlContext.setupModule).
import type { ModuleDeclaration } from '../moduleXml';
import { dbVersionErrors, formatDbVersionError, UPDATE_MODULES_MESSAGE, UPGRADE_DATABASE_MESSAGE, type DbVersionError, type SetupModuleSnapshot } from '../setupModuleDrift';
import type { FindingFix } from '../types';
import type { ModuleXmlRule, RuleFinding } from './rule';

export const setupVersionDrift: ModuleXmlRule = {
  id: 'setup-version-drift',
  target: 'module-xml',
  defaultSeverity: 'error',
  needsBaseline: false,
  needsDatabase: true,
  summary:
    'A setup_version that differs from the environment\'s setup_module (in either direction) makes Magento answer every request of this code there with "Please upgrade your database" or "Please update your modules".',
  check(context) {
    const snapshot = context.setupModule;
    if (!snapshot) return [];
    const findings: RuleFinding[] = [];
    for (const module of context.document.modules) {
      const name = module.name?.value;
      const setupVersion = module.setupVersion;
      if (!name || !setupVersion) continue;
      const errors = dbVersionErrors(name, setupVersion.value, snapshot.modules.get(name));
      // Magento shows one page per direction; so does this rule (schema and data may point different ways).
      for (const direction of ['too-high', 'too-low'] as const) {
        const lines = errors.filter((error) => error.direction === direction);
        if (lines.length > 0) findings.push(findingFor(module, lines, snapshot));
      }
    }
    return findings;
  },
};

function findingFor(module: ModuleDeclaration, errors: DbVersionError[], snapshot: SetupModuleSnapshot): RuleFinding {
  const setupVersion = module.setupVersion as NonNullable<ModuleDeclaration['setupVersion']>;
  const { environment } = snapshot;
  const { module: name, required, direction } = errors[0];
  const quoted = errors.map((error) => `"${formatDbVersionError(error)}"`).join(' and ');
  const databaseVersions = [...new Set(errors.map((error) => error.current))];
  const page = direction === 'too-low' ? UPGRADE_DATABASE_MESSAGE : UPDATE_MODULES_MESSAGE;
  const stored = databaseVersions.every((version) => version === 'none') ? `no version for ${name}` : `${name} at ${databaseVersions.join('/')}`;
  const what = `"${environment}" is ${direction === 'too-low' ? 'behind' : 'ahead of'} this module.xml: its setup_module has ${stored} and setup_version is ${required}`;
  const advice =
    direction === 'too-low'
      ? databaseVersions.every((version) => version === 'none')
        ? `Remove setup_version (optional since Magento 2.3) and create the module's tables with Phinx migrations.`
        : `Keep setup_version at the version "${environment}" has and ship the schema change as a Phinx migration.`
      : `A newer release ran setup:upgrade there; set setup_version to the database's version so old and new code agree.`;
  const harm = snapshot.requestCheckDisabled
    ? `The blue-green switch (deployment/blue_green/enabled) is on in "${environment}"'s env.php, so requests are not checked there; without it Magento would serve "${page}" with ${quoted}.`
    : `Every request this code serves on "${environment}" gets Magento's error page "${page}" with ${quoted}.`;
  return {
    range: setupVersion.valueRange,
    message: `${what}. ${harm} ${advice}`,
    fixes: fixesFor(setupVersion, databaseVersions, environment),
    severity: snapshot.requestCheckDisabled ? 'info' : undefined,
  };
}

function fixesFor(setupVersion: NonNullable<ModuleDeclaration['setupVersion']>, databaseVersions: string[], environment: string): FindingFix[] {
  if (databaseVersions.length !== 1) return [];
  const [version] = databaseVersions;
  if (version === 'none') return [{ title: 'Remove setup_version', edits: [{ range: setupVersion.removalRange, newText: '' }] }];
  // setup_version must match module.xsd's pattern; anything else in the table is not offered as a fix.
  if (!/^[0-9.]+$/.test(version)) return [];
  return [{ title: `Set setup_version to ${version} (as on ${environment})`, edits: [{ range: setupVersion.valueRange, newText: version }] }];
}
