import type { Logger } from "pino";
import type { Job } from "../db/schema.js";
import { failedMessage } from "../discord/job-messages.js";
import type { JobMessenger } from "../discord/job-messenger.js";
import type { Clock } from "./clock.js";
import type { Delivery } from "./delivery.js";
import type { JobFailure, JobStore } from "./job-store.js";
import { pollAnchorOf, type RenderTimeEstimate } from "./jobs/render-time-estimate.js";
import type { Metrics } from "./metrics.js";
import type { PollDecision, Poller } from "./poller.js";
import { createProgressUpdates } from "./progress-updates.js";
import type { SeedanceClient } from "./seedance-client.js";
import { failedTaskMessage, SeedanceError, userMessage } from "./seedance-errors.js";

export interface PipelineOptions {
  readonly store: JobStore;
  readonly seedance: SeedanceClient;
  readonly delivery: Delivery;
  readonly messenger: JobMessenger;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Learned render times: anchor each job's poll schedule, refreshed as jobs finish. */
  readonly renderTimes: RenderTimeEstimate;
  readonly jobTimeoutMs: number;
  /** The callback URL for a job, when the HTTP server is public; null sends none. */
  readonly callbackUrlFor: (jobId: string) => string | null;
  /** Told when Seedance says the operator must act (bad key, no credits), and when it works again. */
  readonly alerts: {
    report(error: SeedanceError): void;
    resolved(): void;
  };
}

const SUBMIT_TRIES = 3;
/** A member watching "Generating…" won't wait longer than this for Seedance to take the job. */
const MAX_SUBMIT_WAIT_MS = 30_000;
const INTERRUPTED: JobFailure = {
  code: "INTERRUPTED",
  message: "The bot restarted before your video reached Seedance. Please try again.",
};

export type JobPipeline = ReturnType<typeof createJobPipeline>;

/**
 * Drives each job from its reservation to a delivered video or a refund (DESIGN §3). State lives
 * in the database; this only holds the in-flight promises so shutdown can wait for them.
 */
export function createJobPipeline(options: PipelineOptions) {
  const { store, seedance, clock, logger, metrics, messenger } = options;
  const inFlight = new Set<Promise<unknown>>();
  const progress = createProgressUpdates(messenger, clock, logger);
  const shutdown = new AbortController();
  let poller: Poller | null = null;

  function background(work: Promise<unknown>): void {
    const tracked = work.catch((error) =>
      logger.error({ err: error }, "Background job work failed"),
    );
    inFlight.add(tracked);
    void tracked.finally(() => inFlight.delete(tracked));
  }

  function seedanceFailure(error: SeedanceError): JobFailure {
    metrics.seedanceErrors.inc({ code: error.code });
    if (error.code === "INVALID_API_KEY" || error.code === "INSUFFICIENT_CREDITS") {
      options.alerts.report(error);
    }
    return { code: error.code, message: userMessage(error) };
  }

  async function fail(job: Job, failure: JobFailure): Promise<void> {
    store.markFailed(job.id, failure);
    const refunded = store.refund(job.id, failure.code);
    metrics.creditsRefunded.inc(refunded);
    await progress.finish(job.id);
    logger.info({ jobId: job.id, code: failure.code, refunded }, "Job failed and was refunded");
    try {
      await messenger.show(job, failedMessage(job, failure.message, refunded));
    } catch (error) {
      logger.warn({ err: error, jobId: job.id }, "Could not tell the member their job failed");
    }
  }

  async function submit(job: Job): Promise<void> {
    const callbackUrl = options.callbackUrlFor(job.id);
    for (let attempt = 1; ; attempt++) {
      store.recordSubmitAttempt(job.id, attempt === 1 ? job.messageId : null);
      const started = performance.now();
      try {
        const { taskId } = await seedance.generate({
          prompt: job.prompt,
          aspectRatio: job.aspectRatio,
          resolution: job.resolution,
          duration: job.duration,
          generateAudio: job.audio,
          fixedLens: job.fixedLens,
          ...(job.imageUrl ? { imageUrls: [job.imageUrl] } : {}),
          ...(callbackUrl ? { callbackUrl } : {}),
        });
        metrics.generateSeconds.observe((performance.now() - started) / 1000);
        const expectedMs = options.renderTimes.expectedMs(job);
        store.markSubmitted(job.id, taskId, expectedMs);
        options.alerts.resolved(); // an accepted job proves the key and the credits are fine
        logger.info({ jobId: job.id, taskId }, "Job submitted");
        poller?.track(job.id, { submittedAt: clock.now(), expectedMs });
        progress.show({ ...job, state: "submitted" }, true);
        return;
      } catch (error) {
        if (!(error instanceof SeedanceError)) throw error;
        // generate is not idempotent: only retry where Seedance certainly created nothing.
        const waitMs = error.retryAfterMs ?? 1_000 * 2 ** attempt;
        const retry =
          error.certainlyNotAccepted &&
          error.retryable &&
          attempt < SUBMIT_TRIES &&
          waitMs <= MAX_SUBMIT_WAIT_MS;
        if (!retry) return fail(job, seedanceFailure(error));
        metrics.seedanceErrors.inc({ code: error.code });
        const interrupted = await clock.sleep(waitMs, shutdown.signal).then(
          () => false,
          () => true,
        );
        // Shutting down mid-wait: the job stays reserved, and start-up refunds and tells the member.
        if (interrupted) return;
      }
    }
  }

  async function checkStatus(job: Job & { taskId: string }): Promise<PollDecision> {
    const started = performance.now();
    try {
      const status = await seedance.getStatus(job.taskId);
      metrics.pollSeconds.observe((performance.now() - started) / 1000);
      if (status.state === "running") {
        progress.show(job);
        return { kind: "again" };
      }
      if (status.state === "failed" || !status.videoUrl) {
        await fail(job, { code: "TASK_FAILED", message: failedTaskMessage(status.errorMessage) });
        return { kind: "done" };
      }
      store.markSucceeded(job.id, status.videoUrl, status.consumedCredits);
      options.renderTimes.refresh(job);
      logger.info({ jobId: job.id, consumed: status.consumedCredits }, "Job succeeded");
      await progress.finish(job.id);
      background(options.delivery.deliver(job.id, shutdown.signal));
      return { kind: "done" };
    } catch (error) {
      if (!(error instanceof SeedanceError)) throw error;
      if (error.retryable && error.code !== "TASK_NOT_FOUND") {
        metrics.seedanceErrors.inc({ code: error.code });
        return { kind: "again", notBeforeMs: error.retryAfterMs };
      }
      await fail(job, seedanceFailure(error));
      return { kind: "done" };
    }
  }

  return {
    attachPoller(value: Poller): void {
      poller = value;
    },

    /** The public reply is out: remember its message and send the job to Seedance. */
    accepted(job: Job, messageId: string | null): void {
      metrics.creditsCharged.inc(job.price);
      background(submit({ ...job, messageId }));
    },

    /** The reply never reached Discord: nobody is waiting, so refund and don't submit. */
    replyFailed(job: Job): void {
      store.markFailed(job.id, { code: "REPLY_FAILED", message: "The reply could not be sent." });
      const refunded = store.refund(job.id, "REPLY_FAILED");
      metrics.creditsRefunded.inc(refunded);
      logger.warn({ jobId: job.id, refunded }, "Reply failed; job refunded");
    },

    /** The poller's check for one job. */
    async check(jobId: string): Promise<PollDecision> {
      const job = store.get(jobId);
      if (job?.state !== "submitted" || !job.taskId) return { kind: "done" };
      if (clock.now() - (job.submittedAt ?? job.createdAt) > options.jobTimeoutMs) {
        const message = "Seedance took too long to make this video, so the bot gave up on it.";
        await fail(job, { code: "JOB_TIMEOUT", message });
        return { kind: "done" };
      }
      return checkStatus({ ...job, taskId: job.taskId });
    },

    /** Picks up every unfinished job after a restart (DESIGN §3). */
    resume(): void {
      for (const job of store.unfinished()) {
        logger.info({ jobId: job.id, state: job.state }, "Resuming job");
        switch (job.state) {
          case "submitted":
            poller?.track(job.id, pollAnchorOf(job, options.renderTimes));
            break;
          case "succeeded":
            background(options.delivery.deliver(job.id, shutdown.signal));
            break;
          case "failed": // crashed between the failure and its refund
            background(
              fail(job, { code: job.errorCode ?? "FAILED", message: job.errorMessage ?? "" }),
            );
            break;
          default: // reserved: it may or may not have reached Seedance, so it is refunded
            background(fail(job, INTERRUPTED));
        }
      }
    },

    /** Stops retries and waits for work already under way, so nothing is half-written. */
    async stop(): Promise<void> {
      shutdown.abort();
      await Promise.allSettled([...inFlight, progress.idle()]);
    },
  };
}
