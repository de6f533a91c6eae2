// Test helper for the loopback stand-ins (CI server, Kubernetes API, Docker engine): a request's body.
import type { IncomingMessage } from 'node:http';

/** Calls `handle` with the request's whole body as UTF-8 text once it has arrived. */
export function whenBodyRead(request: IncomingMessage, handle: (body: string) => void): void {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => handle(Buffer.concat(chunks).toString('utf8')));
}
