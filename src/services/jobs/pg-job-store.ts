import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import type { SQL } from "../../db/drizzle/core.js";
import { and, count, eq, inArray, sql } from "../../db/drizzle/core.js";
import type { PgUpdateSetSource } from "../../db/drizzle/pg-core.js";
import type { PgBotDatabase, PgExecutor } from "../../db/pg/client.js";
import { jobs } from "../../db/pg/schema.js";
import type { Job } from "../../db/schema.js";
import { checkConsumedCredits } from "../../domain/consumed-credits.js";
import {
  ACTIVE_JOB_STATES,
  type DeliveryPath,
  JOB_TRANSITIONS,
  type JobTransition,
} from "../../domain/job-states.js";
import type { Clock } from "../../lib/clock.js";
import type { Settled } from "../../lib/turn-batcher.js";
import type { PgLedger } from "../credits/pg-ledger.js";
import { TooManyActiveJobsError } from "../credits/refusals.js";
import type { ConcurrencyLimits, JobFailure, JobReservation, MessagePlace } from "./job-store.js";
import { placeOf } from "./job-types.js";
import type { LeaseOptions } from "./pg-job-leases.js";
import { createPgJobQueries, JOB_COLUMNS } from "./pg-job-queries.js";

type JobChanges = PgUpdateSetSource<typeof jobs>;

/**
 * A write that must not happen: this process no longer holds the job's lease (another took it
 * over after ours expired, or it was released). Thrown where the write gates work that can't
 * be undone, a submit to Seedance.
 */
export class JobLeaseLostError extends Error {
  constructor(readonly jobId: string) {
    super(`Job ${jobId} is not leased to this process`);
    this.name = "JobLeaseLostError";
  }
}

export interface PgJobStoreOptions {
  readonly limits: ConcurrencyLimits;
  readonly logger: Logger;
  /** This process's lease: its jobs start leased to it, and only its leased jobs move. */
  readonly lease: LeaseOptions;
}

export type PgJobStore = ReturnType<typeof createPgJobStore>;

/**
 * The job store (job-store.ts) on PostgreSQL: the same methods and rows, the same state machine,
 * every transition checked against its from-state in the statement that makes it, money moving
 * in the same transaction. A reservation locks the server's row first, so its checks hold across
 * processes. Every write also names this process as the job's lease holder (pg-job-leases.ts):
 * a process that lost a lease can never move, deliver or refund that job.
 */
export function createPgJobStore(
  database: PgBotDatabase,
  ledger: PgLedger,
  clock: Clock,
  options: PgJobStoreOptions,
) {
  const { db } = database;
  const { limits, logger } = options;
  const { owner, leaseMs } = options.lease;
  const money = ledger.inTransaction;
  const leased = (jobId: string): SQL => and(eq(jobs.id, jobId), eq(jobs.leaseOwner, owner)) as SQL;

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
      .where(and(leased(jobId), inArray(jobs.state, [...from])))
      .returning({ id: jobs.id });
    return moved.length === 1;
  }

  /** Writes to a job this process holds; false when it holds it no longer. */
  async function update(tx: PgExecutor, jobId: string, changes: JobChanges): Promise<boolean> {
    const updated = await tx
      .update(jobs)
      .set({ ...changes, updatedAt: clock.now() })
      .where(leased(jobId))
      .returning({ id: jobs.id });
    return updated.length === 1;
  }

  /** A submit attempt is counted before Seedance is asked: never for a job another holds. */
  async function countSubmitAttempt(tx: PgExecutor, jobId: string, messageId: string | null) {
    const changes = {
      submitAttempts: sql`${jobs.submitAttempts} + 1`,
      ...(messageId ? { messageId } : {}),
    };
    if (!(await update(tx, jobId, changes))) throw new JobLeaseLostError(jobId);
  }

  /** A note after the fact (the member saw it already): a lost lease only skips the note. */
  async function note(jobId: string, changes: JobChanges, what: string): Promise<void> {
    if (!(await update(db, jobId, changes))) {
      logger.warn({ jobId, owner }, `Not recording the ${what}: the job's lease is lost`);
    }
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
  async function refundIn(tx: PgExecutor, jobId: string, noticeOwed: boolean): Promise<number> {
    const job = await createPgJobQueries(tx).get(jobId);
    if (!job || !(await move(tx, jobId, "refund", { noticePending: noticeOwed }))) return 0;
    return money.refundJob(tx, jobId, job.errorCode ?? "FAILED");
  }

  /** Checks balance, caps and daily limit, then inserts the job and charges it, in `tx`. */
  async function reserveIn(tx: PgExecutor, reservation: JobReservation): Promise<Job> {
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
        leaseOwner: owner,
        leaseExpiresAt: now + leaseMs,
        createdAt: now,
        updatedAt: now,
      })
      .returning(JOB_COLUMNS);
    if (!job) throw new Error("The job row was not inserted");
    await money.chargeJob(tx, job.id, reservation);
    return job;
  }

  return {
    ...createPgJobQueries(db),

    /**
     * Checks balance, caps and daily limit, then inserts the job and charges it, atomically.
     * The job starts leased to this process, which goes on to submit it.
     */
    reserve: (reservation: JobReservation): Promise<Job> =>
      db.transaction((tx) => reserveIn(tx, reservation)),

    /**
     * Several reservations in one transaction, each in a savepoint of its own: one commit (one
     * fsync) for a burst, while a refusal rolls back only its own reservation. The server's row
     * lock is held to the commit, so the checks still hold across processes.
     */
    reserveTogether: (reservations: readonly JobReservation[]): Promise<Settled<Job>[]> =>
      db.transaction(async (tx) => {
        const outcomes: Settled<Job>[] = [];
        for (const reservation of reservations) {
          outcomes.push(
            await tx
              .transaction((savepoint) => reserveIn(savepoint, reservation))
              .then(
                (job) => ({ ok: true, value: job }) as const,
                (error: unknown) => ({ ok: false, error }) as const,
              ),
          );
        }
        return outcomes;
      }),

    /** The balance check alone, outside any transaction (job-store.ts); `reserve` checks again. */
    checkAffordable: (reservation: JobReservation): Promise<void> =>
      ledger.checkAffordable(reservation),

    /** Counts a generate attempt; the first also stores the reply's message id (one write). */
    recordSubmitAttempt(jobId: string, messageId: string | null = null): Promise<void> {
      return countSubmitAttempt(db, jobId, messageId);
    },

    /** The first attempts of jobs submitted together, with their message ids: one commit. */
    async recordFirstSubmitAttempts(batch: readonly Pick<Job, "id" | "messageId">[]) {
      await db.transaction(async (tx) => {
        for (const { id, messageId } of batch) await countSubmitAttempt(tx, id, messageId);
      });
    },

    /** `expectedMs` anchors the poll schedule; stored in this same write, never once per poll. */
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

    /**
     * Fails the job and refunds what it holds, in one transaction; returns the credits given
     * back (0 when the job had ended, or is another process's). `noticeOwed` as in job-store.ts.
     */
    failAndRefund(jobId: string, failure: JobFailure, noticeOwed = true): Promise<number> {
      return db.transaction(async (tx) => {
        await move(tx, jobId, "fail", {
          errorCode: failure.code,
          errorMessage: failure.detail ?? null,
          finishedAt: clock.now(),
        });
        return refundIn(tx, jobId, noticeOwed);
      });
    },

    refund: (jobId: string, noticeOwed = true): Promise<number> =>
      db.transaction((tx) => refundIn(tx, jobId, noticeOwed)),

    recordDeliveryAttempt(jobId: string): Promise<void> {
      const changes = { deliveryAttempts: sql`${jobs.deliveryAttempts} + 1` };
      return note(jobId, changes, "delivery attempt");
    },

    markDelivered(jobId: string, path: DeliveryPath, shownOn: MessagePlace): Promise<boolean> {
      return move(db, jobId, "deliver", {
        deliveryPath: path,
        deliveredAt: clock.now(),
        ...placeOf(shownOn),
      });
    },

    /** The failure notice reached the member; remember where, for `/jobs`' link. */
    markNoticeDelivered(jobId: string, shownOn: MessagePlace): Promise<void> {
      return note(jobId, { noticePending: false, ...placeOf(shownOn) }, "failure notice");
    },
  };
}
