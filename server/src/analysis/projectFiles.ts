// Analysis room: path helpers for the project model. Patterns are module-folder globs relative to the
// Magento root where `*` matches exactly one folder name (no `**`: module layouts are fixed depth).
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export function toProjectPath(root: string, absolutePath: string): string {
  return relative(root, absolutePath).split(sep).join('/');
}

const matchers = new Map<string, (name: string) => boolean>();

// Cached: the same few patterns are matched against every file of the project.
function segmentMatcher(segment: string): (name: string) => boolean {
  let matcher = matchers.get(segment);
  if (!matcher) {
    if (!segment.includes('*') && !segment.includes('?')) matcher = (name) => name === segment;
    else {
      const pattern = new RegExp(`^${segment.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}$`);
      matcher = (name) => pattern.test(name);
    }
    matchers.set(segment, matcher);
  }
  return matcher;
}

export function splitPattern(pattern: string): string[] {
  return pattern.split('/').filter((segment) => segment !== '' && segment !== '.');
}

const patternMatchers = new Map<string, Array<(name: string) => boolean>>();

function matchersOf(pattern: string): Array<(name: string) => boolean> {
  let compiled = patternMatchers.get(pattern);
  if (!compiled) patternMatchers.set(pattern, (compiled = splitPattern(pattern).map(segmentMatcher)));
  return compiled;
}

/** True when the folder (a project path) is exactly one the pattern matches. */
export function matchesFolderPattern(folder: string, pattern: string): boolean {
  const segments = matchersOf(pattern);
  const parts = folder.split('/');
  return parts.length === segments.length && segments.every((matches, index) => matches(parts[index]));
}

/** True when the project path lies inside a folder the pattern matches. */
export function isUnderPattern(projectPath: string, pattern: string): boolean {
  const segments = matchersOf(pattern);
  const parts = projectPath.split('/');
  if (parts.length <= segments.length) return false;
  return segments.every((matches, index) => matches(parts[index]));
}

/** Folders (project paths) matching a pattern, in sorted order; missing folders are simply absent. */
export function expandFolderPattern(root: string, pattern: string): string[] {
  // Folders found by listing are known to exist; only literal segments need a check at the end.
  let current: Array<{ path: string; known: boolean }> = [{ path: '', known: true }];
  for (const segment of splitPattern(pattern)) {
    const matches = segmentMatcher(segment);
    const next: Array<{ path: string; known: boolean }> = [];
    for (const folder of current) {
      if (!segment.includes('*') && !segment.includes('?')) {
        next.push({ path: folder.path ? `${folder.path}/${segment}` : segment, known: false });
        continue;
      }
      let entries;
      try {
        entries = readdirSync(join(root, folder.path), { withFileTypes: true });
      } catch {
        continue;
      }
      for (const entry of entries) {
        if (entry.name.startsWith('.') || !matches(entry.name)) continue;
        if (entry.isDirectory()) next.push({ path: folder.path ? `${folder.path}/${entry.name}` : entry.name, known: true });
        else if (entry.isSymbolicLink()) next.push({ path: folder.path ? `${folder.path}/${entry.name}` : entry.name, known: false });
      }
    }
    current = next.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }
  return current.filter((folder) => folder.known || isDirectory(join(root, folder.path))).map((folder) => folder.path);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
