// Analysis room: the git baseline the version rules compare against. Two git processes per
// resolution whatever the number of files: one rev-parse, one `cat-file --batch` for all paths.
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
  const files = new Map<string, BaselineFile>();
  if (paths.length === 0) return files;
  const input = paths.map((path) => `${commit}:./${path}\n`).join('');
  const result = await runProcess(['git', 'cat-file', '--batch'], { cwd: root, input, timeoutMs: 120_000 });
  if (result.exitCode !== 0) throw new BaselineUnavailableError(commit, result.stderr.trim() || `git cat-file exited with ${result.exitCode}`);
  const out = result.stdoutBytes;
  let offset = 0;
  for (const path of paths) {
    const headerEnd = out.indexOf(10, offset);
    if (headerEnd < 0) break;
    const header = out.toString('utf8', offset, headerEnd);
    offset = headerEnd + 1;
    const match = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
    if (!match) {
      // "<name> missing" or "<name> ambiguous": no such file at the baseline.
      files.set(path, { kind: 'absent' });
      continue;
    }
    const size = Number(match[2]);
    files.set(path, match[1] === 'blob' ? { kind: 'present', text: out.toString('utf8', offset, offset + size) } : { kind: 'absent' });
    offset += size + 1;
  }
  return files;
}

export async function readBaseline(root: string, ref: string, paths: readonly string[]): Promise<Baseline> {
  const commit = await resolveBaselineCommit(root, ref);
  return { ref, commit, files: await readBaselineFiles(root, commit, paths) };
}
