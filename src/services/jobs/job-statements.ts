import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { jobs } from "../../db/schema.js";
import { ACTIVE_JOB_STATES } from "../../domain/job-states.js";

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
