// E2E tooling (Node side): the deploy scenario's shop instances (`php -S` of a release folder) are
// started detached by the extension host's local driver. After the run they are stopped through their
// pid files; test/helpers/strayProcesses.ts then catches anything still serving the run's folder.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The local driver's detached instances, by their pid files (.magento-zdd/instances/<env>/<colour>-<n>.json):
 * each one's process group gets TERM, then KILL after a bounded wait, when /proc still shows the argv
 * the record holds (a reused pid is left alone). Returns how many were running.
 */
export async function stopRecordedInstances(instancesRoot: string): Promise<number> {
  if (!existsSync(instancesRoot)) return 0;
  const running: number[] = [];
  for (const environment of readdirSync(instancesRoot)) {
    const folder = join(instancesRoot, environment);
    for (const file of existsSync(folder) ? readdirSync(folder).filter((name) => name.endsWith('.json')) : []) {
      try {
        const record = JSON.parse(readFileSync(join(folder, file), 'utf8')) as { pid?: number; argv?: string[] };
        if (typeof record.pid !== 'number' || !Array.isArray(record.argv)) continue;
        const argv = readFileSync(`/proc/${record.pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
        if (argv.join('\0') === record.argv.join('\0')) running.push(record.pid);
      } catch {
        // Not running any more, or an unreadable record: nothing to stop.
      }
    }
  }
  const signalGroup = (pid: number, signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      try {
        process.kill(pid, signal);
      } catch {
        // Already gone.
      }
    }
  };
  for (const pid of running) signalGroup(pid, 'SIGTERM');
  const alive = () => running.filter((pid) => existsSync(`/proc/${pid}`) && !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z '));
  const deadline = Date.now() + 10_000;
  while (alive().length > 0 && Date.now() < deadline) await sleep(100);
  for (const pid of alive()) signalGroup(pid, 'SIGKILL');
  return running.length;
}
