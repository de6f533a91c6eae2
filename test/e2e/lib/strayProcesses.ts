// E2E tooling (Node side): the deploy scenario's shop instances (`php -S` of a release folder) are
// started by the extension host, and a driver may detach them from it. After the run they are found by
// their release folder in /proc/<pid>/cmdline (only processes serving this run's temp folder) and
// stopped by pid: TERM, then KILL after a bounded wait.
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function pidsServing(folder: string): number[] {
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
