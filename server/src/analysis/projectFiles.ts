// Analysis room: path helpers for the project model. Patterns are module-folder globs relative to the
// Magento root where `*` matches exactly one folder name (no `**`: module layouts are fixed depth).
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export function toProjectPath(root: string, absolutePath: string): string {
  return relative(root, absolutePath).split(sep).join('/');
}

function segmentMatcher(segment: string): (name: string) => boolean {
  if (!segment.includes('*') && !segment.includes('?')) return (name) => name === segment;
  const pattern = new RegExp(`^${segment.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}$`);
  return (name) => pattern.test(name);
}

export function splitPattern(pattern: string): string[] {
  return pattern.split('/').filter((segment) => segment !== '' && segment !== '.');
}

/** True when the folder (a project path) is exactly one the pattern matches. */
export function matchesFolderPattern(folder: string, pattern: string): boolean {
  const segments = splitPattern(pattern);
  const parts = folder.split('/');
  return parts.length === segments.length && segments.every((segment, index) => segmentMatcher(segment)(parts[index]));
}

/** True when the project path lies inside a folder the pattern matches. */
export function isUnderPattern(projectPath: string, pattern: string): boolean {
  const segments = splitPattern(pattern);
  const parts = projectPath.split('/');
  if (parts.length <= segments.length) return false;
  return segments.every((segment, index) => segmentMatcher(segment)(parts[index]));
}

/** Folders (project paths) matching a pattern, in sorted order; missing folders are simply absent. */
export function expandFolderPattern(root: string, pattern: string): string[] {
  let current = [''];
  for (const segment of splitPattern(pattern)) {
    const matches = segmentMatcher(segment);
    const next: string[] = [];
    for (const folder of current) {
      if (!segment.includes('*') && !segment.includes('?')) {
        next.push(folder ? `${folder}/${segment}` : segment);
        continue;
      }
      let entries;
      try {
        entries = readdirSync(join(root, folder), { withFileTypes: true });
      } catch {
        continue;
      }
      for (const entry of entries) {
        if ((entry.isDirectory() || entry.isSymbolicLink()) && !entry.name.startsWith('.') && matches(entry.name)) {
          next.push(folder ? `${folder}/${entry.name}` : entry.name);
        }
      }
    }
    current = next.sort();
  }
  return current.filter((folder) => isDirectory(join(root, folder)));
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
