import type { Logger } from "pino";
import type { Job } from "../../db/schema.js";
import type { Metrics } from "../ops/metrics.js";
import type { SeedanceError } from "../seedance/errors.js";
import type { JobStorePort } from "../storage/storage.js";
import type { JobFailure } from "./job-store.js";
import type { ProgressUpdates } from "./progress-updates.js";

export interface JobFailureOptions {
  readonly store: JobStorePort;
  readonly progress: ProgressUpdates;
  /** Starts telling the member, retried until it lands (delivery's failure notice). */
  readonly notifyFailure: (jobId: string) => void;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Told when Seedance says the operator must act (bad key, no credits). */
  readonly alerts: { report(error: SeedanceError): void };
}

export type JobFailures = ReturnType<typeof createJobFailures>;

/**
 * Ends a job without a video: refund first (money before messages), then tell the member. The
 * notice is owed from the refund's transaction on, so a crash before it lands only delays it.
 */
export function createJobFailures(options: JobFailureOptions) {
  const { store, progress, logger, metrics } = options;

  return {
    /** A Seedance error as a job failure; operator problems also alert the bot owners. */
    fromSeedance(error: SeedanceError): JobFailure {
      metrics.seedanceErrors.inc({ code: error.code });
      if (error.code === "INVALID_API_KEY" || error.code === "INSUFFICIENT_CREDITS") {
        options.alerts.report(error);
      }
      return { code: error.code };
    },

    async fail(job: Job, failure: JobFailure): Promise<void> {
      const refunded = await store.failAndRefund(job.id, failure);
      metrics.creditsRefunded.inc(refunded);
      await progress.finish(job.id);
      logger.info({ jobId: job.id, code: failure.code, refunded }, "Job failed and was refunded");
      if (refunded > 0) options.notifyFailure(job.id);
    },
  };
}
