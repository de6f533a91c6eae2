// Test helper: processes that serve a test's temporary folder (the demo shop's `php -S` instances),
// found by the folder in /proc/<pid>/cmdline. The safety net after a test: the local driver stops its
// instances through their pid files, and anything still serving the folder here was leaked.
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function pidsServing(folder: string): number[] {
  if (!existsSync('/proc')) return [];
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const argv = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
      if (argv.some((argument) => argument.startsWith(folder))) pids.push(Number(name));
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return pids;
}

/** SIGKILL for every process serving `folder` (synchronous, for cleanups); returns how many there were. */
export function killProcessesServing(folder: string): number {
  const pids = pidsServing(folder);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  return pids.length;
}

/** Stops every process whose argv names a path inside `folder`; returns how many there were. */
export async function stopProcessesServing(folder: string): Promise<number> {
  const pids = pidsServing(folder);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  }
  const deadline = Date.now() + 10_000;
  while (pidsServing(folder).length > 0 && Date.now() < deadline) await sleep(100);
  for (const pid of pidsServing(folder)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  return pids.length;
}
