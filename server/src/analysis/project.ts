// Analysis room: the project model. Finds the Magento root and what lives in it: bespoke modules,
// migration folders, the Phinx set-up, and the configuration (read through config.ts only).
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ConfigError, DEFAULT_CONFIG, loadConfig, type ZddConfig } from './config';
import { expandFolderPattern, isUnderPattern } from './projectFiles';
import { readComposerPackages, readMigrationGlobs, type ComposerPackages, type MigrationGlobs } from './phinxSetup';

export interface ProjectModel {
  /** Absolute path of the Magento root (where app/, vendor/ and magento-zdd.json live). */
  root: string;
  config: ZddConfig;
  configFile: string | undefined;
  migrationGlobs: MigrationGlobs;
  composer: ComposerPackages;
}

const ROOT_MARKERS = ['app/etc/env.php', 'app/etc/config.php', 'bin/magento', 'magento-zdd.json'];

/** The nearest folder at or above `start` that looks like a Magento root; `start` itself if none does. */
export function findMagentoRoot(start: string): string {
  let current = resolve(start);
  for (let depth = 0; depth < 64; depth++) {
    if (ROOT_MARKERS.some((marker) => existsSync(join(current, marker)))) return current;
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  return resolve(start);
}

/** Throws ConfigError when magento-zdd.json is invalid. */
export function loadProject(root: string, overrides: Partial<ZddConfig> = {}): ProjectModel {
  const { config, file } = loadConfig(root);
  return {
    root,
    config: { ...config, ...stripUndefined(overrides) },
    configFile: file,
    migrationGlobs: readMigrationGlobs(root),
    composer: readComposerPackages(root),
  };
}

/**
 * For long-running hosts (the language server): an invalid magento-zdd.json must not switch the
 * checks off, so the defaults apply and the error is returned for the host to show.
 */
export function loadProjectOrDefaults(root: string): { project: ProjectModel; configError: ConfigError | undefined } {
  try {
    return { project: loadProject(root), configError: undefined };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return {
      project: { root, config: { ...DEFAULT_CONFIG }, configFile: error.file, migrationGlobs: readMigrationGlobs(root), composer: readComposerPackages(root) },
      configError: error,
    };
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}

export function moduleXmlPath(moduleFolder: string): string {
  return `${moduleFolder}/etc/module.xml`;
}

/** Project paths of the bespoke modules' module.xml files that exist on disk. */
export function listBespokeModuleXmlFiles(project: ProjectModel): string[] {
  return listBespokeModuleFiles(project).moduleXml;
}

/** The bespoke modules' etc/module.xml and etc/db_schema.xml files, one folder listing per module. */
export function listBespokeModuleFiles(project: ProjectModel): { moduleXml: string[]; dbSchema: string[] } {
  const moduleXml = new Set<string>();
  const dbSchema = new Set<string>();
  for (const pattern of project.config.bespokePaths) {
    for (const folder of expandFolderPattern(project.root, pattern)) {
      let names: string[];
      try {
        names = readdirSync(join(project.root, folder, 'etc'));
      } catch {
        continue;
      }
      if (names.includes('module.xml')) moduleXml.add(moduleXmlPath(folder));
      if (names.includes('db_schema.xml')) dbSchema.add(`${folder}/etc/db_schema.xml`);
    }
  }
  return { moduleXml: [...moduleXml].sort(), dbSchema: [...dbSchema].sort() };
}

export function isBespokePath(project: ProjectModel, projectPath: string): boolean {
  if (projectPath.startsWith('vendor/')) return false;
  return project.config.bespokePaths.some((pattern) => isUnderPattern(projectPath, pattern));
}

export function isModuleXmlPath(projectPath: string): boolean {
  return /(^|\/)etc\/module\.xml$/.test(projectPath);
}

/** Existing migration folders (project paths), from phinx.php's globs or the MX defaults. */
export function listMigrationFolders(project: ProjectModel): string[] {
  return [...new Set(project.migrationGlobs.globs.flatMap((glob) => expandFolderPattern(project.root, glob)))].sort();
}
