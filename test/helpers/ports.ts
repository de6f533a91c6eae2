// Test helper: free loopback ports for the services the tests start (MariaDB, nginx, the local
// driver's instances, code-server's CDP port). One place, so every service asks the same way.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** A port the kernel hands out as free on 127.0.0.1 right now. */
export async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Where the kernel starts picking the local ports of outgoing connections (Linux; 32768 elsewhere). */
function ephemeralPortStart(): number {
  try {
    const start = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(start) && start > 21_000 ? start : 32_768;
  } catch {
    return 32_768;
  }
}

/**
 * The first of `count` consecutive free loopback ports, from a bounded number of random tries. Below
 * the ephemeral range: a port that is only used later (the green instances of a second deploy) must not
 * be taken meanwhile as the local end of some outgoing loopback connection (a browser's websocket, say).
 */
export async function freeLoopbackPortRange(count: number): Promise<number> {
  const span = ephemeralPortStart() - 20_000 - count;
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const base = 20_000 + Math.floor(Math.random() * span);
    let free = true;
    for (let offset = 0; offset < count && free; offset += 1) free = await portIsFree(base + offset);
    if (free) return base;
  }
  throw new Error(`no ${count} consecutive free loopback ports found`);
}
