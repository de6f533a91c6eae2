// Analysis room: the project's Phinx migration files across every module folder, in the order Phinx
// runs them (by version: all modules together, as one list).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { classNameFromFileName, parseMigrationFileName, type PhinxSemantics } from '../phinx/naming';
import { listMigrationFolders, type ProjectModel } from '../project';
import { matchesFolderPattern } from '../projectFiles';

export interface MigrationFile {
  /** Project path. */
  path: string;
  fileName: string;
  /** The timestamp; undefined when Phinx would not load the file (migration-file-name says why). */
  version: string | undefined;
  /** The class Phinx expects, from the file name. */
  className: string | undefined;
}

export function describeMigrationFile(path: string, semantics: PhinxSemantics): MigrationFile {
  const fileName = path.slice(path.lastIndexOf('/') + 1);
  const parsed = parseMigrationFileName(fileName, semantics);
  return { path, fileName, version: parsed?.version, className: parsed ? classNameFromFileName(fileName, semantics) : undefined };
}

export function listMigrationFiles(project: ProjectModel, semantics: PhinxSemantics): MigrationFile[] {
  const files: MigrationFile[] = [];
  for (const folder of listMigrationFolders(project)) {
    let names: string[];
    try {
      names = readdirSync(join(project.root, folder)).filter((name) => name.toLowerCase().endsWith('.php'));
    } catch {
      continue;
    }
    for (const name of names) files.push(describeMigrationFile(`${folder}/${name}`, semantics));
  }
  return sortByRunOrder(files);
}

/** Versions compare as numbers (timestamps of different lengths exist); files Phinx ignores go last. */
export function sortByRunOrder(files: MigrationFile[]): MigrationFile[] {
  return files.sort((a, b) => {
    if (a.version === undefined || b.version === undefined) return a.version === b.version ? a.path.localeCompare(b.path) : a.version === undefined ? 1 : -1;
    return a.version.length - b.version.length || a.version.localeCompare(b.version) || a.path.localeCompare(b.path);
  });
}

/** True when the file sits directly in a folder one of the migration globs matches. */
export function isMigrationPath(project: ProjectModel, path: string): boolean {
  if (!path.toLowerCase().endsWith('.php')) return false;
  const folder = path.slice(0, Math.max(0, path.lastIndexOf('/')));
  return project.migrationGlobs.globs.some((glob) => matchesFolderPattern(folder, glob));
}

/** Other files sharing this file's version or class name (Phinx fails on both, across all folders). */
export function duplicatesOf(file: MigrationFile, all: readonly MigrationFile[]): { sameVersion: string[]; sameClassName: string[] } {
  const others = all.filter((other) => other.path !== file.path);
  return {
    sameVersion: file.version === undefined ? [] : others.filter((other) => other.version === file.version).map((other) => other.path),
    sameClassName: file.className === undefined ? [] : others.filter((other) => other.className === file.className).map((other) => other.path),
  };
}
