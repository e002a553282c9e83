import type { Logger } from "pino";
import type { Job } from "../../db/schema.js";
import { createBackgroundWork } from "../../lib/background-work.js";
import type { Clock } from "../../lib/clock.js";
import type { Metrics } from "../ops/metrics.js";
import type { SeedanceClient } from "../seedance/client.js";
import type { SeedanceError } from "../seedance/errors.js";
import type { JobStorePort } from "../storage/storage.js";
import { createAdoption } from "./adoption.js";
import { createJobFailures } from "./job-failure.js";
import type { JobReservation } from "./job-store.js";
import type { JobNotifier } from "./notifier.js";
import { createProgressUpdates } from "./progress-updates.js";
import { createRecovery } from "./recovery.js";
import type { RenderTimeEstimate } from "./render-time-estimate.js";
import { createStatusCheck } from "./status-check.js";
import { createSubmitter } from "./submit.js";
import { createSubmitQueue } from "./submit-queue.js";

export interface PipelineOptions {
  readonly store: JobStorePort;
  /** Checks and charges a new job; committed when it resolves (Storage.reserve). */
  readonly reserve: (reservation: JobReservation) => Promise<Job>;
  readonly seedance: SeedanceClient;
  readonly notifier: JobNotifier;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly jobTimeoutMs: number;
  /** Learned render times: each job's poll schedule is anchored on them. */
  readonly renderTimes: RenderTimeEstimate;
  /** The signed callback URL for a job; null when the bot isn't publicly reachable. */
  readonly callbackUrlFor: ((jobId: string) => string) | null;
  /** Told when Seedance says the operator must act (bad key, no credits), and when it works again. */
  readonly alerts: { report(error: SeedanceError): void; resolved(): void };
  /** Starts polling a submitted job. */
  readonly track: (job: Job) => void;
  /** Polls a tracked job at the next opportunity. */
  readonly pollNow: (jobId: string) => void;
  /** Delivers a succeeded job's video, and a refunded job's failure notice, retrying each. */
  readonly delivery: {
    deliver(jobId: string, signal: AbortSignal): Promise<void>;
    notifyFailure(jobId: string, signal: AbortSignal): Promise<void>;
  };
}

/**
 * Sends the job's public reply; resolves with its message id. Rejecting means Discord did not
 * show it, so the job is refunded and never submitted.
 */
export type ReplyToMember = (job: Job) => Promise<string | null>;

/** The reply certainly isn't showing (Discord refused it): the refund needs no notice. */
export class ReplyNotShown extends Error {
  override readonly name = "ReplyNotShown";
}

export type JobPipeline = ReturnType<typeof createJobPipeline>;

/**
 * Drives each job from its reservation to a delivered video or a refund (DESIGN §3). State lives
 * in the database; this holds only the work in flight, so shutdown can wait for it.
 */
export function createJobPipeline(options: PipelineOptions) {
  const { store, clock, logger, metrics } = options;
  const background = createBackgroundWork(logger);
  const progress = createProgressUpdates(options.notifier, clock, logger);
  const shutdown = new AbortController();
  const deliver = (jobId: string) =>
    background.run(options.delivery.deliver(jobId, shutdown.signal));
  const notifyFailure = (jobId: string) =>
    background.run(options.delivery.notifyFailure(jobId, shutdown.signal));
  const failures = createJobFailures({ ...options, progress, notifyFailure });

  const adoption = createAdoption({
    ...options,
    failures,
    background: background.run,
    shutdown: shutdown.signal,
  });

  const submitter = createSubmitter({
    ...options,
    failures,
    shutdown: shutdown.signal,
    onAccepted(job) {
      options.alerts.resolved();
      options.track(job);
      progress.show(job, true);
    },
  });

  // Submits wait for the replies still on their way (issue 16).
  const submissions = createSubmitQueue({
    record: (batch) => store.recordFirstSubmitAttempts(batch),
    start: (job, recorded) => background.run(submitter.submit(job, recorded)),
  });

  /** The job's public reply; a job whose reply failed is refunded, and the failure rethrown. */
  async function replyOrRefund(job: Job, reply: ReplyToMember): Promise<string | null> {
    try {
      return await reply(job);
    } catch (error) {
      // A reply that may be showing "Generating…" gets the failure notice; one that never
      // showed needs none.
      const maybeShowing = !(error instanceof ReplyNotShown);
      const refunded = await store.failAndRefund(job.id, { code: "REPLY_FAILED" }, maybeShowing);
      metrics.creditsRefunded.inc(refunded);
      logger.warn({ jobId: job.id, refunded, maybeShowing }, "Reply failed; job refunded");
      if (maybeShowing) notifyFailure(job.id);
      throw error instanceof ReplyNotShown && error.cause ? error.cause : error;
    }
  }

  return {
    /**
     * Answer first, work later (DESIGN §3 steps 1–4): reserve in one local transaction
     * (committed with the other reservations of the same event-loop turn), reply, and only then
     * submit. Nothing here waits on the network before the reply. Submits wait from the
     * reservation on: with reservations committing on their own thread, a reply can land while
     * the next turn's commands are still being reserved.
     */
    start(reservation: JobReservation, reply: ReplyToMember): Promise<Job> {
      return submissions.whileAnswering(async () => {
        const job = await options.reserve(reservation);
        logger.info({ jobId: job.id, guildId: job.guildId, price: job.price }, "Job reserved");
        const messageId = await replyOrRefund(job, reply);
        metrics.creditsCharged.inc(job.price);
        submissions.submit({ ...job, messageId });
        return job;
      });
    },

    check: createStatusCheck({ ...options, failures, progress, deliver }),

    /** Start-up recovery (`resumeAll`), and taking over one job (`resume`). */
    recovery: createRecovery({
      ...options,
      failures,
      deliver,
      notifyFailure,
      background: background.run,
      // Seedance calls back only when it was given a URL.
      adoption: options.callbackUrlFor ? adoption : null,
    }),

    /**
     * A signed callback for a job that isn't polled (yet): one interrupted mid-submit may adopt
     * the task it names, and one whose generate is still on its way is polled once submitted.
     * False when the job is neither.
     */
    heardCallback: (jobId: string, taskId: string | null) =>
      adoption.offer(jobId, taskId) || submitter.heardCallback(jobId),

    /** Stops retries and waits for work already under way, so nothing is half-written. */
    async stop(): Promise<void> {
      await submissions.flush();
      shutdown.abort();
      await Promise.allSettled([background.idle(), progress.idle()]);
    },
  };
}
