// E2E tooling, shared by the runner (Node) and the suite (VS Code extension host): every wait is a poll
// with a deadline, so a broken step fails with what it was waiting for instead of hanging or sleeping.
import { setTimeout as delay } from 'node:timers/promises';

export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
}

/**
 * Calls `probe` until it returns something other than undefined/false and returns that value.
 * `describe` is called once at the deadline so the error can say what the last state was.
 */
export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, options: WaitOptions & { describe?: () => string | Promise<string> } = {}): Promise<T> {
  const { timeoutMs = 20_000, intervalMs = 100 } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const state = options.describe ? ` Last state: ${await options.describe()}` : '';
      const cause = lastError instanceof Error ? ` Last error: ${lastError.message}` : '';
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.${state}${cause}`);
    }
    await delay(intervalMs);
  }
}
