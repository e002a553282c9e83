import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import type { DatabaseConnection } from "../../db/client.js";
import type { Job } from "../../db/schema.js";
import { immediateTransaction } from "../../db/transaction.js";
import { checkConsumedCredits } from "../../domain/consumed-credits.js";
import { type DeliveryPath, JOB_TRANSITIONS, type JobTransition } from "../../domain/job-states.js";
import type { Clock } from "../../lib/clock.js";
import type { Ledger } from "../credits/ledger.js";
import { TooManyActiveJobsError } from "../credits/refusals.js";
import { createJobQueries } from "./job-queries.js";
import {
  createJobUpdates,
  type JobChanges,
  type JobCounter,
  prepareJobStatements,
} from "./job-statements.js";
import {
  type ConcurrencyLimits,
  type JobFailure,
  type JobReservation,
  type MessagePlace,
  placeOf,
} from "./job-types.js";

export type {
  ConcurrencyLimits,
  JobFailure,
  JobReservation,
  MessagePlace,
} from "./job-types.js";

export type JobStore = ReturnType<typeof createJobStore>;

/**
 * The one owner of job rows and their state machine (src/domain/job-states.ts). Every write to
 * `jobs` is here; every transition checks its from-state in the same statement, and the money
 * that moves with it (charge, refund, settlement) is a ledger step inside the same transaction.
 */
export function createJobStore(
  database: DatabaseConnection,
  ledger: Ledger,
  clock: Clock,
  limits: ConcurrencyLimits,
  logger: Logger,
) {
  const { db } = database;
  const statements = prepareJobStatements(db);
  const updateJob = createJobUpdates(db);
  const inTransaction = <T>(work: () => T) => immediateTransaction(database, work);

  function move(jobId: string, transition: JobTransition, changes: JobChanges = {}): boolean {
    const { from, to } = JOB_TRANSITIONS[transition];
    return updateJob(jobId, { ...changes, state: to, updatedAt: clock.now() }, { from }) === 1;
  }

  function update(jobId: string, changes: JobChanges, increment?: JobCounter): void {
    updateJob(jobId, { ...changes, updatedAt: clock.now() }, { increment });
  }

  function checkCaps(guildId: string, userId: string): void {
    const active = statements.activeJobs.get({ guildId, userId });
    if ((active?.ofMember ?? 0) >= limits.activeJobsPerUser) {
      throw new TooManyActiveJobsError("member", limits.activeJobsPerUser);
    }
    if ((active?.inGuild ?? 0) >= limits.activeJobsPerGuild) {
      throw new TooManyActiveJobsError("server", limits.activeJobsPerGuild);
    }
  }

  /**
   * failed → refunded, with the refund entry; 0 when the job was not waiting for one. The
   * member's failure notice is now owed: delivery retries it until it lands.
   */
  function refund(jobId: string, noticeOwed = true): number {
    return inTransaction(() => {
      const job = queries.get(jobId);
      if (!job || !move(jobId, "refund", { noticePending: noticeOwed })) return 0;
      return ledger.refundJob(jobId, job.errorCode ?? "FAILED");
    });
  }

  const queries = createJobQueries(db);

  return {
    ...queries,

    /** Checks balance, caps and daily limit, then inserts the job and charges it, atomically. */
    reserve(reservation: JobReservation): Job {
      return inTransaction(() => {
        ledger.checkBalance(reservation);
        checkCaps(reservation.guildId, reservation.userId);
        ledger.checkDailyLimit(reservation);
        const job = statements.insertJob.get({
          ...reservation,
          id: randomUUID(),
          now: clock.now(),
        });
        if (!job) throw new Error("The job row was not inserted");
        ledger.chargeJob(job.id, reservation);
        return job;
      });
    },

    /**
     * The balance check alone, outside any transaction: a server that can't afford the job is
     * refused at once instead of after the next group commit. `reserve` checks again, inside.
     */
    checkAffordable(reservation: JobReservation): void {
      ledger.checkBalance(reservation);
    },

    /** Counts a generate attempt; the first also stores the reply's message id (one write). */
    recordSubmitAttempt(jobId: string, messageId: string | null = null): void {
      update(jobId, messageId ? { messageId } : {}, "submitAttempts");
    },

    /** The first attempts of jobs submitted together, with their message ids: one commit. */
    recordFirstSubmitAttempts(batch: readonly Pick<Job, "id" | "messageId">[]): void {
      inTransaction(() => {
        for (const { id, messageId } of batch) {
          update(id, messageId ? { messageId } : {}, "submitAttempts");
        }
      });
    },

    /** `expectedMs` anchors the poll schedule; stored in this same write, never once per poll. */
    markSubmitted(jobId: string, taskId: string, expectedMs: number): boolean {
      const now = clock.now();
      const expectedFinishAt = now + Math.round(expectedMs);
      return move(jobId, "submit", { taskId, submittedAt: now, expectedFinishAt });
    },

    /**
     * Records the result and gives back any overcharge, in one transaction. A reported cost that
     * isn't a plausible whole number is neither stored nor settled (the member pays the price).
     */
    markSucceeded(jobId: string, videoUrl: string, reported: number | null): boolean {
      return inTransaction(() => {
        const consumed = checkConsumedCredits(reported, queries.get(jobId)?.price ?? 0);
        const consumedCredits = consumed.trusted ? consumed.credits : null;
        const now = clock.now();
        if (!move(jobId, "succeed", { videoUrl, consumedCredits, finishedAt: now })) return false;
        // Only the one transition that succeeds gets here, so this is logged once per job.
        if (!consumed.trusted) {
          const { reported: value, reason } = consumed;
          logger.warn({ jobId, reported: value, reason }, "Ignored Seedance's reported cost");
        }
        if (consumedCredits !== null) ledger.settleJob(jobId, consumedCredits);
        return true;
      });
    },

    /**
     * Fails the job and refunds what it holds, in one transaction; returns the credits given
     * back (0 when the job had already ended). A job found `failed` (a crash between the two
     * steps of an older version) is refunded too. `noticeOwed: false` when nothing about the
     * job ever reached the member, so there is nothing to correct.
     */
    failAndRefund(jobId: string, failure: JobFailure, noticeOwed = true): number {
      return inTransaction(() => {
        move(jobId, "fail", {
          errorCode: failure.code,
          errorMessage: failure.detail ?? null,
          finishedAt: clock.now(),
        });
        return refund(jobId, noticeOwed);
      });
    },

    refund,

    recordDeliveryAttempt(jobId: string): void {
      update(jobId, {}, "deliveryAttempts");
    },

    markDelivered(jobId: string, path: DeliveryPath, shownOn: MessagePlace): boolean {
      return move(jobId, "deliver", {
        deliveryPath: path,
        deliveredAt: clock.now(),
        ...placeOf(shownOn),
      });
    },

    /** The failure notice reached the member; remember where, for `/jobs`' link. */
    markNoticeDelivered(jobId: string, shownOn: MessagePlace): void {
      update(jobId, { noticePending: false, ...placeOf(shownOn) });
    },
  };
}
