import type { Logger } from "pino";
import type { Job } from "../../db/schema.js";
import type { Clock } from "../../lib/clock.js";
import type { Metrics } from "../ops/metrics.js";
import type { SeedanceClient } from "../seedance/client.js";
import { SeedanceError } from "../seedance/errors.js";
import type { JobStorePort } from "../storage/storage.js";
import type { JobFailures } from "./job-failure.js";
import type { PollDecision } from "./poller.js";
import type { ProgressUpdates } from "./progress-updates.js";
import type { RenderTimeEstimate } from "./render-time-estimate.js";

export interface StatusCheckOptions {
  readonly store: JobStorePort;
  readonly seedance: SeedanceClient;
  readonly failures: JobFailures;
  readonly progress: ProgressUpdates;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly jobTimeoutMs: number;
  readonly renderTimes: Pick<RenderTimeEstimate, "refresh">;
  /** Starts delivering a job that just succeeded. */
  readonly deliver: (jobId: string) => void;
}

type SubmittedJob = Job & { taskId: string };

/** Narrowed, not copied: this runs on every poll. */
const isPolled = (job: Job | undefined): job is SubmittedJob =>
  job?.state === "submitted" && job.taskId !== null && job.taskId !== "";

/**
 * The poller's check of one submitted job (DESIGN §3 steps 5–7): still running → show progress
 * and poll again; failed, lost or past the job timeout → fail and refund; done → record the
 * result (settling any overcharge) and hand it to delivery. Network errors, 429s and 5xx poll
 * again, honouring Retry-After.
 */
export function createStatusCheck(options: StatusCheckOptions) {
  const { store, seedance, failures, progress, clock, logger, metrics } = options;

  async function succeed(job: SubmittedJob, videoUrl: string, consumed: number | null) {
    await store.markSucceeded(job.id, videoUrl, consumed);
    // Learning from it must not hold the delivery back.
    options.renderTimes
      .refresh(job)
      .catch((error: unknown) => logger.warn({ err: error }, "Could not relearn render times"));
    logger.info({ jobId: job.id, consumed }, "Job succeeded");
    await progress.finish(job.id);
    options.deliver(job.id);
  }

  async function checkStatus(job: SubmittedJob): Promise<PollDecision> {
    const started = performance.now();
    try {
      const status = await seedance.getStatus(job.taskId);
      metrics.pollSeconds.observe((performance.now() - started) / 1000);
      if (status.state === "running") {
        progress.show(job);
        return { kind: "again" };
      }
      if (status.state === "failed" || !status.videoUrl) {
        await failures.fail(job, { code: "TASK_FAILED", detail: status.errorMessage });
      } else {
        await succeed(job, status.videoUrl, status.consumedCredits);
      }
      return { kind: "done" };
    } catch (error) {
      if (!(error instanceof SeedanceError)) throw error;
      if (error.retryable && error.code !== "TASK_NOT_FOUND") {
        metrics.seedanceErrors.inc({ code: error.code });
        return { kind: "again", notBeforeMs: error.retryAfterMs };
      }
      await failures.fail(job, failures.fromSeedance(error));
      return { kind: "done" };
    }
  }

  return async function check(jobId: string): Promise<PollDecision> {
    const job = await store.get(jobId);
    if (!isPolled(job)) return { kind: "done" };
    if (clock.now() - (job.submittedAt ?? job.createdAt) > options.jobTimeoutMs) {
      await failures.fail(job, { code: "JOB_TIMEOUT" });
      return { kind: "done" };
    }
    return checkStatus(job);
  };
}
