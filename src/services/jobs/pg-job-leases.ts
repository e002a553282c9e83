import { and, eq, inArray, isNull, lte, or } from "drizzle-orm";
import type { PgBotDatabase } from "../../db/pg/client.js";
import { jobs, type PgJob } from "../../db/pg/schema.js";
import { UNFINISHED_JOB_STATES } from "../../domain/job-states.js";
import type { Clock } from "../../lib/clock.js";

export interface LeaseOptions {
  /** This process's id, unique among the processes sharing the database. */
  readonly owner: string;
  /** How long a lease lasts unless renewed: how soon another process takes over after a crash. */
  readonly leaseMs: number;
}

export type PgJobLeases = ReturnType<typeof createPgJobLeases>;

/**
 * Job leases (issue 17): a job in flight belongs to one process at a time. A process claims
 * unfinished jobs that nobody holds or whose lease has run out, renews its leases while it
 * lives, and releases them on a clean stop; a crashed process's leases simply expire.
 */
export function createPgJobLeases(database: PgBotDatabase, clock: Clock, options: LeaseOptions) {
  const { db } = database;
  const { owner, leaseMs } = options;
  const unfinished = inArray(jobs.state, [...UNFINISHED_JOB_STATES]);
  const mine = eq(jobs.leaseOwner, owner);

  return {
    owner,

    /**
     * Takes up to `limit` unfinished jobs, oldest first, that are free or whose lease expired.
     * SKIP LOCKED lets claimers pass over rows another claimer is taking right now, so two
     * processes never both take one job and neither waits for the other. The lock is FOR NO KEY
     * UPDATE, the one an UPDATE takes: it doesn't block ledger entries that reference the job.
     */
    async claim(limit: number): Promise<PgJob[]> {
      const now = clock.now();
      const free = db
        .select({ id: jobs.id })
        .from(jobs)
        .where(and(unfinished, or(isNull(jobs.leaseOwner), lte(jobs.leaseExpiresAt, now))))
        .orderBy(jobs.createdAt)
        .limit(limit)
        .for("no key update", { skipLocked: true });
      const claimed = await db
        .update(jobs)
        .set({ leaseOwner: owner, leaseExpiresAt: now + leaseMs })
        .where(inArray(jobs.id, free))
        .returning();
      // RETURNING follows no order; the caller resumes the oldest first.
      return claimed.sort((a, b) => a.createdAt - b.createdAt);
    },

    /**
     * Extends every lease this process still holds; returns those jobs' ids. A job another
     * process took over after our lease expired is not ours any more and is left out.
     */
    async renew(): Promise<string[]> {
      const renewed = await db
        .update(jobs)
        .set({ leaseExpiresAt: clock.now() + leaseMs })
        .where(and(mine, unfinished))
        .returning({ id: jobs.id });
      return renewed.map((row) => row.id);
    },

    /** Whether this process holds the job's lease now (owner and not expired). */
    async holds(jobId: string): Promise<boolean> {
      const [row] = await db
        .select({ expiresAt: jobs.leaseExpiresAt })
        .from(jobs)
        .where(and(eq(jobs.id, jobId), mine));
      return row?.expiresAt != null && row.expiresAt > clock.now();
    },

    /** Gives one job back (finished, or handed on); false when it was not ours. */
    async release(jobId: string): Promise<boolean> {
      const released = await db
        .update(jobs)
        .set({ leaseOwner: null, leaseExpiresAt: null })
        .where(and(eq(jobs.id, jobId), mine))
        .returning({ id: jobs.id });
      return released.length === 1;
    },

    /** On a clean stop: every lease goes back at once, so others need not wait for expiry. */
    async releaseAll(): Promise<number> {
      const released = await db
        .update(jobs)
        .set({ leaseOwner: null, leaseExpiresAt: null })
        .where(mine)
        .returning({ id: jobs.id });
      return released.length;
    },
  };
}
