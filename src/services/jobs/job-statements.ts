import type { Db } from "../../db/client.js";
import { and, eq, inArray, sql } from "../../db/drizzle/core.js";
import { jobs } from "../../db/schema.js";
import { ACTIVE_JOB_STATES, type JobState } from "../../domain/job-states.js";

const p = sql.placeholder;

/** The reservation's job statements, prepared once: they run on the interaction's hot path. */
export function prepareJobStatements(db: Db) {
  return {
    insertJob: db
      .insert(jobs)
      .values({
        id: p("id"),
        guildId: p("guildId"),
        channelId: p("channelId"),
        userId: p("userId"),
        kind: p("kind"),
        prompt: p("prompt"),
        aspectRatio: p("aspectRatio"),
        resolution: p("resolution"),
        duration: p("duration"),
        audio: p("audio"),
        fixedLens: p("fixedLens"),
        imageUrl: p("imageUrl"),
        price: p("price"),
        state: "reserved",
        applicationId: p("applicationId"),
        interactionToken: p("interactionToken"),
        tokenExpiresAt: p("tokenExpiresAt"),
        uploadLimitBytes: p("uploadLimitBytes"),
        memberLocale: p("memberLocale"),
        publicLocale: p("publicLocale"),
        createdAt: p("now"),
        updatedAt: p("now"),
      })
      .returning()
      .prepare(),

    activeJobs: db
      .select({
        inGuild: sql<number>`count(*)`,
        ofMember: sql<number>`coalesce(sum(${jobs.userId} = ${p("userId")}), 0)`,
      })
      .from(jobs)
      .where(and(inArray(jobs.state, [...ACTIVE_JOB_STATES]), eq(jobs.guildId, p("guildId"))))
      .prepare(),
  };
}

export type JobStatements = ReturnType<typeof prepareJobStatements>;

/** Column values to set; counters go up with `UpdateShape.increment` instead. */
export type JobChanges = Partial<typeof jobs.$inferInsert>;

/** The counters an update can add one to, in the same statement. */
export type JobCounter = "submitAttempts" | "deliveryAttempts";

export interface UpdateShape {
  /** Only a job in one of these states is changed; any state when absent. */
  readonly from?: readonly JobState[];
  readonly increment?: JobCounter;
}

/** The placeholder for the job's id: no column of `jobs` has this name. */
const WHERE_ID = "$jobId";

interface PreparedUpdate {
  run(values: Record<string, unknown>): { changes: number };
}

/**
 * `UPDATE jobs SET <columns> WHERE id = ? [AND state IN (…)]`, prepared the first time each shape
 * (columns, counter, from-states) is seen: building a drizzle update cost 20–40 KB of garbage per
 * call, on every reply, submit and poll result.
 */
export function createJobUpdates(db: Db) {
  const prepared = new Map<string, PreparedUpdate>();

  function prepare(columns: readonly string[], shape: UpdateShape): PreparedUpdate {
    const set: Record<string, unknown> = Object.fromEntries(
      columns.map((column) => [column, p(column)]),
    );
    if (shape.increment) set[shape.increment] = sql`${jobs[shape.increment]} + 1`;
    const byId = eq(jobs.id, p(WHERE_ID));
    const where = shape.from ? and(byId, inArray(jobs.state, [...shape.from])) : byId;
    return db.update(jobs).set(set).where(where).prepare();
  }

  /** Applies `changes` to the job as `shape` says; returns how many rows changed (0 or 1). */
  return function updateJob(jobId: string, changes: JobChanges, shape: UpdateShape = {}): number {
    const values: Record<string, unknown> = { [WHERE_ID]: jobId };
    const columns: string[] = [];
    for (const [column, value] of Object.entries(changes)) {
      if (value === undefined) continue;
      columns.push(column);
      values[column] = value;
    }
    const key = `${shape.from?.join() ?? "*"}|${shape.increment ?? ""}|${columns.join()}`;
    let statement = prepared.get(key);
    if (!statement) {
      statement = prepare(columns, shape);
      prepared.set(key, statement);
    }
    return statement.run(values).changes;
  };
}
