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
/**
 * Edits on their way to Discord at once; the rest wait here as jobs, not as rendered requests in
 * the REST client's queue: a burst of 1,000 submissions used to queue 1,000 bodies there for
 * the 20-odd seconds the rate limit took to drain them. Rendered when sent, an edit is current.
 */
const MAX_EDITS_IN_FLIGHT = 8;

export type ProgressUpdates = ReturnType<typeof createProgressUpdates>;

/**
 * Edits a job's reply with its progress (DESIGN §3 step 6): at most every 10 s, in the
 * background so a poll never waits behind Discord's rate-limit queue, never two edits in flight
 * for one job, and never after the job's final message.
 */
export function createProgressUpdates(notifier: JobNotifier, clock: Clock, logger: Logger) {
  const lastEditAt = new Map<string, number>();
  /** Due edits not sent yet, oldest first, with the job as last seen. */
  const waiting = new Map<string, Job>();
  const editing = new Map<string, Promise<void>>();

  function send(job: Job): void {
    const edit = notifier
      .progress(job)
      .then(
        () => undefined,
        (error: unknown) => logger.debug({ err: error, jobId: job.id }, "Progress edit failed"),
      )
      .finally(() => {
        editing.delete(job.id);
        sendWaiting();
      });
    editing.set(job.id, edit);
  }

  function sendWaiting(): void {
    for (const [jobId, job] of waiting) {
      if (editing.size >= MAX_EDITS_IN_FLIGHT) return;
      waiting.delete(jobId);
      send(job);
    }
  }

  return {
    /** Starts an edit if one is due (or `force`d), or queues it behind the others; returns at once. */
    show(job: Job, force = false): void {
      if (editing.has(job.id)) return;
      if (waiting.has(job.id)) {
        waiting.set(job.id, job);
        return;
      }
      const now = clock.now();
      const everyMs = Math.max(EVERY_MS, (lastEditAt.size / EDITS_PER_SECOND) * 1000);
      if (!force && now - (lastEditAt.get(job.id) ?? 0) < everyMs) return;
      lastEditAt.set(job.id, now);
      waiting.set(job.id, job);
      sendWaiting();
    },

    /** The job is over: forget it, and wait for an edit still on its way so it can't land last. */
    async finish(jobId: string): Promise<void> {
      lastEditAt.delete(jobId);
      waiting.delete(jobId);
      await editing.get(jobId);
    },

    /** Drops the edits not sent yet and waits for those under way, for a clean shutdown. */
    async idle(): Promise<void> {
      waiting.clear();
      await Promise.allSettled([...editing.values()]);
    },
  };
}
