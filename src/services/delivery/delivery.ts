import type { Logger } from "pino";
import type { Job } from "../../db/schema.js";
import type { DeliveryPath } from "../../domain/job-states.js";
import type { Clock } from "../../lib/clock.js";
import { createSemaphore } from "../../lib/semaphore.js";
import type { JobNotifier, Shown, VideoOutcome } from "../jobs/notifier.js";
import type { Metrics } from "../ops/metrics.js";
import type { JobStorePort } from "../storage/storage.js";
import type { VideoFitter } from "./fit-video.js";
import { fitOrLink, type PreparedFile, type PreparedVideo, prepareVideo } from "./prepare-video.js";
import { DEFAULT_RETRY_DELAYS_MS, retryUntilDelivered } from "./retrying.js";
import { type SpooledFile, spoolToDisk } from "./spooled-file.js";

export interface DeliveryOptions {
  readonly store: JobStorePort;
  readonly notifier: JobNotifier;
  readonly fitter: Pick<VideoFitter, "fit">;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Downloads held in memory at once; bounds memory to roughly this × the download cap. */
  readonly maxConcurrentDownloads?: number;
  readonly downloadTimeoutMs?: number;
  readonly retryDelaysMs?: readonly number[];
  readonly fetch?: typeof globalThis.fetch;
  /** Where uploads are spooled; default the system's temp dir. */
  readonly tmpDir?: string;
}

/** A job that took longer than this gets a ping: the edit alone notifies no one. */
const PING_AFTER_MS = 60_000;
const VIDEO_TYPE = "video/mp4";
/** When Discord refuses an upload under the limit it told us (413), aim this much lower. */
const REFUSED_UPLOAD_MARGIN = 0.9;

/** An edit notifies no one; a post in the channel or a DM already does. */
const notifies = (shown: Shown) => shown.route === "channel_post" || shown.route === "dm";

/**
 * Turns a succeeded job into a message with its video, and a refunded job into a failure notice
 * (DESIGN §4): the same route chain, retried with backoff until it lands; what can't be
 * delivered yet stays visible in `/jobs` and is tried again at start-up.
 */
export function createDelivery(options: DeliveryOptions) {
  const { store, notifier, clock, logger, metrics } = options;
  const downloads = createSemaphore(options.maxConcurrentDownloads ?? 2);
  const retry = {
    clock,
    logger,
    retryDelaysMs: options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS,
  };
  const prepare = { ...options, downloadTimeoutMs: options.downloadTimeoutMs ?? 120_000 };

  /** A full temp dir costs memory, not the delivery: the upload then comes from the bytes. */
  async function spool(job: Job, data: Buffer): Promise<SpooledFile> {
    try {
      return await spoolToDisk(data, { type: VIDEO_TYPE, dir: options.tmpDir });
    } catch (error) {
      logger.warn(
        { err: error, jobId: job.id },
        "Could not spool the video; uploading from memory",
      );
      return { blob: new Blob([data], { type: VIDEO_TYPE }), dispose: async () => {} };
    }
  }

  async function upload(job: Job, file: PreparedFile): Promise<VideoOutcome> {
    const spooled = await spool(job, file.data);
    try {
      const { name, compressed } = file;
      return await notifier.video(job, { name, compressed, data: spooled.blob });
    } finally {
      await spooled.dispose();
    }
  }

  async function show(job: Job, url: string, video: PreparedVideo): Promise<[DeliveryPath, Shown]> {
    if (video.kind === "file") {
      const { file } = video;
      const outcome = await upload(job, file);
      if (outcome.kind === "shown") return [pathOf(outcome, "attachment"), outcome];
      if (!file.compressed) {
        const limit = Math.floor(file.data.byteLength * REFUSED_UPLOAD_MARGIN);
        return show(job, url, await fitOrLink(options.fitter, file.name, file.data, limit));
      }
    }
    const reason = video.kind === "link" ? video.reason : "too-large";
    const shown = await notifier.link(job, url, reason);
    return [pathOf(shown, "link"), shown];
  }

  async function deliverVideo(job: Job, url: string, lastTry: boolean): Promise<void> {
    // The download and the upload share the slot: the buffer lives until Discord has it.
    const [path, shown] = await downloads.run(async () =>
      show(job, url, await prepareVideo(job, url, prepare, lastTry)),
    );
    await store.markDelivered(job.id, path, shown);
    metrics.deliveries.inc({ path });
    logger.info({ jobId: job.id, path }, "Video delivered");
    const took = (job.finishedAt ?? clock.now()) - job.createdAt;
    if (took > PING_AFTER_MS && !notifies(shown)) {
      await notifier.ready({ ...job, ...placedOn(shown) }, { kind: "video" });
    }
  }

  async function deliverNotice(job: Job): Promise<void> {
    const failure = { code: job.errorCode ?? "FAILED", detail: job.errorMessage };
    const shown = await notifier.failed(job, failure, job.price);
    await store.markNoticeDelivered(job.id, shown);
    logger.info({ jobId: job.id, route: shown.route }, "Failure notice delivered");
    if (!notifies(shown)) {
      await notifier.ready({ ...job, ...placedOn(shown) }, { kind: "failed", refunded: job.price });
    }
  }

  return {
    /** Delivers a succeeded job's video; resolves when it is shown or every retry has failed. */
    deliver(jobId: string, signal?: AbortSignal): Promise<void> {
      const attempt = {
        jobId,
        what: "video",
        async run(lastTry: boolean) {
          const job = await store.get(jobId);
          if (job?.state !== "succeeded" || !job.videoUrl) return "nothing-to-do" as const;
          await deliverVideo(job, job.videoUrl, lastTry);
          return "done" as const;
        },
        failed: () => store.recordDeliveryAttempt(jobId),
      };
      return retryUntilDelivered(attempt, retry, signal);
    },

    /** Tells the member their job failed and the credits are back, retried like a video. */
    notifyFailure(jobId: string, signal?: AbortSignal): Promise<void> {
      const attempt = {
        jobId,
        what: "failure notice",
        async run() {
          const job = await store.get(jobId);
          if (job?.state !== "refunded" || !job.noticePending) return "nothing-to-do" as const;
          await deliverNotice(job);
          return "done" as const;
        },
        failed: () => store.recordDeliveryAttempt(jobId),
      };
      return retryUntilDelivered(attempt, retry, signal);
    },
  };
}

/** Through the interaction the path says what was shown; other routes name themselves. */
function pathOf(shown: Shown, interactionPath: "attachment" | "link"): DeliveryPath {
  return shown.route === "interaction" ? interactionPath : shown.route;
}

/** The job as the message now showing it, so the ping replies to that message. */
function placedOn(shown: Shown): Partial<Job> {
  return shown.messageId ? { messageId: shown.messageId, messageChannelId: shown.channelId } : {};
}
