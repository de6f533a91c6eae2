// Analysis room (pure): Magento's request-time version check (DbVersionInfo + DbStatusValidator,
// 2.3+) on plain data. The engine reads an environment's setup_module table and hands it in here as
// a SetupModuleSnapshot, so the rules never touch a database.
import { phpVersionCompare } from './phpVersionCompare';

export interface SetupModuleRow {
  schemaVersion: string | null;
  dataVersion: string | null;
}

/** One environment's setup_module table, as the engine read it. */
export interface SetupModuleSnapshot {
  environment: string;
  /** By module name (setup_module.module). */
  modules: ReadonlyMap<string, SetupModuleRow>;
  /**
   * True when the environment's env.php turns the request-time check off
   * (`deployment/blue_green/enabled`); undefined when unknown (explicit connection settings).
   */
  requestCheckDisabled?: boolean;
}

export type VersionType = 'schema' | 'data';

/** One line of Magento's error page: a module whose setup_module version differs from setup_version. */
export interface DbVersionError {
  module: string;
  type: VersionType;
  /** The database's version, or 'none' when the row or the value is missing (Magento's wording). */
  current: string;
  /** module.xml's setup_version. */
  required: string;
  /** `too-low`: "Please upgrade your database"; `too-high`: "Please update your modules". */
  direction: 'too-low' | 'too-high';
}

/** PHP's empty(): '' and '0' count as no value, in both module.xml and setup_module. */
function isEmptyPhpString(value: string | null | undefined): boolean {
  return value === undefined || value === null || value === '' || value === '0';
}

/**
 * The errors Magento raises for one module: none when setup_version is absent (2.3+ skips such a
 * module), else one per type (schema, data) whose version_compare() is not 0.
 */
export function dbVersionErrors(module: string, setupVersion: string | undefined, row: SetupModuleRow | undefined): DbVersionError[] {
  if (setupVersion === undefined || isEmptyPhpString(setupVersion)) return [];
  const errors: DbVersionError[] = [];
  for (const type of ['schema', 'data'] as const) {
    const stored = type === 'schema' ? row?.schemaVersion : row?.dataVersion;
    // A missing version reaches version_compare() as false, i.e. '' (never equal to a setup_version).
    if (phpVersionCompare(setupVersion, stored ?? '') === 0) continue;
    const current = isEmptyPhpString(stored) ? 'none' : (stored as string);
    const tooLow = current === 'none' || phpVersionCompare(current, setupVersion) < 0;
    errors.push({ module, type, current, required: setupVersion, direction: tooLow ? 'too-low' : 'too-high' });
  }
  return errors;
}

export const UPGRADE_DATABASE_MESSAGE = 'Please upgrade your database: Run "bin/magento setup:upgrade" from the Magento root directory.';
export const UPDATE_MODULES_MESSAGE = 'Please update your modules: Run "composer install" from the Magento root directory.';

/** The line Magento prints for the error, word for word. */
export function formatDbVersionError(error: DbVersionError): string {
  return error.direction === 'too-low'
    ? `${error.module} ${error.type}: current version - ${error.current}, required version - ${error.required}`
    : `${error.module} ${error.type}: code version - ${error.required}, database version - ${error.current}`;
}
