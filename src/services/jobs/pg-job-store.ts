import { randomUUID } from "node:crypto";
import { and, count, eq, inArray, sql } from "drizzle-orm";
import type { PgUpdateSetSource } from "drizzle-orm/pg-core";
import type { Logger } from "pino";
import type { PgBotDatabase, PgExecutor } from "../../db/pg/client.js";
import { jobs, type PgJob } from "../../db/pg/schema.js";
import { checkConsumedCredits } from "../../domain/consumed-credits.js";
import {
  ACTIVE_JOB_STATES,
  type DeliveryPath,
  JOB_TRANSITIONS,
  type JobTransition,
} from "../../domain/job-states.js";
import type { Clock } from "../../lib/clock.js";
import type { PgLedger } from "../credits/pg-ledger.js";
import { TooManyActiveJobsError } from "../credits/refusals.js";
import type { ConcurrencyLimits, JobFailure, JobReservation } from "./job-store.js";
import { createPgJobQueries } from "./pg-job-queries.js";

type JobChanges = PgUpdateSetSource<typeof jobs>;

export type PgJobStore = ReturnType<typeof createPgJobStore>;

/**
 * The job store (job-store.ts) on PostgreSQL: the same state machine, every transition checked
 * against its from-state in the statement that makes it, money moving in the same transaction.
 * A reservation locks the server's row first, so its checks hold across processes.
 */
export function createPgJobStore(
  database: PgBotDatabase,
  ledger: PgLedger,
  clock: Clock,
  limits: ConcurrencyLimits,
  logger: Logger,
) {
  const { db } = database;
  const money = ledger.inTransaction;

  async function move(
    tx: PgExecutor,
    jobId: string,
    transition: JobTransition,
    changes: JobChanges = {},
  ): Promise<boolean> {
    const { from, to } = JOB_TRANSITIONS[transition];
    const moved = await tx
      .update(jobs)
      .set({ ...changes, state: to, updatedAt: clock.now() })
      .where(and(eq(jobs.id, jobId), inArray(jobs.state, [...from])))
      .returning({ id: jobs.id });
    return moved.length === 1;
  }

  async function update(jobId: string, changes: JobChanges): Promise<void> {
    await db
      .update(jobs)
      .set({ ...changes, updatedAt: clock.now() })
      .where(eq(jobs.id, jobId));
  }

  /** Counted while the server's row is locked: no other reservation can add a job meanwhile. */
  async function checkCaps(tx: PgExecutor, guildId: string, userId: string): Promise<void> {
    const [active] = await tx
      .select({
        inGuild: count(),
        ofMember: sql`count(*) FILTER (WHERE ${jobs.userId} = ${userId})`.mapWith(Number),
      })
      .from(jobs)
      .where(and(inArray(jobs.state, [...ACTIVE_JOB_STATES]), eq(jobs.guildId, guildId)));
    if ((active?.ofMember ?? 0) >= limits.activeJobsPerUser) {
      throw new TooManyActiveJobsError("member", limits.activeJobsPerUser);
    }
    if ((active?.inGuild ?? 0) >= limits.activeJobsPerGuild) {
      throw new TooManyActiveJobsError("server", limits.activeJobsPerGuild);
    }
  }

  /** failed → refunded, with the refund entry; 0 when the job was not waiting for one. */
  async function refundIn(tx: PgExecutor, jobId: string): Promise<number> {
    const job = await createPgJobQueries(tx).get(jobId);
    if (!job || !(await move(tx, jobId, "refund"))) return 0;
    return money.refundJob(tx, jobId, job.errorCode ?? "FAILED");
  }

  return {
    ...createPgJobQueries(db),

    /** Checks balance, caps and daily limit, then inserts the job and charges it, atomically. */
    reserve(reservation: JobReservation): Promise<PgJob> {
      return db.transaction(async (tx) => {
        const dailyLimit = await money.checkBalance(tx, reservation);
        await checkCaps(tx, reservation.guildId, reservation.userId);
        await money.checkDailyLimit(tx, reservation, dailyLimit);
        const now = clock.now();
        const [job] = await tx
          .insert(jobs)
          .values({
            ...reservation,
            id: randomUUID(),
            state: "reserved",
            createdAt: now,
            updatedAt: now,
          })
          .returning();
        if (!job) throw new Error("The job row was not inserted");
        await money.chargeJob(tx, job.id, reservation);
        return job;
      });
    },

    /** Counts a generate attempt; the first also stores the reply's message id (one write). */
    recordSubmitAttempt(jobId: string, messageId: string | null = null): Promise<void> {
      return update(jobId, {
        submitAttempts: sql`${jobs.submitAttempts} + 1`,
        ...(messageId ? { messageId } : {}),
      });
    },

    markSubmitted(jobId: string, taskId: string, expectedMs: number): Promise<boolean> {
      const now = clock.now();
      const expectedFinishAt = now + Math.round(expectedMs);
      return move(db, jobId, "submit", { taskId, submittedAt: now, expectedFinishAt });
    },

    /** Records the result and gives back any overcharge, in one transaction (job-store.ts). */
    markSucceeded(jobId: string, videoUrl: string, reported: number | null): Promise<boolean> {
      return db.transaction(async (tx) => {
        const price = (await createPgJobQueries(tx).get(jobId))?.price ?? 0;
        const consumed = checkConsumedCredits(reported, price);
        const consumedCredits = consumed.trusted ? consumed.credits : null;
        const changes = { videoUrl, consumedCredits, finishedAt: clock.now() };
        if (!(await move(tx, jobId, "succeed", changes))) return false;
        if (!consumed.trusted) {
          const { reported: value, reason } = consumed;
          logger.warn({ jobId, reported: value, reason }, "Ignored Seedance's reported cost");
        }
        if (consumedCredits !== null) await money.settleJob(tx, jobId, consumedCredits);
        return true;
      });
    },

    /** Fails the job and refunds what it holds, in one transaction; returns the credits back. */
    failAndRefund(jobId: string, failure: JobFailure): Promise<number> {
      return db.transaction(async (tx) => {
        await move(tx, jobId, "fail", {
          errorCode: failure.code,
          errorMessage: failure.detail ?? null,
          finishedAt: clock.now(),
        });
        return refundIn(tx, jobId);
      });
    },

    refund: (jobId: string): Promise<number> => db.transaction((tx) => refundIn(tx, jobId)),

    recordDeliveryAttempt(jobId: string): Promise<void> {
      return update(jobId, { deliveryAttempts: sql`${jobs.deliveryAttempts} + 1` });
    },

    markDelivered(jobId: string, path: DeliveryPath, messageId: string | null): Promise<boolean> {
      return move(db, jobId, "deliver", {
        deliveryPath: path,
        deliveredAt: clock.now(),
        ...(messageId ? { messageId } : {}),
      });
    },
  };
}
