// Analysis room: the project's Phinx migration files across every module folder, in the order Phinx
// runs them (by version: all modules together, as one list).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseMigrationFileName, type PhinxSemantics } from '../phinx/naming';
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
  return { path, fileName, version: parsed?.version, className: parsed?.className };
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
    // Versions are digits: for equal lengths, code-unit order is number order (and far cheaper than localeCompare on 10,000 files).
    return a.version.length - b.version.length || (a.version < b.version ? -1 : a.version > b.version ? 1 : a.path.localeCompare(b.path));
  });
}

/** True when the file sits directly in a folder one of the migration globs matches. */
export function isMigrationPath(project: ProjectModel, path: string): boolean {
  if (!path.toLowerCase().endsWith('.php')) return false;
  const folder = path.slice(0, Math.max(0, path.lastIndexOf('/')));
  return project.migrationGlobs.globs.some((glob) => matchesFolderPattern(folder, glob));
}

/**
 * The project's migrations in run order, indexed for the questions a whole-project check asks once per
 * file (where does this file run, which others share its version or class name): with thousands of
 * migrations, scanning the list for each of them made the check quadratic. Immutable: a change to
 * the list makes a new MigrationList, so nothing derived from `files` goes stale.
 */
export class MigrationList {
  readonly files: readonly MigrationFile[];
  private readonly positions = new Map<string, number>();
  private readonly pathsByVersion = new Map<string, string[]>();
  private readonly pathsByClassName = new Map<string, string[]>();

  /** `files` must already be in run order (sortByRunOrder). */
  constructor(files: readonly MigrationFile[]) {
    this.files = Object.freeze([...files]);
    for (const [position, file] of this.files.entries()) {
      if (!this.positions.has(file.path)) this.positions.set(file.path, position);
      if (file.version !== undefined) appendTo(this.pathsByVersion, file.version, file.path);
      if (file.className !== undefined) appendTo(this.pathsByClassName, file.className, file.path);
    }
  }

  get(path: string): MigrationFile | undefined {
    const position = this.positions.get(path);
    return position === undefined ? undefined : this.files[position];
  }

  /** The file's index in run order; -1 when it is not in the list. */
  positionOf(path: string): number {
    return this.positions.get(path) ?? -1;
  }

  /** Other files sharing this file's version or class name (Phinx fails on both, across all folders). */
  duplicatesOf(file: MigrationFile): { sameVersion: string[]; sameClassName: string[] } {
    const others = (paths: string[] | undefined) => (paths ?? []).filter((path) => path !== file.path);
    return {
      sameVersion: file.version === undefined ? [] : others(this.pathsByVersion.get(file.version)),
      sameClassName: file.className === undefined ? [] : others(this.pathsByClassName.get(file.className)),
    };
  }

  with(file: MigrationFile): MigrationList {
    return new MigrationList(sortByRunOrder([...this.files, file]));
  }

  without(path: string): MigrationList {
    const position = this.positionOf(path);
    return position < 0 ? this : new MigrationList(this.files.filter((_, index) => index !== position));
  }
}

function appendTo(map: Map<string, string[]>, key: string, path: string): void {
  const paths = map.get(key);
  if (paths) paths.push(path);
  else map.set(key, [path]);
}
