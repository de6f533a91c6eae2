// Test helper: starts a test's services side by side. When one fails to start, the ones that did start
// are stopped before the error is thrown: the suite's `after` never sees them (its variables were never
// assigned), and their child processes would keep the test process alive.
export interface StoppableService {
  stop(): Promise<void>;
}

export async function startTogether<T extends StoppableService[]>(...starts: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(starts as unknown as Promise<StoppableService>[]);
  const failure = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failure) {
    await Promise.all(settled.map((result) => (result.status === 'fulfilled' ? result.value.stop().catch(() => undefined) : undefined)));
    throw failure.reason;
  }
  return settled.map((result) => (result as PromiseFulfilledResult<StoppableService>).value) as unknown as T;
}
