import type { Logger } from "pino";
import type { Job } from "../../db/schema.js";
import type { JobStorePort } from "../storage/storage.js";
import type { JobFailures } from "./job-failure.js";

export interface RecoveryOptions {
  readonly store: JobStorePort;
  readonly failures: JobFailures;
  readonly logger: Logger;
  readonly track: (job: Job) => void;
  readonly deliver: (jobId: string) => void;
  readonly notifyFailure: (jobId: string) => void;
  readonly background: (work: Promise<unknown>) => void;
  /** Present when Seedance calls back (PUBLIC_URL set): interrupted jobs wait for their task. */
  readonly adoption: { wait(job: Job): void } | null;
}

/**
 * Picks up every unfinished job after a restart (DESIGN §3): submitted jobs are polled again,
 * succeeded ones delivered, failed ones refunded; a reserved job may or may not have reached
 * Seedance, so it is refunded and the member told. Failure notices still owed are sent.
 */
export function createRecovery(options: RecoveryOptions) {
  const { store, failures, logger } = options;

  function resumeJob(job: Job): void {
    switch (job.state) {
      case "submitted":
        options.track(job);
        break;
      case "succeeded":
        options.deliver(job.id);
        break;
      case "failed": // crashed between the failure and its refund
        options.background(
          failures.fail(job, { code: job.errorCode ?? "FAILED", detail: job.errorMessage }),
        );
        break;
      default:
        // It may have reached Seedance; with callbacks on, its task can still claim it.
        if (job.submitAttempts > 0 && options.adoption) options.adoption.wait(job);
        else options.background(failures.fail(job, { code: "INTERRUPTED" }));
    }
  }

  function resume(job: Job): void {
    logger.info({ jobId: job.id, state: job.state }, "Resuming job");
    if (job.state === "refunded") options.notifyFailure(job.id);
    else resumeJob(job);
  }

  return {
    /** Every unfinished job and owed notice in the database: the single process owns them all. */
    async resumeAll(): Promise<void> {
      for (const job of await store.unfinished()) resume(job);
      for (const job of await store.pendingNotices()) options.notifyFailure(job.id);
    },
    /** One job this process just took over (a lease claimed from a process that died). */
    resume,
  };
}
