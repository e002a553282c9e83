import type { Logger } from "pino";
import type { Job } from "../../db/schema.js";
import type { DeliveryPath } from "../../domain/job-states.js";
import type { Clock } from "../../lib/clock.js";
import { createSemaphore } from "../../lib/semaphore.js";
import type { JobStore } from "../jobs/job-store.js";
import type { JobNotifier, Shown } from "../jobs/notifier.js";
import type { Metrics } from "../ops/metrics.js";
import { downloadVideo } from "./video-download.js";

export interface DeliveryOptions {
  readonly store: JobStore;
  readonly notifier: JobNotifier;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Downloads held in memory at once; bounds memory to roughly this × the upload limit. */
  readonly maxConcurrentDownloads?: number;
  readonly downloadTimeoutMs?: number;
  /** Waits between attempts; when they run out the job stays visible in `/jobs`. */
  readonly retryDelaysMs?: readonly number[];
  readonly fetch?: typeof globalThis.fetch;
}

/** A job that took longer than this gets a ping: the edit alone notifies no one. */
const PING_AFTER_MS = 60_000;
const DEFAULT_RETRY_DELAYS_MS = [5_000, 15_000, 60_000, 300_000, 900_000];

/** Turns a succeeded job into a message with its video (DESIGN §4), retrying until it lands. */
export function createDelivery(options: DeliveryOptions) {
  const { store, notifier, clock, logger, metrics } = options;
  const downloads = createSemaphore(options.maxConcurrentDownloads ?? 2);
  const retryDelaysMs = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;

  async function showVideo(job: Job, videoUrl: string): Promise<[DeliveryPath, Shown]> {
    // The download and the upload share the slot: the buffer lives until Discord has it.
    return downloads.run(async () => {
      const video = await downloadVideo(videoUrl, {
        maxBytes: job.uploadLimitBytes,
        timeoutMs: options.downloadTimeoutMs ?? 120_000,
        fetch: options.fetch,
      });
      if (video.kind === "ok") {
        const name = `video-${job.id.slice(0, 8)}.mp4`;
        const outcome = await notifier.video(job, { name, data: video.data });
        if (outcome.kind === "shown") return [pathOf(outcome, "attachment"), outcome];
      } else if (video.kind === "failed") {
        logger.warn(
          { jobId: job.id, reason: video.reason },
          "Video download failed; sending a link",
        );
      }
      const shown = await notifier.link(job, videoUrl);
      return [pathOf(shown, "link"), shown];
    });
  }

  async function attempt(job: Job, videoUrl: string): Promise<void> {
    const [path, shown] = await showVideo(job, videoUrl);
    store.markDelivered(job.id, path, shown.messageId);
    metrics.deliveries.inc({ path });
    logger.info({ jobId: job.id, path }, "Video delivered");
    const took = (job.finishedAt ?? clock.now()) - job.createdAt;
    // A post in the channel or a DM already notifies the member; an edit doesn't.
    if (took > PING_AFTER_MS && (shown.route === "interaction" || shown.route === "channel_edit")) {
      await notifier.ready(job);
    }
  }

  return {
    /** Resolves when the video is delivered, or once every retry has failed (logged, kept). */
    async deliver(jobId: string, signal?: AbortSignal): Promise<void> {
      for (let tries = 0; ; tries++) {
        const job = store.get(jobId);
        if (job?.state !== "succeeded" || !job.videoUrl) return;
        try {
          await attempt(job, job.videoUrl);
          return;
        } catch (error) {
          const delay = retryDelaysMs[tries];
          store.recordDeliveryAttempt(jobId);
          logger.warn({ err: error, jobId, tries: tries + 1 }, "Delivery failed");
          if (delay === undefined || signal?.aborted) {
            logger.error({ jobId }, "Giving up delivery for now; the job stays in /jobs");
            return;
          }
          const stopped = await clock.sleep(delay, signal).then(
            () => false,
            () => true, // the bot is shutting down; start-up will deliver it
          );
          if (stopped) return;
        }
      }
    },
  };
}

/** Through the interaction the path says what was shown; other routes name themselves. */
function pathOf(shown: Shown, interactionPath: "attachment" | "link"): DeliveryPath {
  return shown.route === "interaction" ? interactionPath : shown.route;
}
