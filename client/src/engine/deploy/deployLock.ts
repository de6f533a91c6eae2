// Engine room (pure Node, no vscode): one deploy per environment at a time. A Redis key set with
// SET NX PX holding the owner (user@host, pid and its start time), the run id and when it was taken.
// The expiry is a lease the holder renews while it runs, so the lock of a deploy that died on another
// machine frees itself within one lease; release deletes it only while it still holds our value, so a
// late release cannot free someone else's lock. A holder on this machine whose process is gone is
// provably stale: that lock may be broken on request (--break-lock), or taken over by the run that
// resumes or rolls back the very run that held it.
import { hostname, userInfo } from 'node:os';
import { processIsAlive, processStartTicks } from '../../../../server/src/analysis/processes';
import { DeployError } from './deployError';
import type { RedisConnection } from './redisConnection';

export interface LockHolder {
  owner: string;
  runId: string;
  /** Epoch milliseconds the lock was taken. */
  since: number;
  host?: string;
  pid?: number;
  startTicks?: number;
}

export interface AcquireOptions {
  now?: number;
  /** Delete a provably stale lock (its holder ran on this machine and its process is gone) first. */
  breakStale?: boolean;
  /** A stale lock held by this run id is taken over without breakStale (resume / roll back of that run). */
  takeOverRunId?: string;
  /** Told when a stale lock was broken or taken over. */
  onNote?: (text: string) => void;
}

const RELEASE_IF_OURS = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";
const RENEW_IF_OURS = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end";

export function lockOwner(): string {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry (some containers): the host and pid still identify us.
  }
  return `${user}@${hostname()} pid ${process.pid}`;
}

/** Why a held lock is stale, or undefined when its holder may still be running. */
export function staleReason(holder: LockHolder): string | undefined {
  if (holder.host !== hostname() || holder.pid === undefined) return undefined;
  if (!processIsAlive(holder.pid)) return `pid ${holder.pid} on this machine (${holder.host}) is no longer running`;
  if (holder.startTicks !== undefined && processStartTicks(holder.pid) !== holder.startTicks) return `pid ${holder.pid} on this machine now belongs to another process`;
  return undefined;
}

export class DeployLock {
  private renewal: NodeJS.Timeout | undefined;
  /** Set when a renewal found the key gone or taken: the deploy no longer holds the lock. */
  lost = false;

  private constructor(
    private readonly redis: RedisConnection,
    readonly key: string,
    private readonly value: string,
    readonly ttlMs: number,
  ) {}

  static async acquire(redis: RedisConnection, key: string, runId: string, ttlMs: number, options: AcquireOptions | number = {}): Promise<DeployLock> {
    const { now = Date.now(), breakStale = false, takeOverRunId, onNote } = typeof options === 'number' ? { now: options } : options;
    const holder: LockHolder = { owner: lockOwner(), runId, since: now, host: hostname(), pid: process.pid, startTicks: processStartTicks(process.pid) };
    const value = JSON.stringify(holder);
    if ((await redis.command('SET', key, value, 'NX', 'PX', ttlMs)) === 'OK') return new DeployLock(redis, key, value, ttlMs);
    const current = await redis.command('GET', key);
    const ttl = await redis.command('PTTL', key);
    const other = parseHolder(current);
    const stale = other ? staleReason(other) : undefined;
    if (other && stale && typeof current === 'string' && (breakStale || (takeOverRunId !== undefined && other.runId === takeOverRunId))) {
      // Compare-and-delete: if the holder changed meanwhile, SET NX below fails and we report that one.
      await redis.command('EVAL', RELEASE_IF_OURS, 1, key, current);
      if ((await redis.command('SET', key, value, 'NX', 'PX', ttlMs)) === 'OK') {
        onNote?.(`${breakStale ? 'broke' : 'took over'} the stale lock of ${other.owner} (run ${other.runId}, taken ${ageSeconds(now, other.since)} s ago): ${stale}.`);
        return new DeployLock(redis, key, value, ttlMs);
      }
      return DeployLock.acquire(redis, key, runId, ttlMs, { now, onNote });
    }
    const who = other ? `${other.owner} (run ${other.runId}), taken ${ageSeconds(now, other.since)} s ago` : 'an unknown owner';
    const expires = typeof ttl === 'number' && ttl > 0 ? `; its lease expires in ${Math.ceil(ttl / 1000)} s unless its owner renews it` : '';
    const advice = stale
      ? `The lock is stale: ${stale}. Run again with --break-lock to take it (safe: its owner is gone).`
      : other?.host && other.host !== hostname()
        ? `Its owner runs on ${other.host}, which cannot be checked from here: wait for that deploy to finish; if that machine died, the lock frees itself when the lease runs out.`
        : `Wait for that deploy to finish.${breakStale ? ' (--break-lock only takes a lock whose owner is provably gone.)' : ''}`;
    throw new DeployError('locked', `another deploy holds the lock ${key}: ${who}${expires}. ${advice}`);
  }

  /** Renews the lease every third of it, on the connection it was acquired on: nothing else may SELECT there. */
  keepAlive(): void {
    const connection = this.redis;
    const every = Math.max(250, Math.floor(this.ttlMs / 3));
    this.renewal = setInterval(() => {
      connection.command('EVAL', RENEW_IF_OURS, 1, this.key, this.value, this.ttlMs).then(
        (reply) => {
          if (reply !== 1) this.lost = true;
        },
        () => undefined,
      );
    }, every);
    this.renewal.unref();
  }

  async release(): Promise<void> {
    if (this.renewal) clearInterval(this.renewal);
    await this.redis.command('EVAL', RELEASE_IF_OURS, 1, this.key, this.value);
  }
}

function ageSeconds(now: number, since: number): number {
  return Math.max(0, Math.round((now - since) / 1000));
}

export function parseHolder(value: unknown): LockHolder | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const parsed = JSON.parse(value) as Partial<LockHolder>;
    if (typeof parsed.owner !== 'string' || typeof parsed.since !== 'number') return undefined;
    return {
      owner: parsed.owner,
      runId: String(parsed.runId ?? '?'),
      since: parsed.since,
      ...(typeof parsed.host === 'string' ? { host: parsed.host } : {}),
      ...(typeof parsed.pid === 'number' ? { pid: parsed.pid } : {}),
      ...(typeof parsed.startTicks === 'number' ? { startTicks: parsed.startTicks } : {}),
    };
  } catch {
    return undefined;
  }
}
