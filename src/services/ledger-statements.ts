import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { ACTIVE_JOB_STATES, guilds, jobs, ledgerEntries } from "../db/schema.js";

const p = sql.placeholder;

/**
 * The ledger's statements, prepared once per connection: reservations run on the interaction's hot
 * path, where re-planning SQL for every command would cost more than the write itself.
 */
export function prepareLedgerStatements(db: Db) {
  return {
    ensureGuild: db
      .insert(guilds)
      .values({ id: p("guildId"), createdAt: p("now") })
      .onConflictDoNothing()
      .prepare(),

    guild: db
      .select({ balance: guilds.balance, dailyLimit: guilds.dailyLimit })
      .from(guilds)
      .where(eq(guilds.id, p("guildId")))
      .prepare(),

    addToBalance: db
      .update(guilds)
      .set({ balance: sql`${guilds.balance} + ${p("delta")}` })
      .where(eq(guilds.id, p("guildId")))
      .returning({ balance: guilds.balance })
      .prepare(),

    setDailyLimit: db
      .update(guilds)
      .set({ dailyLimit: sql`${p("limit")}` })
      .where(eq(guilds.id, p("guildId")))
      .prepare(),

    insertEntry: db
      .insert(ledgerEntries)
      .values({
        guildId: p("guildId"),
        delta: p("delta"),
        kind: p("kind"),
        jobId: p("jobId"),
        actorId: p("actorId"),
        reason: p("reason"),
        createdAt: p("now"),
      })
      .prepare(),

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
        createdAt: p("now"),
        updatedAt: p("now"),
      })
      .returning()
      .prepare(),

    markRefunded: db
      .update(jobs)
      .set({ state: "refunded", updatedAt: sql`${p("now")}` })
      .where(eq(jobs.id, p("jobId")))
      .prepare(),

    activeJobs: db
      .select({
        inGuild: sql<number>`count(*)`,
        ofMember: sql<number>`coalesce(sum(${jobs.userId} = ${p("userId")}), 0)`,
      })
      .from(jobs)
      .where(and(inArray(jobs.state, [...ACTIVE_JOB_STATES]), eq(jobs.guildId, p("guildId"))))
      .prepare(),

    // Net spend: charges minus refunds and settlements of the member's jobs started since `since`.
    spentSince: db
      .select({ spent: sql<number>`coalesce(-sum(${ledgerEntries.delta}), 0)` })
      .from(ledgerEntries)
      .innerJoin(jobs, eq(jobs.id, ledgerEntries.jobId))
      .where(
        and(
          eq(jobs.guildId, p("guildId")),
          eq(jobs.userId, p("userId")),
          sql`${jobs.createdAt} >= ${p("since")}`,
        ),
      )
      .prepare(),

    jobOwner: db
      .select({ guildId: jobs.guildId, state: jobs.state })
      .from(jobs)
      .where(eq(jobs.id, p("jobId")))
      .prepare(),

    jobEntries: db
      .select({
        net: sql<number>`coalesce(sum(${ledgerEntries.delta}), 0)`,
        refunded: sql<number>`coalesce(max(${ledgerEntries.kind} = 'refund'), 0)`,
        settled: sql<number>`coalesce(max(${ledgerEntries.kind} = 'adjust'), 0)`,
      })
      .from(ledgerEntries)
      .where(eq(ledgerEntries.jobId, p("jobId")))
      .prepare(),

    history: db
      .select()
      .from(ledgerEntries)
      .where(eq(ledgerEntries.guildId, p("guildId")))
      .orderBy(desc(ledgerEntries.id))
      .limit(p("limit"))
      .offset(p("offset"))
      .prepare(),

    entryCount: db
      .select({ count: sql<number>`count(*)` })
      .from(ledgerEntries)
      .where(eq(ledgerEntries.guildId, p("guildId")))
      .prepare(),
  };
}

export type LedgerStatements = ReturnType<typeof prepareLedgerStatements>;
