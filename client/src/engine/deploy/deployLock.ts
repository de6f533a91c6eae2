// Engine room (pure Node, no vscode): one deploy per environment at a time. A Redis key set with
// SET NX PX (owner, run id, time); the expiry frees it if the deploying machine dies, and release
// deletes it only while it still holds our run id, so a late release cannot free someone else's lock.
import { hostname, userInfo } from 'node:os';
import { DeployError } from './deployError';
import type { RedisConnection } from './redisConnection';

export interface LockHolder {
  owner: string;
  runId: string;
  /** Epoch milliseconds the lock was taken. */
  since: number;
}

const RELEASE_IF_OURS = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

export function lockOwner(): string {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry (some containers): the host and pid still identify us.
  }
  return `${user}@${hostname()} pid ${process.pid}`;
}

export class DeployLock {
  private constructor(
    private readonly redis: RedisConnection,
    readonly key: string,
    private readonly value: string,
  ) {}

  static async acquire(redis: RedisConnection, key: string, runId: string, ttlMs: number, now = Date.now()): Promise<DeployLock> {
    const holder: LockHolder = { owner: lockOwner(), runId, since: now };
    const value = JSON.stringify(holder);
    const reply = await redis.command('SET', key, value, 'NX', 'PX', ttlMs);
    if (reply === 'OK') return new DeployLock(redis, key, value);
    const current = await redis.command('GET', key);
    const ttl = await redis.command('PTTL', key);
    const other = parseHolder(current);
    const age = other ? Math.round((now - other.since) / 1000) : undefined;
    const who = other ? `${other.owner} (run ${other.runId}), taken ${age} s ago` : 'an unknown owner';
    const expires = typeof ttl === 'number' && ttl > 0 ? `; it expires in ${Math.round(ttl / 1000)} s` : '';
    throw new DeployError('locked', `another deploy holds the lock ${key}: ${who}${expires}. Wait for it to finish; if that process is gone, the lock is stale: delete the key in Redis (DEL ${key}) or let it expire.`);
  }

  async release(): Promise<void> {
    await this.redis.command('EVAL', RELEASE_IF_OURS, 1, this.key, this.value);
  }
}

function parseHolder(value: unknown): LockHolder | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const parsed = JSON.parse(value) as Partial<LockHolder>;
    return typeof parsed.owner === 'string' && typeof parsed.since === 'number' ? { owner: parsed.owner, runId: String(parsed.runId ?? '?'), since: parsed.since } : undefined;
  } catch {
    return undefined;
  }
}
