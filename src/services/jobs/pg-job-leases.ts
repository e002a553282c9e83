import type { SQL } from "../../db/drizzle/core.js";
import { and, eq, inArray, isNull, lte, or } from "../../db/drizzle/core.js";
import type { PgBotDatabase } from "../../db/pg/client.js";
import { jobs } from "../../db/pg/schema.js";
import type { Job } from "../../db/schema.js";
import { UNFINISHED_JOB_STATES } from "../../domain/job-states.js";
import type { Clock } from "../../lib/clock.js";
import { JOB_COLUMNS } from "./pg-job-queries.js";

export interface LeaseOptions {
  /** This process's id, unique among the processes sharing the database. */
  readonly owner: string;
  /** How long a lease lasts unless renewed: how soon another process takes over after a crash. */
  readonly leaseMs: number;
}

/** What a renewal found: the jobs this process still holds, and the tracked ones it lost. */
export interface LeaseRenewal {
  readonly held: string[];
  readonly lost: string[];
}

/**
 * A job still needing work from its holder: unfinished, or refunded with the member's failure
 * notice not delivered yet (delivery retries it like a video, so it is leased like one).
 */
const IN_FLIGHT: SQL = or(
  inArray(jobs.state, [...UNFINISHED_JOB_STATES]),
  and(eq(jobs.state, "refunded"), eq(jobs.noticePending, true)),
) as SQL;

export type PgJobLeases = ReturnType<typeof createPgJobLeases>;

/**
 * Job leases (issue 17): a job in flight belongs to one process at a time. A process claims
 * jobs in flight that nobody holds or whose lease has run out, renews its leases while it
 * lives, and releases them on a clean stop; a crashed process's leases simply expire. The job
 * store (pg-job-store.ts) moves a job only for the process holding its lease.
 */
export function createPgJobLeases(database: PgBotDatabase, clock: Clock, options: LeaseOptions) {
  const { db } = database;
  const { owner, leaseMs } = options;
  const mine = eq(jobs.leaseOwner, owner);
  const free = (now: number) => or(isNull(jobs.leaseOwner), lte(jobs.leaseExpiresAt, now));

  /**
   * Takes the jobs `which` picks among those free or past their lease. SKIP LOCKED lets
   * claimers pass over rows another claimer is taking right now, so two processes never both
   * take one job and neither waits for the other. The lock is FOR NO KEY UPDATE, the one an
   * UPDATE takes: it doesn't block ledger entries that reference the job.
   */
  async function take(which: SQL, limit: number): Promise<Job[]> {
    const now = clock.now();
    const claimable = db
      .select({ id: jobs.id })
      .from(jobs)
      .where(and(which, free(now)))
      .orderBy(jobs.createdAt)
      .limit(limit)
      .for("no key update", { skipLocked: true });
    const claimed = await db
      .update(jobs)
      .set({ leaseOwner: owner, leaseExpiresAt: now + leaseMs })
      .where(inArray(jobs.id, claimable))
      .returning(JOB_COLUMNS);
    // RETURNING follows no order; the caller resumes the oldest first.
    return claimed.sort((a, b) => a.createdAt - b.createdAt);
  }

  return {
    owner,

    /** Takes up to `limit` jobs in flight, oldest first, that are free or whose lease expired. */
    claim: (limit: number): Promise<Job[]> => take(IN_FLIGHT, limit),

    /**
     * Takes one job when it is in flight and free or past its lease (a Seedance callback for a
     * job whose holder died); undefined when another process holds it, or it needs no work.
     */
    async claimJob(jobId: string): Promise<Job | undefined> {
      const [job] = await take(and(eq(jobs.id, jobId), IN_FLIGHT) as SQL, 1);
      return job;
    },

    /**
     * Extends every lease this process still holds, and says which of the `tracked` jobs are
     * no longer its own (another process took them over after our lease expired, or they were
     * released): the caller stops working on those. A tracked job that finished while ours is
     * not lost, only no longer renewed.
     */
    async renew(tracked: Iterable<string> = []): Promise<LeaseRenewal> {
      const renewed = await db
        .update(jobs)
        .set({ leaseExpiresAt: clock.now() + leaseMs })
        .where(and(mine, IN_FLIGHT))
        .returning({ id: jobs.id });
      const asked = [...new Set(tracked)];
      const stillMine =
        asked.length === 0
          ? []
          : await db
              .select({ id: jobs.id })
              .from(jobs)
              .where(and(inArray(jobs.id, asked), mine));
      const kept = new Set(stillMine.map((row) => row.id));
      return {
        held: renewed.map((row) => row.id),
        lost: asked.filter((id) => !kept.has(id)),
      };
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
