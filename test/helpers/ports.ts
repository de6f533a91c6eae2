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

/** The first of `count` consecutive free loopback ports, from a bounded number of random tries. */
export async function freeLoopbackPortRange(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const base = 20_000 + Math.floor(Math.random() * 30_000);
    let free = true;
    for (let offset = 0; offset < count && free; offset += 1) free = await portIsFree(base + offset);
    if (free) return base;
  }
  throw new Error(`no ${count} consecutive free loopback ports found`);
}
