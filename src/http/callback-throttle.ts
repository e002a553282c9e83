/** How many jobs' last poll times are kept before stale ones are swept out. */
const SWEEP_AT = 1_000;

/**
 * At most one callback-triggered poll per job per interval. A signed callback URL stays valid
 * for the job's life, so anyone who saw one could replay it to make the bot hammer Seedance;
 * the poller already checks each job on its own schedule, so extra callbacks can be dropped.
 */
export function createCallbackThrottle(intervalMs: number, now: () => number) {
  const lastPoll = new Map<string, number>();

  function sweep(time: number): void {
    for (const [jobId, at] of lastPoll) if (time - at >= intervalMs) lastPoll.delete(jobId);
  }

  return {
    /** True (and remembered) when this job may be polled now. */
    allow(jobId: string): boolean {
      const time = now();
      const last = lastPoll.get(jobId);
      if (last !== undefined && time - last < intervalMs) return false;
      if (lastPoll.size >= SWEEP_AT) sweep(time);
      lastPoll.set(jobId, time);
      return true;
    },
  };
}
