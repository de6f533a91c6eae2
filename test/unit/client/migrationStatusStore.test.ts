// The status store behind the Migrations view, CodeLens, status bar and drift diagnostics: what it
// shows for each outcome of a read, how it retries (backoff, bounded, only when retrying can help),
// and that a slow read never overwrites a newer one. Timers are fake; nothing waits for real time.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../../../server/src/analysis/config';
import { DatabaseError } from '../../../client/src/engine/databaseStatus';
import type { EnvironmentStatus } from '../../../client/src/engine/environmentStatus';
import { EnvironmentError } from '../../../client/src/engine/environments';
import type { EnvironmentChoice } from '../../../client/src/environmentChoice';
import { MAX_AUTOMATIC_RETRIES, MigrationStatusStore, retryDelayMs, type MigrationStatusState, type StatusSource, type StatusTimers } from '../../../client/src/migrationStatusStore';
import { COMMANDS } from '../../../client/src/commandIds';
import { environmentStatus, mixedReport, ROOT } from '../../helpers/migrationStatusFixtures';

class FakeTimers implements StatusTimers {
  private next = 1;
  readonly pending = new Map<number, { callback: () => void; ms: number }>();

  set(callback: () => void, ms: number): unknown {
    const handle = this.next++;
    this.pending.set(handle, { callback, ms });
    return handle;
  }

  clear(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  delays(): number[] {
    return [...this.pending.values()].map((timer) => timer.ms);
  }

  /** Runs every due timer once (as if its time had come). */
  fire(): void {
    const due = [...this.pending.entries()];
    this.pending.clear();
    for (const [, timer] of due) timer.callback();
  }
}

type Read = (environment: string, interactive: boolean) => Promise<EnvironmentStatus>;

function source(read: Read, choice: EnvironmentChoice = { name: 'staging', source: 'picked' }, refreshSeconds = 60): StatusSource & { reads: Array<[string, boolean]> } {
  const reads: Array<[string, boolean]> = [];
  return {
    reads,
    choose: () => ({ root: ROOT, choice }),
    read: (environment, interactive) => {
      reads.push([environment, interactive]);
      return read(environment, interactive);
    },
    refreshSeconds: () => refreshSeconds,
  };
}

const unreachable = () => new DatabaseError('unreachable', 'staging', 'cannot reach the database of "staging" at db:3306: the connection was refused.', 'ECONNREFUSED');

async function settle(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
}

describe('migration status store', () => {
  it('shows "loading" and then the status read, and re-reads it after statusRefreshSeconds', async () => {
    const timers = new FakeTimers();
    const store = new MigrationStatusStore(source(async () => environmentStatus(mixedReport())), timers);
    const seen: string[] = [];
    store.onDidChange((state) => seen.push(state.kind));
    const state = await store.refresh();
    assert.deepEqual(seen, ['loading', 'ready']);
    assert.equal(state.kind, 'ready');
    assert.deepEqual(timers.delays(), [60_000]);
  });

  it('keeps showing the known status during a periodic re-read instead of flashing "loading"', async () => {
    const timers = new FakeTimers();
    const store = new MigrationStatusStore(source(async () => environmentStatus(mixedReport())), timers);
    await store.refresh();
    const seen: string[] = [];
    store.onDidChange((state) => seen.push(state.kind));
    timers.fire();
    await settle();
    assert.deepEqual(seen, ['ready']);
  });

  it('does not re-read periodically when statusRefreshSeconds is 0', async () => {
    const timers = new FakeTimers();
    const store = new MigrationStatusStore(source(async () => environmentStatus(mixedReport()), undefined, 0), timers);
    await store.refresh();
    assert.deepEqual(timers.delays(), []);
  });

  it('asks for a password only when the user started the read', async () => {
    const fake = source(async () => environmentStatus(mixedReport()));
    const store = new MigrationStatusStore(fake, new FakeTimers());
    await store.refresh({ automatic: true });
    await store.refresh({ interactive: true });
    assert.deepEqual(fake.reads, [
      ['staging', false],
      ['staging', true],
    ]);
  });

  it('retries an unreachable database with doubling delays, then gives up and says so', async () => {
    const timers = new FakeTimers();
    const fake = source(async () => {
      throw unreachable();
    });
    const store = new MigrationStatusStore(fake, timers, () => new Date('2024-06-01T10:00:00Z'));
    let state = await store.refresh();
    const delays: number[] = [];
    for (let attempt = 1; attempt <= MAX_AUTOMATIC_RETRIES; attempt++) {
      assert.equal(state.kind, 'failed');
      assert.equal((state as Extract<MigrationStatusState, { kind: 'failed' }>).attempt, attempt);
      delays.push(...timers.delays());
      timers.fire();
      await settle();
      state = store.state;
    }
    assert.deepEqual(delays, [5_000, 10_000, 20_000, 40_000, 80_000, 160_000]);
    const last = state as Extract<MigrationStatusState, { kind: 'failed' }>;
    assert.equal(last.attempt, MAX_AUTOMATIC_RETRIES + 1);
    assert.equal(last.retryAt, undefined);
    assert.deepEqual(timers.delays(), [], 'no more automatic retries');
    assert.match(last.problem.title, /Cannot reach the database of "staging"/);
    assert.equal(fake.reads.length, MAX_AUTOMATIC_RETRIES + 1);
  });

  it('starts the backoff again when the user refreshes', async () => {
    const timers = new FakeTimers();
    const store = new MigrationStatusStore(source(async () => {
      throw unreachable();
    }), timers);
    await store.refresh();
    timers.fire();
    await settle();
    assert.deepEqual(timers.delays(), [10_000]);
    await store.refresh({ interactive: true });
    assert.deepEqual(timers.delays(), [5_000]);
  });

  it('does not retry a wrong password on a timer: it offers Set Database Password for the environment', async () => {
    const timers = new FakeTimers();
    const store = new MigrationStatusStore(source(async () => {
      throw new DatabaseError('access-denied', 'staging', 'access denied for user "magento" to the database of "staging" at db:3306: the password from the secret storage is wrong.', 'ER_ACCESS_DENIED_ERROR');
    }), timers);
    const state = await store.refresh();
    assert.equal(state.kind, 'failed');
    const failed = state as Extract<MigrationStatusState, { kind: 'failed' }>;
    assert.equal(failed.problem.retry, false);
    assert.equal(failed.retryAt, undefined);
    assert.deepEqual(failed.problem.action, { command: COMMANDS.setDatabasePassword, title: 'Set Database Password', arguments: ['staging'] });
    assert.deepEqual(timers.delays(), []);
  });

  it('a missing password is a problem with the fix, not a retry loop', async () => {
    const store = new MigrationStatusStore(source(async () => {
      throw new EnvironmentError('no-password', 'staging', 'no database password for environment "staging": ...');
    }), new FakeTimers());
    const state = (await store.refresh()) as Extract<MigrationStatusState, { kind: 'failed' }>;
    assert.equal(state.problem.title, 'No database password for "staging"');
    assert.equal(state.problem.action?.command, COMMANDS.setDatabasePassword);
  });

  it('an invalid magento-zdd.json is shown with a link to open it', async () => {
    const store = new MigrationStatusStore(
      {
        choose: () => {
          throw new ConfigError('/srv/shop/magento-zdd.json', ['environments.staging.production must be boolean']);
        },
        read: async () => environmentStatus(mixedReport()),
        refreshSeconds: () => 60,
      },
      new FakeTimers(),
    );
    const state = (await store.refresh()) as Extract<MigrationStatusState, { kind: 'failed' }>;
    assert.equal(state.kind, 'failed');
    assert.equal(state.problem.action?.command, COMMANDS.openConfig);
    assert.match(state.problem.message, /production must be boolean/);
  });

  it('without a selected environment it says why and reads nothing', async () => {
    const fake = source(async () => environmentStatus(mixedReport()), { name: undefined, reason: 'not-picked', configured: ['local', 'staging'] });
    const store = new MigrationStatusStore(fake, new FakeTimers());
    const state = await store.refresh();
    assert.equal(state.kind, 'no-environment');
    assert.match((state as Extract<MigrationStatusState, { kind: 'no-environment' }>).message, /pick one of "local", "staging"/);
    assert.deepEqual(fake.reads, []);
  });

  it('drops a slow read that a newer one overtook, and both callers get the newest state', async () => {
    let environment = 'staging';
    const releases: Array<() => void> = [];
    const store = new MigrationStatusStore(
      {
        choose: () => ({ root: ROOT, choice: { name: environment, source: 'picked' } }),
        read: (name) => new Promise((resolve) => releases.push(() => resolve(environmentStatus(mixedReport(name), name)))),
        refreshSeconds: () => 0,
      },
      new FakeTimers(),
    );
    const first = store.refresh();
    environment = 'production';
    const second = store.refresh();
    releases[1]();
    releases[0]();
    const [a, b] = await Promise.all([first, second]);
    for (const state of [a, b, store.state]) assert.equal(state.kind === 'ready' && state.environment, 'production');
  });

  it('coalesces a burst of file changes into one automatic read', async () => {
    const timers = new FakeTimers();
    const fake = source(async () => environmentStatus(mixedReport()), undefined, 0);
    const store = new MigrationStatusStore(fake, timers);
    store.refreshSoon();
    store.refreshSoon();
    store.refreshSoon();
    assert.equal(timers.pending.size, 1);
    timers.fire();
    await settle();
    assert.deepEqual(fake.reads, [['staging', false]]);
  });

  it('stops every timer when disposed', async () => {
    const timers = new FakeTimers();
    const store = new MigrationStatusStore(source(async () => environmentStatus(mixedReport())), timers);
    await store.refresh();
    store.refreshSoon();
    store.dispose();
    assert.deepEqual(timers.delays(), []);
  });

  it('retry delays: 5 s doubling, at most 5 min, none past the bound', () => {
    assert.deepEqual([1, 2, 3, 4, 5, 6, 7].map(retryDelayMs), [5_000, 10_000, 20_000, 40_000, 80_000, 160_000, undefined]);
    assert.equal(retryDelayMs(0), undefined);
  });
});
