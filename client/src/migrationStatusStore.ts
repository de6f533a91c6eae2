// VS Code glue, pure (no vscode import; timers are injected so unit tests drive them): the selected
// environment's status as the tree, CodeLens, status bar and drift diagnostics show it. It re-reads
// a known status every few seconds (setting), retries a failed read with backoff when retrying can
// help (bounded: then it waits for the user), and drops results a newer read has overtaken.
import type { EnvironmentStatus } from './engine/environmentStatus';
import { noEnvironmentMessage, type EnvironmentChoice } from './environmentChoice';
import { describeStatusProblem, type StatusProblem } from './statusProblem';

type NoEnvironment = Extract<EnvironmentChoice, { name: undefined }>;

export type MigrationStatusState =
  | { kind: 'idle' }
  | { kind: 'no-environment'; root: string; choice: NoEnvironment; message: string }
  | { kind: 'loading'; root: string; environment: string }
  | { kind: 'ready'; root: string; environment: string; status: EnvironmentStatus; readAt: Date }
  | {
      kind: 'failed';
      root: string | undefined;
      environment: string | undefined;
      problem: StatusProblem;
      /** Failed reads in a row. */
      attempt: number;
      /** When the next automatic retry runs; undefined when none will (not retryable, or retries used up). */
      retryAt: Date | undefined;
    };

export interface StatusSource {
  /** The Magento root and the environment to read. Throws ConfigError when magento-zdd.json is invalid. */
  choose(): { root: string; choice: EnvironmentChoice };
  /** `interactive`: the user asked, so a missing password may be asked for (never from a timer). */
  read(environment: string, interactive: boolean): Promise<EnvironmentStatus>;
  /** Seconds between re-reads of a known status; 0 turns them off. */
  refreshSeconds(): number;
}

export interface StatusTimers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const NODE_TIMERS: StatusTimers = {
  set: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    // A pending retry must not keep a test process (or the extension host at shutdown) alive.
    handle.unref?.();
    return handle;
  },
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export const RETRY_BASE_MS = 5_000;
export const RETRY_MAX_MS = 5 * 60_000;
export const MAX_AUTOMATIC_RETRIES = 6;

/** Delay before automatic retry number `failures` (1-based): 5 s, 10 s, 20 s ... at most 5 min; undefined once used up. */
export function retryDelayMs(failures: number): number | undefined {
  if (failures < 1 || failures > MAX_AUTOMATIC_RETRIES) return undefined;
  return Math.min(RETRY_BASE_MS * 2 ** (failures - 1), RETRY_MAX_MS);
}

export interface RefreshOptions {
  /** The user asked (command, selection): a missing password may be asked for. */
  interactive?: boolean;
  /** A timer or a file change asked: the failure count of the backoff is kept. */
  automatic?: boolean;
}

export class MigrationStatusStore {
  private current: MigrationStatusState = { kind: 'idle' };
  private readonly listeners = new Set<(state: MigrationStatusState) => void>();
  private sequence = 0;
  private latest: Promise<MigrationStatusState> | undefined;
  private failures = 0;
  private timer: unknown;
  private soonTimer: unknown;
  private disposed = false;

  constructor(
    private readonly source: StatusSource,
    private readonly timers: StatusTimers = NODE_TIMERS,
    private readonly now: () => Date = () => new Date(),
  ) {}

  get state(): MigrationStatusState {
    return this.current;
  }

  onDidChange(listener: (state: MigrationStatusState) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Reads the status again; resolves with the state of the newest read (a newer call overtakes this one). */
  refresh(options: RefreshOptions = {}): Promise<MigrationStatusState> {
    if (this.disposed) return Promise.resolve(this.current);
    this.latest = this.run(++this.sequence, options);
    return this.latest;
  }

  /** Coalesces bursts (a git checkout touching many migration files) into one automatic read. */
  refreshSoon(delayMs = 500): void {
    if (this.disposed) return;
    if (this.soonTimer !== undefined) this.timers.clear(this.soonTimer);
    this.soonTimer = this.timers.set(() => {
      this.soonTimer = undefined;
      void this.refresh({ automatic: true });
    }, delayMs);
  }

  dispose(): void {
    this.disposed = true;
    this.clearTimers();
    this.listeners.clear();
  }

  private async run(run: number, options: RefreshOptions): Promise<MigrationStatusState> {
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.timer = undefined;
    if (!options.automatic) this.failures = 0;
    let root: string;
    let choice: EnvironmentChoice;
    try {
      ({ root, choice } = this.source.choose());
    } catch (error) {
      return this.fail(undefined, undefined, error);
    }
    if (choice.name === undefined) {
      this.failures = 0;
      return this.set({ kind: 'no-environment', root, choice, message: noEnvironmentMessage(choice) });
    }
    const environment = choice.name;
    // A periodic re-read keeps showing the known status instead of flashing "reading…".
    if (!(this.current.kind === 'ready' && this.current.environment === environment && this.current.root === root)) this.set({ kind: 'loading', root, environment });
    try {
      const status = await this.source.read(environment, options.interactive === true);
      if (this.overtaken(run)) return this.latestState();
      this.failures = 0;
      this.set({ kind: 'ready', root, environment, status, readAt: this.now() });
      const seconds = this.source.refreshSeconds();
      if (seconds > 0) this.schedule(seconds * 1000);
      return this.current;
    } catch (error) {
      if (this.overtaken(run)) return this.latestState();
      return this.fail(root, environment, error);
    }
  }

  private fail(root: string | undefined, environment: string | undefined, error: unknown): MigrationStatusState {
    const problem = describeStatusProblem(error, environment);
    this.failures++;
    const delay = problem.retry ? retryDelayMs(this.failures) : undefined;
    this.set({ kind: 'failed', root, environment, problem, attempt: this.failures, retryAt: delay === undefined ? undefined : new Date(this.now().getTime() + delay) });
    if (delay !== undefined) this.schedule(delay);
    return this.current;
  }

  private overtaken(run: number): boolean {
    return this.disposed || run !== this.sequence;
  }

  private latestState(): Promise<MigrationStatusState> {
    return this.latest ?? Promise.resolve(this.current);
  }

  private schedule(ms: number): void {
    if (this.disposed) return;
    this.timer = this.timers.set(() => {
      this.timer = undefined;
      void this.refresh({ automatic: true });
    }, ms);
  }

  private clearTimers(): void {
    if (this.timer !== undefined) this.timers.clear(this.timer);
    if (this.soonTimer !== undefined) this.timers.clear(this.soonTimer);
    this.timer = undefined;
    this.soonTimer = undefined;
  }

  private set(state: MigrationStatusState): MigrationStatusState {
    this.current = state;
    for (const listener of [...this.listeners]) {
      try {
        listener(state);
      } catch {
        // A broken view must not stop the others from updating.
      }
    }
    return state;
  }
}
