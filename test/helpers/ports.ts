// Test helper: free loopback ports for the services the tests start (MariaDB, nginx, the local
// driver's instances, code-server's CDP port). One place, so every service asks the same way.
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

// Below Linux's ephemeral range (32768-60999 by default): a port there can be taken at any moment as
// the source port of an outgoing connection (the load generator opens thousands), and an instance
// started later on it would fail to bind.
const RANGE_FLOOR = 20_000;
const RANGE_CEILING = 32_768;

/** The first of `count` consecutive free loopback ports, from a bounded number of random tries. */
export async function freeLoopbackPortRange(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const base = RANGE_FLOOR + Math.floor(Math.random() * (RANGE_CEILING - RANGE_FLOOR - count));
    let free = true;
    for (let offset = 0; offset < count && free; offset += 1) free = await portIsFree(base + offset);
    if (free) return base;
  }
  throw new Error(`no ${count} consecutive free loopback ports found`);
}
