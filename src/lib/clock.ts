/** Time is injected so the ledger, poller and delivery can be tested without waiting. */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      // A long-lived signal (shutdown) would otherwise keep one listener per finished sleep.
      const timer = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, ms);
      signal?.addEventListener("abort", onAbort, { once: true });
    }),
};

const DAY_MS = 86_400_000;

/** Daily limits reset at midnight UTC: the same instant for every member, whatever their zone. */
export function startOfUtcDay(time: number): number {
  return time - (time % DAY_MS);
}

export function startOfNextUtcDay(time: number): number {
  return startOfUtcDay(time) + DAY_MS;
}
