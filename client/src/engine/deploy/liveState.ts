// Engine room (pure Node, no vscode): which colour serves an environment, on which release and Redis
// cache DB pair, kept in one Redis key so every deploying machine sees the same answer. Written only
// after the last old instance stopped, so a crash mid-rollout leaves the old colour recorded.
import type { CacheDatabasePair } from '../../../../server/src/analysis/config';
import type { Colour } from './deploySettings';
import type { RedisConnection } from './redisConnection';

export interface LiveState {
  colour: Colour;
  release: string;
  cacheDatabases: CacheDatabasePair;
  /** The release that served before this one: what rollback goes back to. */
  previousRelease: string | undefined;
  runId: string;
  at: string;
}

export async function readLiveState(redis: RedisConnection, key: string): Promise<LiveState | undefined> {
  const value = await redis.command('GET', key);
  if (typeof value !== 'string') return undefined;
  try {
    const parsed = JSON.parse(value) as LiveState;
    return parsed.colour === 'blue' || parsed.colour === 'green' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export async function writeLiveState(redis: RedisConnection, key: string, state: LiveState): Promise<void> {
  await redis.command('SET', key, JSON.stringify(state));
}

/** Empties one colour's cache and page-cache DBs; SELECT is per connection, so the state DB is selected back. */
export async function flushCacheDatabases(redis: RedisConnection, databases: CacheDatabasePair, stateDatabase: number): Promise<void> {
  try {
    for (const db of databases) {
      await redis.command('SELECT', db);
      await redis.command('FLUSHDB');
    }
  } finally {
    await redis.command('SELECT', stateDatabase);
  }
}
