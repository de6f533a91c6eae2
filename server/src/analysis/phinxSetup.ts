// Analysis room: what the project's Phinx set-up says: migration folder globs (from phinx.php when it
// has the usual MX shape), the installed Phinx version and whether MX_PhinxMigrations is installed
// (both from composer.lock).
import { readFileSync } from 'node:fs';
import { join, relative, isAbsolute, sep } from 'node:path';
import { parsePhp } from './php/parsePhp';
import { evaluateReturnedValue, isPhpArray, lookupPhp, type PhpValue } from './php/phpStaticValue';

/** MX_PhinxMigrations' phinx.php scans these (vendor/ is not scanned). */
export const DEFAULT_MIGRATION_GLOBS = ['src/*/*/etc/migrations', 'app/code/*/*/etc/migrations'];

export interface MigrationGlobs {
  globs: string[];
  source: 'phinx.php' | 'default';
  /** Why phinx.php was not used, when it exists but could not be read statically. */
  note?: string;
}

export function readMigrationGlobs(root: string): MigrationGlobs {
  let text: string;
  try {
    text = readFileSync(join(root, 'phinx.php'), 'utf8');
  } catch {
    return { globs: DEFAULT_MIGRATION_GLOBS, source: 'default' };
  }
  const { program } = parsePhp(text, 'phinx.php');
  const returned = evaluateReturnedValue(program.children, root);
  const migrations = lookupPhp(returned, 'paths', 'migrations');
  const values: PhpValue[] = isPhpArray(migrations) ? migrations.entries.map((entry) => entry.value) : migrations === undefined ? [] : [migrations];
  const globs = values.filter((value): value is string => typeof value === 'string').map((value) => toRootRelativeGlob(root, value));
  if (globs.length === 0 || globs.length !== values.length) {
    return { globs: DEFAULT_MIGRATION_GLOBS, source: 'default', note: 'phinx.php paths.migrations is not a constant list of folders; using the MX_PhinxMigrations defaults' };
  }
  return { globs, source: 'phinx.php' };
}

function toRootRelativeGlob(root: string, value: string): string {
  const path = value.replace(/%%PHINX_CONFIG_DIR%%/g, root);
  const relativePath = isAbsolute(path) ? relative(root, path) : path;
  return relativePath.split(sep).join('/').replace(/^\.\//, '');
}

export interface ComposerPackages {
  phinxVersion: string | undefined;
  mxPhinxMigrations: boolean;
}

export function readComposerPackages(root: string): ComposerPackages {
  let lock: { packages?: Array<{ name?: string; version?: string }>; 'packages-dev'?: Array<{ name?: string; version?: string }> };
  try {
    lock = JSON.parse(readFileSync(join(root, 'composer.lock'), 'utf8'));
  } catch {
    return { phinxVersion: undefined, mxPhinxMigrations: false };
  }
  const packages = [...(lock.packages ?? []), ...(lock['packages-dev'] ?? [])];
  const version = packages.find((entry) => entry.name === 'robmorgan/phinx')?.version;
  return {
    phinxVersion: version ? version.replace(/^v/, '') : undefined,
    mxPhinxMigrations: packages.some((entry) => entry.name === 'mx/module-phinx-migrations'),
  };
}
