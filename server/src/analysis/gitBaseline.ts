// Analysis room: the git baseline the version rules compare against. One git process per
// resolution whatever the number of files: `cat-file --batch` resolves the ref and reads every path.
import { runProcess, ProcessStartError } from './processes';

export type BaselineFile = { kind: 'present'; text: string } | { kind: 'absent' };

export interface Baseline {
  ref: string;
  commit: string;
  /** Keyed by path relative to the project root (forward slashes); only the paths asked for. */
  files: Map<string, BaselineFile>;
}

export class BaselineUnavailableError extends Error {
  constructor(readonly ref: string, readonly reason: string) {
    super(`baseline ${JSON.stringify(ref)} is unavailable: ${reason}`);
  }
}

export async function resolveBaselineCommit(root: string, ref: string): Promise<string> {
  let result;
  try {
    result = await runProcess(['git', 'rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], { cwd: root, timeoutMs: 30_000 });
  } catch (error) {
    if (error instanceof ProcessStartError) throw new BaselineUnavailableError(ref, 'git is not installed or not on PATH');
    throw error;
  }
  if (result.exitCode === 0) return result.stdout.trim();
  if (/not a git repository/i.test(result.stderr)) throw new BaselineUnavailableError(ref, `${root} is not inside a git repository`);
  if (result.exitCode === 1) throw new BaselineUnavailableError(ref, `git has no commit named ${JSON.stringify(ref)} (set "baseline" in magento-zdd.json or pass --baseline)`);
  throw new BaselineUnavailableError(ref, result.stderr.trim() || `git rev-parse exited with ${result.exitCode}`);
}

export async function readBaselineFiles(root: string, commit: string, paths: readonly string[]): Promise<Map<string, BaselineFile>> {
  if (paths.length === 0) return new Map();
  const result = await catFileBatch(root, commit, paths.map((path) => `${commit}:./${path}`));
  return filesFrom(paths, result.entries);
}

/** Resolves the ref and reads the paths in ONE git process: the first batch line asks for the commit itself. */
export async function readBaseline(root: string, ref: string, paths: readonly string[]): Promise<Baseline> {
  const result = await catFileBatch(root, ref, [`${ref}^{commit}`, ...paths.map((path) => `${ref}:./${path}`)]);
  const [commitEntry, ...fileEntries] = result.entries;
  if (!commitEntry || commitEntry.type !== 'commit') {
    throw new BaselineUnavailableError(ref, `git has no commit named ${JSON.stringify(ref)} (set "baseline" in magento-zdd.json or pass --baseline)`);
  }
  return { ref, commit: commitEntry.objectName, files: filesFrom(paths, fileEntries) };
}

interface BatchEntry {
  objectName: string;
  /** blob, commit, tree...; undefined when git answered "missing" or "ambiguous". */
  type: string | undefined;
  content: string;
}

async function catFileBatch(root: string, ref: string, queries: string[]): Promise<{ entries: BatchEntry[] }> {
  let result;
  try {
    result = await runProcess(['git', 'cat-file', '--batch'], { cwd: root, input: queries.map((query) => `${query}\n`).join(''), timeoutMs: 120_000 });
  } catch (error) {
    if (error instanceof ProcessStartError) throw new BaselineUnavailableError(ref, 'git is not installed or not on PATH');
    throw error;
  }
  if (result.exitCode !== 0) {
    if (/not a git repository/i.test(result.stderr)) throw new BaselineUnavailableError(ref, `${root} is not inside a git repository`);
    throw new BaselineUnavailableError(ref, result.stderr.trim() || `git cat-file exited with ${result.exitCode}`);
  }
  const out = result.stdoutBytes;
  const entries: BatchEntry[] = [];
  let offset = 0;
  for (let index = 0; index < queries.length; index++) {
    const headerEnd = out.indexOf(10, offset);
    if (headerEnd < 0) break;
    const header = out.toString('utf8', offset, headerEnd);
    offset = headerEnd + 1;
    const match = /^([0-9a-f]+) (\w+) (\d+)$/.exec(header);
    if (!match) {
      // "<query> missing" or "<query> ambiguous".
      entries.push({ objectName: '', type: undefined, content: '' });
      continue;
    }
    const size = Number(match[3]);
    entries.push({ objectName: match[1], type: match[2], content: match[2] === 'blob' ? out.toString('utf8', offset, offset + size) : '' });
    offset += size + 1;
  }
  return { entries };
}

function filesFrom(paths: readonly string[], entries: BatchEntry[]): Map<string, BaselineFile> {
  const files = new Map<string, BaselineFile>();
  paths.forEach((path, index) => {
    const entry = entries[index];
    files.set(path, entry?.type === 'blob' ? { kind: 'present', text: entry.content } : { kind: 'absent' });
  });
  return files;
}
