// Bench room: describes the machine next to the numbers, since they mean nothing without it.
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg, totalmem } from 'node:os';

export function describeMachine(): string {
  let model = 'unknown CPU';
  try {
    model = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? model;
  } catch {
    // Not Linux: the model stays unknown rather than failing the bench.
  }
  return `machine: ${availableParallelism()} CPUs (nproc), ${model}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, node ${process.version}, ${process.platform}-${process.arch}, load average ${loadavg().map((load) => load.toFixed(2)).join(' ')} (other work on the machine skews the timings)`;
}
