import type { Logger } from "pino";
import type { DeliveryPath, Job } from "../db/schema.js";
import {
  deliveredAsLinkMessage,
  deliveredWithFileMessage,
  readyPing,
} from "../discord/job-messages.js";
import {
  type JobMessenger,
  type ShowOutcome,
  UploadTooLargeError,
} from "../discord/job-messenger.js";
import type { Clock } from "./clock.js";
import type { JobStore } from "./job-store.js";
import type { Metrics } from "./metrics.js";
import { createSemaphore } from "./semaphore.js";
import { type DownloadResult, downloadVideo } from "./video-download.js";

export interface DeliveryOptions {
  readonly store: JobStore;
  readonly messenger: JobMessenger;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Downloads held in memory at once; bounds memory to roughly this × the upload limit. */
  readonly maxConcurrentDownloads: number;
  readonly downloadTimeoutMs: number;
  /** Waits between attempts; when they run out the job stays visible in `/jobs`. */
  readonly retryDelaysMs: readonly number[];
  readonly fetch?: typeof globalThis.fetch;
}

/** A job that took longer than this gets a ping: the edit alone notifies no one. */
const PING_AFTER_MS = 60_000;

export type Delivery = ReturnType<typeof createDelivery>;

/** Turns a succeeded job into a message with its video (DESIGN §4), retrying until it lands. */
export function createDelivery(options: DeliveryOptions) {
  const { store, messenger, clock, logger, metrics } = options;
  const downloads = createSemaphore(options.maxConcurrentDownloads);

  async function showVideo(job: Job, videoUrl: string): Promise<[DeliveryPath, ShowOutcome]> {
    // The download and the upload share the slot: the buffer lives until Discord has it.
    return downloads.run(async () => {
      const video: DownloadResult = await downloadVideo(videoUrl, {
        maxBytes: job.uploadLimitBytes,
        timeoutMs: options.downloadTimeoutMs,
        fetch: options.fetch,
      });
      if (video.kind === "ok") {
        try {
          const files = [
            { name: `video-${job.id.slice(0, 8)}.mp4`, data: video.data, contentType: "video/mp4" },
          ];
          const shown = await messenger.show(job, deliveredWithFileMessage(job, clock.now()), {
            files,
          });
          return [shown.route === "interaction" ? "attachment" : shown.route, shown];
        } catch (error) {
          if (!(error instanceof UploadTooLargeError)) throw error;
        }
      } else if (video.kind === "failed") {
        logger.warn(
          { jobId: job.id, reason: video.reason },
          "Video download failed; sending a link",
        );
      }
      const shown = await messenger.show(job, deliveredAsLinkMessage(job, clock.now(), videoUrl));
      return [shown.route === "interaction" ? "link" : shown.route, shown];
    });
  }

  async function attempt(job: Job, videoUrl: string): Promise<void> {
    const [path, shown] = await showVideo(job, videoUrl);
    store.markDelivered(job.id, path, shown.messageId);
    metrics.deliveries.inc({ path });
    logger.info({ jobId: job.id, path }, "Video delivered");
    const took = (job.finishedAt ?? clock.now()) - job.createdAt;
    if (took > PING_AFTER_MS && (shown.route === "interaction" || shown.route === "channel_edit")) {
      await messenger.ping(job, readyPing(job, null));
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
          const delay = options.retryDelaysMs[tries];
          store.recordDeliveryAttempt(jobId, "The video is ready but couldn't be posted yet.");
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
