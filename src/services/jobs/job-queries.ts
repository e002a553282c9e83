import type { Db } from "../../db/client.js";
import { and, desc, eq, getTableColumns, inArray, isNotNull, sql } from "../../db/drizzle/core.js";
import { type Job, jobs } from "../../db/schema.js";
import {
  FINISHED_JOB_STATES,
  JOB_STATES,
  type JobState,
  UNFINISHED_JOB_STATES,
} from "../../domain/job-states.js";

export type JobQueries = ReturnType<typeof createJobQueries>;

const JOB_COLUMNS = getTableColumns(jobs);
const COLUMN_ENTRIES = Object.entries(JOB_COLUMNS);

/** A row selected with JOB_COLUMNS, in their order, decoded as drizzle would. */
function jobFromRow(row: readonly unknown[]): Job {
  const job: Record<string, unknown> = {};
  for (let index = 0; index < COLUMN_ENTRIES.length; index++) {
    const [key, column] = COLUMN_ENTRIES[index] as (typeof COLUMN_ENTRIES)[number];
    const value = row[index];
    job[key] = value === null ? null : column.mapFromDriverValue(value);
  }
  return job as Job;
}

/** Read-only views of the jobs table: one job, a member's lists, start-up, metrics. */
export function createJobQueries(db: Db) {
  const memberJobs = (guildId: string, userId: string, states: readonly JobState[]) =>
    and(eq(jobs.guildId, guildId), eq(jobs.userId, userId), inArray(jobs.state, [...states]));

  // Read on every poll: prepared once, and its row mapped by a plain loop over the columns;
  // drizzle's row mapper allocates an iterator and an entry per column, about 4 KB a job.
  const byId = db
    .select(JOB_COLUMNS)
    .from(jobs)
    .where(eq(jobs.id, sql.placeholder("jobId")))
    .prepare();

  return {
    get(jobId: string): Job | undefined {
      const [row] = byId.values({ jobId });
      return row && jobFromRow(row);
    },

    /** Every job that has not reached delivered or refunded, oldest first, for start-up. */
    unfinished(): Job[] {
      return db
        .select()
        .from(jobs)
        .where(inArray(jobs.state, [...UNFINISHED_JOB_STATES]))
        .orderBy(jobs.createdAt)
        .all();
    },

    /** Refunded jobs whose member hasn't been told yet, for start-up. */
    pendingNotices(): Job[] {
      return db
        .select()
        .from(jobs)
        .where(and(eq(jobs.state, "refunded"), eq(jobs.noticePending, true)))
        .orderBy(jobs.createdAt)
        .all();
    },

    activeFor(guildId: string, userId: string): Job[] {
      return db
        .select()
        .from(jobs)
        .where(memberJobs(guildId, userId, UNFINISHED_JOB_STATES))
        .orderBy(jobs.createdAt)
        .all();
    },

    recentlyFinishedFor(guildId: string, userId: string, limit: number): Job[] {
      return db
        .select()
        .from(jobs)
        .where(memberJobs(guildId, userId, FINISHED_JOB_STATES))
        .orderBy(desc(jobs.updatedAt))
        .limit(limit)
        .all();
    },

    /** How long the latest finished jobs with these settings took, submission to result. */
    recentRenderTimes(settings: Pick<Job, "resolution" | "duration">, limit: number): number[] {
      return db
        .select({ took: sql<number>`${jobs.finishedAt} - ${jobs.submittedAt}` })
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
        .limit(limit)
        .all()
        .map((row) => row.took);
    },

    countByState(): Record<JobState, number> {
      const rows = db
        .select({ state: jobs.state, count: sql<number>`count(*)` })
        .from(jobs)
        .groupBy(jobs.state)
        .all();
      const counts = Object.fromEntries(JOB_STATES.map((state) => [state, 0])) as Record<
        JobState,
        number
      >;
      for (const row of rows) counts[row.state] = row.count;
      return counts;
    },
  };
}
