// CLI room: CI systems resolve paths against the repository checkout, which is where the CLI runs.
import { isAbsolute, join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Path of a finding relative to cwd when it lies below it, else a file: URI. */
export function pathForCi(root: string, cwd: string, projectPath: string): { path: string; isUri: boolean } {
  const absolute = join(root, projectPath);
  const fromCwd = relative(cwd, absolute);
  if (fromCwd.startsWith('..') || isAbsolute(fromCwd)) return { path: pathToFileURL(absolute).href, isUri: true };
  return { path: fromCwd.split(sep).join('/'), isUri: false };
}
