import { and, desc, eq, inArray, notInArray, sql } from "drizzle-orm";
import type { Logger } from "pino";
import type { BotDatabase } from "../db/client.js";
import { type DeliveryPath, type Job, type JobState, jobs } from "../db/schema.js";
import { immediateTransaction } from "../db/transaction.js";
import { checkConsumedCredits } from "../domain/consumed-credits.js";
import type { Clock } from "./clock.js";
import type { Ledger } from "./ledger.js";

const UNFINISHED: JobState[] = ["reserved", "submitted", "succeeded", "failed"];
const FINISHED: JobState[] = ["delivered", "refunded"];

export interface JobFailure {
  readonly code: string;
  readonly message: string;
}

export type JobStore = ReturnType<typeof createJobStore>;

/**
 * The job rows and their state machine: reserved → submitted → succeeded → delivered, or
 * → failed → refunded. Each transition is one transaction and only moves forward: an update
 * that finds the job in another state changes nothing and reports false.
 */
export function createJobStore(
  database: BotDatabase,
  ledger: Ledger,
  clock: Clock,
  logger: Logger,
) {
  const { db } = database;

  function transition(jobId: string, from: JobState[], changes: Partial<Job>): boolean {
    const result = db
      .update(jobs)
      .set({ ...changes, updatedAt: clock.now() })
      .where(and(eq(jobs.id, jobId), inArray(jobs.state, from)))
      .run();
    return result.changes === 1;
  }

  return {
    get(jobId: string): Job | undefined {
      return db.select().from(jobs).where(eq(jobs.id, jobId)).get();
    },

    /** Counts a generate attempt; the first also stores the reply's message id (one write). */
    recordSubmitAttempt(jobId: string, messageId: string | null = null): void {
      db.update(jobs)
        .set({
          submitAttempts: sql`${jobs.submitAttempts} + 1`,
          updatedAt: clock.now(),
          ...(messageId ? { messageId } : {}),
        })
        .where(eq(jobs.id, jobId))
        .run();
    },

    markSubmitted(jobId: string, taskId: string): boolean {
      return transition(jobId, ["reserved"], {
        state: "submitted",
        taskId,
        submittedAt: clock.now(),
      });
    },

    recordPoll(jobId: string): void {
      db.update(jobs)
        .set({ pollCount: sql`${jobs.pollCount} + 1` })
        .where(eq(jobs.id, jobId))
        .run();
    },

    /**
     * Records the result and gives back any overcharge, in one transaction. A reported cost that
     * isn't a plausible whole number is neither stored nor settled (the member pays the price).
     */
    markSucceeded(jobId: string, videoUrl: string, reported: number | null): boolean {
      return immediateTransaction(database, () => {
        const price = db.select({ price: jobs.price }).from(jobs).where(eq(jobs.id, jobId)).get();
        const consumed = checkConsumedCredits(reported, price?.price ?? 0);
        const consumedCredits = consumed.trusted ? consumed.credits : null;
        const moved = transition(jobId, ["submitted"], {
          state: "succeeded",
          videoUrl,
          consumedCredits,
          finishedAt: clock.now(),
        });
        if (!moved) return false;
        // Only the one transition that succeeds gets here, so this is logged once per job.
        if (!consumed.trusted) {
          const { reported: value, reason } = consumed;
          logger.warn({ jobId, reported: value, reason }, "Ignored Seedance's reported cost");
        }
        if (consumedCredits !== null) ledger.settleJob(jobId, consumedCredits);
        return true;
      });
    },

    markFailed(jobId: string, failure: JobFailure): boolean {
      return transition(jobId, ["reserved", "submitted"], {
        state: "failed",
        errorCode: failure.code,
        errorMessage: failure.message,
        finishedAt: clock.now(),
      });
    },

    /** Refunds a failed (or never-submitted) job; safe to call again. */
    refund(jobId: string, reason: string): number {
      return ledger.refundJob(jobId, reason);
    },

    recordDeliveryAttempt(jobId: string, problem: string | null): void {
      db.update(jobs)
        .set({
          deliveryAttempts: sql`${jobs.deliveryAttempts} + 1`,
          errorMessage: problem,
          updatedAt: clock.now(),
        })
        .where(eq(jobs.id, jobId))
        .run();
    },

    markDelivered(jobId: string, path: DeliveryPath, messageId: string | null): boolean {
      return transition(jobId, ["succeeded"], {
        state: "delivered",
        deliveryPath: path,
        deliveredAt: clock.now(),
        errorMessage: null,
        ...(messageId ? { messageId } : {}),
      });
    },

    /** Every job that has not reached delivered or refunded, oldest first, for start-up. */
    unfinished(): Job[] {
      return db
        .select()
        .from(jobs)
        .where(inArray(jobs.state, UNFINISHED))
        .orderBy(jobs.createdAt)
        .all();
    },

    activeFor(guildId: string, userId: string): Job[] {
      return db
        .select()
        .from(jobs)
        .where(
          and(eq(jobs.guildId, guildId), eq(jobs.userId, userId), notInArray(jobs.state, FINISHED)),
        )
        .orderBy(jobs.createdAt)
        .all();
    },

    recentlyFinishedFor(guildId: string, userId: string, limit: number): Job[] {
      return db
        .select()
        .from(jobs)
        .where(
          and(eq(jobs.guildId, guildId), eq(jobs.userId, userId), inArray(jobs.state, FINISHED)),
        )
        .orderBy(desc(jobs.updatedAt))
        .limit(limit)
        .all();
    },

    countByState(): Record<JobState, number> {
      const rows = db
        .select({ state: jobs.state, count: sql<number>`count(*)` })
        .from(jobs)
        .groupBy(jobs.state)
        .all();
      const counts = {
        reserved: 0,
        submitted: 0,
        succeeded: 0,
        delivered: 0,
        failed: 0,
        refunded: 0,
      };
      for (const row of rows) counts[row.state] = row.count;
      return counts;
    },
  };
}
