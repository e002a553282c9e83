import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { guilds, jobs, ledgerEntries } from "../../db/schema.js";

const p = sql.placeholder;

/**
 * The ledger's statements, prepared once per connection: reservations run on the interaction's
 * hot path, where re-planning SQL for every command would cost more than the write itself. The
 * ledger writes `guilds` and `ledger_entries` only; it reads jobs to count a member's spend.
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

    jobEntries: db
      .select({
        guildId: sql<string | null>`max(${ledgerEntries.guildId})`,
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
