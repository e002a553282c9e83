import type { Logger } from "pino";
import type { Job } from "../../db/schema.js";
import type { Clock } from "../../lib/clock.js";
import type { Metrics } from "../ops/metrics.js";
import type { SeedanceClient } from "../seedance/client.js";
import { SeedanceError } from "../seedance/errors.js";
import type { JobStorePort } from "../storage/storage.js";
import type { JobFailures } from "./job-failure.js";
import type { RenderTimeEstimate } from "./render-time-estimate.js";

export interface SubmitOptions {
  readonly store: JobStorePort;
  readonly seedance: SeedanceClient;
  readonly failures: JobFailures;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** The callback URL for a job, when the HTTP server is public; null sends none. */
  readonly callbackUrlFor: ((jobId: string) => string) | null;
  readonly renderTimes: Pick<RenderTimeEstimate, "expectedMs">;
  /** An accepted job proves the key and the credits are fine; it is tracked from here on. */
  readonly onAccepted: (job: Job) => void;
  /** Polls a tracked job at the next opportunity. */
  readonly pollNow: (jobId: string) => void;
  /** Aborted at shutdown: a retry wait stops and leaves the job for start-up recovery. */
  readonly shutdown: AbortSignal;
  readonly tries?: number;
  /** A member watching "Generating…" won't wait longer than this for Seedance to take the job. */
  readonly maxWaitMs?: number;
}

/**
 * Sends a reserved job to Seedance (DESIGN §3 step 4). `generate` is not idempotent, so it is
 * retried only where Seedance certainly created nothing (connection refused, 429, 503 with
 * Retry-After), a few times and never for longer than a member would wait.
 */
export function createSubmitter(options: SubmitOptions) {
  const { store, seedance, failures, clock, logger, metrics } = options;
  const tries = options.tries ?? 3;
  const maxWaitMs = options.maxWaitMs ?? 30_000;

  function generate(job: Job) {
    const callbackUrl = options.callbackUrlFor?.(job.id);
    return seedance.generate({
      prompt: job.prompt,
      aspectRatio: job.aspectRatio,
      resolution: job.resolution,
      duration: job.duration,
      generateAudio: job.audio,
      fixedLens: job.fixedLens,
      ...(job.imageUrl ? { imageUrls: [job.imageUrl] } : {}),
      ...(callbackUrl ? { callbackUrl } : {}),
    });
  }

  /** How long to wait before the next attempt, or null when there must be none. */
  function retryDelay(error: SeedanceError, attempt: number): number | null {
    const waitMs = error.retryAfterMs ?? 1_000 * 2 ** attempt;
    const retry =
      error.certainlyNotAccepted && error.retryable && attempt < tries && waitMs <= maxWaitMs;
    return retry ? waitMs : null;
  }

  /**
   * Jobs whose generate is on its way, and whether Seedance called back meanwhile: a task that
   * ends at once can call back before its answer reaches the bot, while the job isn't polled
   * yet. Such a callback is kept and acted on once the job is.
   */
  const awaitingAnswer = new Map<string, boolean>();

  /** `firstAttemptRecorded`: the caller stored attempt 1 (and the message id) already. */
  async function submit(job: Job, firstAttemptRecorded = false): Promise<void> {
    awaitingAnswer.set(job.id, false);
    try {
      await submitUntilAnswered(job, firstAttemptRecorded);
    } finally {
      awaitingAnswer.delete(job.id);
    }
  }

  async function submitUntilAnswered(job: Job, firstAttemptRecorded: boolean): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      if (attempt > 1 || !firstAttemptRecorded) {
        await store.recordSubmitAttempt(job.id, attempt === 1 ? job.messageId : null);
      }
      const started = performance.now();
      try {
        const { taskId } = await generate(job);
        metrics.generateSeconds.observe((performance.now() - started) / 1000);
        const expectedMs = options.renderTimes.expectedMs(job);
        if (!(await store.markSubmitted(job.id, taskId, expectedMs))) {
          // The job ended meanwhile (refunded): never poll it, nor show progress over its end.
          logger.warn({ jobId: job.id, taskId }, "Seedance took a job that had already ended");
          return;
        }
        logger.info({ jobId: job.id, taskId }, "Job submitted");
        const submittedAt = clock.now();
        options.onAccepted({
          ...job,
          state: "submitted",
          taskId,
          submittedAt,
          expectedFinishAt: submittedAt + Math.round(expectedMs),
        });
        if (awaitingAnswer.get(job.id)) options.pollNow(job.id);
        return;
      } catch (error) {
        if (!(error instanceof SeedanceError)) throw error;
        const waitMs = retryDelay(error, attempt);
        if (waitMs === null) return failures.fail(job, failures.fromSeedance(error));
        metrics.seedanceErrors.inc({ code: error.code });
        const interrupted = await clock.sleep(waitMs, options.shutdown).then(
          () => false,
          () => true,
        );
        // Shutting down mid-wait: the job stays reserved, and start-up recovery deals with it.
        if (interrupted) return;
      }
    }
  }

  return {
    submit,
    /** A callback for a job being submitted here: it is polled as soon as it is submitted. */
    heardCallback(jobId: string): boolean {
      if (!awaitingAnswer.has(jobId)) return false;
      awaitingAnswer.set(jobId, true);
      return true;
    },
  };
}
