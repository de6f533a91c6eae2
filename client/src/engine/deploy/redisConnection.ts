// Engine room (pure Node, no vscode): a minimal Redis client (RESP2 over TCP or a unix socket) for
// the few commands the deploy needs: the live-colour state, the deploy lock and FLUSHDB of a cache DB.
// Written here instead of adding a dependency: one request at a time, replies parsed in order.
import { createConnection, type Socket } from 'node:net';
import { EngineError } from '../engineError';

export type RedisReply = string | number | null | RedisReply[];

export interface RedisEndpoint {
  host?: string;
  port?: number;
  socket?: string;
  /** Never logged or put in a message. */
  password?: string;
}

export class RedisError extends EngineError {}

const DEFAULT_TIMEOUT_MS = 5_000;

export class RedisConnection {
  private buffer = Buffer.alloc(0);
  private waiting: Array<{ resolve: (reply: RedisReply) => void; reject: (error: Error) => void }> = [];
  private closed = false;

  private constructor(
    private readonly socket: Socket,
    private readonly where: string,
    private readonly timeoutMs: number,
  ) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.drain();
    });
    socket.on('error', (error) => this.failAll(new RedisError(`Redis at ${where}: ${error.message}`)));
    socket.on('close', () => {
      this.closed = true;
      this.failAll(new RedisError(`Redis at ${where} closed the connection`));
    });
  }

  static async open(endpoint: RedisEndpoint, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<RedisConnection> {
    const where = describeRedisEndpoint(endpoint);
    const socket = await new Promise<Socket>((resolve, reject) => {
      const socket = endpoint.socket ? createConnection({ path: endpoint.socket }) : createConnection({ host: endpoint.host ?? '127.0.0.1', port: endpoint.port ?? 6379 });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new RedisError(`cannot reach Redis at ${where}: no answer within ${timeoutMs} ms.`));
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve(socket);
      });
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(new RedisError(`cannot reach Redis at ${where}: ${error.message} (is redis-server running there?).`));
      });
    });
    const connection = new RedisConnection(socket, where, timeoutMs);
    if (endpoint.password !== undefined && endpoint.password !== '') {
      try {
        await connection.command('AUTH', endpoint.password);
      } catch {
        connection.close();
        // The server's reply is not passed on: it could echo what was sent.
        throw new RedisError(`Redis at ${where} refused the password.`);
      }
    }
    return connection;
  }

  command(...args: Array<string | number>): Promise<RedisReply> {
    if (this.closed) return Promise.reject(new RedisError(`Redis at ${this.where} is not connected`));
    const parts = args.map((arg) => Buffer.from(String(arg), 'utf8'));
    const head = `*${parts.length}\r\n`;
    const body = parts.flatMap((part) => [Buffer.from(`$${part.length}\r\n`), part, Buffer.from('\r\n')]);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new RedisError(`Redis at ${this.where} did not answer ${args[0]} within ${this.timeoutMs} ms`)), this.timeoutMs);
      this.waiting.push({
        resolve: (reply) => {
          clearTimeout(timer);
          resolve(reply);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.socket.write(Buffer.concat([Buffer.from(head), ...body]));
    });
  }

  close(): void {
    this.closed = true;
    this.socket.end();
    this.socket.destroy();
  }

  private drain(): void {
    for (;;) {
      const parsed = parseReply(this.buffer, 0);
      if (!parsed) return;
      this.buffer = this.buffer.subarray(parsed.end);
      const waiter = this.waiting.shift();
      if (!waiter) continue;
      if (parsed.error !== undefined) waiter.reject(new RedisError(`Redis at ${this.where}: ${parsed.error}`));
      else waiter.resolve(parsed.reply);
    }
  }

  private failAll(error: Error): void {
    for (const waiter of this.waiting.splice(0)) waiter.reject(error);
  }
}

export function describeRedisEndpoint(endpoint: RedisEndpoint): string {
  return endpoint.socket ? `socket ${endpoint.socket}` : `${endpoint.host ?? '127.0.0.1'}:${endpoint.port ?? 6379}`;
}

/** One complete reply starting at `offset`, or undefined when more bytes are needed. */
function parseReply(buffer: Buffer, offset: number): { reply: RedisReply; error?: string; end: number } | undefined {
  const lineEnd = buffer.indexOf('\r\n', offset);
  if (lineEnd < 0) return undefined;
  const type = String.fromCharCode(buffer[offset]);
  const line = buffer.toString('utf8', offset + 1, lineEnd);
  const next = lineEnd + 2;
  switch (type) {
    case '+':
      return { reply: line, end: next };
    case '-':
      return { reply: null, error: line, end: next };
    case ':':
      return { reply: Number(line), end: next };
    case '$': {
      const length = Number(line);
      if (length < 0) return { reply: null, end: next };
      if (buffer.length < next + length + 2) return undefined;
      return { reply: buffer.toString('utf8', next, next + length), end: next + length + 2 };
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return { reply: null, end: next };
      const items: RedisReply[] = [];
      let at = next;
      for (let index = 0; index < count; index += 1) {
        const item = parseReply(buffer, at);
        if (!item) return undefined;
        items.push(item.reply);
        at = item.end;
      }
      return { reply: items, end: at };
    }
    default:
      throw new RedisError(`unexpected Redis reply type "${type}"`);
  }
}
