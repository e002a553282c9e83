import type { Logger } from "pino";
import type { Job } from "../../db/schema.js";
import type { Clock } from "../../lib/clock.js";
import type { JobNotifier } from "./notifier.js";

const EVERY_MS = 10_000;
/**
 * Progress edits share Discord's 50 requests/s global limit with replies and deliveries; with
 * many jobs in flight each job's edits are spaced out so that all of them stay under this rate.
 */
const EDITS_PER_SECOND = 20;

export type ProgressUpdates = ReturnType<typeof createProgressUpdates>;

/**
 * Edits a job's reply with its progress (DESIGN §3 step 6): at most every 10 s, in the
 * background so a poll never waits behind Discord's rate-limit queue, never two edits in flight
 * for one job, and never after the job's final message.
 */
export function createProgressUpdates(notifier: JobNotifier, clock: Clock, logger: Logger) {
  const lastEditAt = new Map<string, number>();
  const editing = new Map<string, Promise<void>>();

  return {
    /** Starts an edit if one is due (or `force`d); returns at once. */
    show(job: Job, force = false): void {
      const now = clock.now();
      if (editing.has(job.id)) return;
      const everyMs = Math.max(EVERY_MS, (lastEditAt.size / EDITS_PER_SECOND) * 1000);
      if (!force && now - (lastEditAt.get(job.id) ?? 0) < everyMs) return;
      lastEditAt.set(job.id, now);
      const edit = notifier
        .progress(job)
        .then(
          () => undefined,
          (error: unknown) => logger.debug({ err: error, jobId: job.id }, "Progress edit failed"),
        )
        .finally(() => editing.delete(job.id));
      editing.set(job.id, edit);
    },

    /** The job is over: forget it, and wait for an edit still on its way so it can't land last. */
    async finish(jobId: string): Promise<void> {
      lastEditAt.delete(jobId);
      await editing.get(jobId);
    },

    /** Waits for every edit under way, for a clean shutdown. */
    async idle(): Promise<void> {
      await Promise.allSettled([...editing.values()]);
    },
  };
}
