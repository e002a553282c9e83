import type { Logger } from "pino";
import type { Clock } from "../../lib/clock.js";

export const DEFAULT_RETRY_DELAYS_MS = [5_000, 15_000, 60_000, 300_000, 900_000];

export interface RetryOptions {
  readonly clock: Clock;
  readonly logger: Logger;
  /** Waits between attempts; when they run out the job stays visible in `/jobs`. */
  readonly retryDelaysMs: readonly number[];
}

export interface Attempt {
  readonly jobId: string;
  /** What is being delivered, for the logs ("video", "failure notice"). */
  readonly what: string;
  /** One try; `lastTry` lets it settle for less (a link instead of a file) rather than give up. */
  run(lastTry: boolean): Promise<"done" | "nothing-to-do">;
  /** Called after each failed try, before the wait. */
  failed(): Promise<void>;
}

/**
 * Runs a delivery until it lands, waiting with backoff between tries. Resolves when it is done,
 * when every retry has failed (logged; start-up tries again), or when the signal aborts.
 */
export async function retryUntilDelivered(
  attempt: Attempt,
  options: RetryOptions,
  signal?: AbortSignal,
): Promise<void> {
  const { jobId, what } = attempt;
  for (let tries = 0; ; tries++) {
    const delay = options.retryDelaysMs[tries];
    try {
      await attempt.run(delay === undefined);
      return;
    } catch (error) {
      await attempt.failed();
      options.logger.warn(
        { err: error, jobId, tries: tries + 1 },
        `Delivery of the ${what} failed`,
      );
      if (delay === undefined || signal?.aborted) {
        options.logger.error({ jobId }, `Giving up the ${what} for now; the job stays in /jobs`);
        return;
      }
      const stopped = await options.clock.sleep(delay, signal).then(
        () => false,
        () => true, // shutting down; start-up tries again
      );
      if (stopped) return;
    }
  }
}
