import {
  and,
  count,
  desc,
  eq,
  getTableColumns,
  inArray,
  isNotNull,
  sql,
} from "../../db/drizzle/core.js";
import type { PgExecutor } from "../../db/pg/client.js";
import { jobs } from "../../db/pg/schema.js";
import type { Job } from "../../db/schema.js";
import {
  FINISHED_JOB_STATES,
  JOB_STATES,
  type JobState,
  UNFINISHED_JOB_STATES,
} from "../../domain/job-states.js";

export type PgJobQueries = ReturnType<typeof createPgJobQueries>;

// The lease columns are the PostgreSQL store's own business: rows leave it as the `Job` that
// SQLite's store gives, so the services see one row type whichever database holds it.
const { leaseOwner: _owner, leaseExpiresAt: _expiry, ...jobColumns } = getTableColumns(jobs);

/** Every column of a `Job`, for SELECT and RETURNING lists. */
export const JOB_COLUMNS = jobColumns;

/** Read-only views of the jobs table on PostgreSQL, as job-queries.ts gives them for SQLite. */
export function createPgJobQueries(db: PgExecutor) {
  const memberJobs = (guildId: string, userId: string, states: readonly JobState[]) =>
    and(eq(jobs.guildId, guildId), eq(jobs.userId, userId), inArray(jobs.state, [...states]));

  return {
    async get(jobId: string): Promise<Job | undefined> {
      const [job] = await db.select(JOB_COLUMNS).from(jobs).where(eq(jobs.id, jobId));
      return job;
    },

    /** Every job that has not reached delivered or refunded, oldest first. */
    unfinished(): Promise<Job[]> {
      return db
        .select(JOB_COLUMNS)
        .from(jobs)
        .where(inArray(jobs.state, [...UNFINISHED_JOB_STATES]))
        .orderBy(jobs.createdAt);
    },

    /** Refunded jobs whose member hasn't been told yet. */
    pendingNotices(): Promise<Job[]> {
      return db
        .select(JOB_COLUMNS)
        .from(jobs)
        .where(and(eq(jobs.state, "refunded"), eq(jobs.noticePending, true)))
        .orderBy(jobs.createdAt);
    },

    activeFor(guildId: string, userId: string): Promise<Job[]> {
      return db
        .select(JOB_COLUMNS)
        .from(jobs)
        .where(memberJobs(guildId, userId, UNFINISHED_JOB_STATES))
        .orderBy(jobs.createdAt);
    },

    recentlyFinishedFor(guildId: string, userId: string, limit: number): Promise<Job[]> {
      return db
        .select(JOB_COLUMNS)
        .from(jobs)
        .where(memberJobs(guildId, userId, FINISHED_JOB_STATES))
        .orderBy(desc(jobs.updatedAt))
        .limit(limit);
    },

    /** How long the latest finished jobs with these settings took, submission to result. */
    async recentRenderTimes(
      settings: Pick<Job, "resolution" | "duration">,
      limit: number,
    ): Promise<number[]> {
      const rows = await db
        .select({ took: sql`${jobs.finishedAt} - ${jobs.submittedAt}`.mapWith(Number) })
        .from(jobs)
        .where(
          and(
            eq(jobs.resolution, settings.resolution),
            eq(jobs.duration, settings.duration),
            inArray(jobs.state, ["succeeded", "delivered"]),
            isNotNull(jobs.submittedAt),
            isNotNull(jobs.finishedAt),
          ),
        )
        .orderBy(desc(jobs.finishedAt))
        .limit(limit);
      return rows.map((row) => row.took);
    },

    async countByState(): Promise<Record<JobState, number>> {
      const rows = await db
        .select({ state: jobs.state, count: count() })
        .from(jobs)
        .groupBy(jobs.state);
      const counts = Object.fromEntries(JOB_STATES.map((state) => [state, 0])) as Record<
        JobState,
        number
      >;
      for (const row of rows) counts[row.state] = row.count;
      return counts;
    },
  };
}
