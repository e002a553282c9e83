import type { Db } from "../../db/client.js";
import { and, desc, eq, sql } from "../../db/drizzle/core.js";
import { guilds, jobs, ledgerEntries } from "../../db/schema.js";
import { historyGroups, historySelection } from "./history.js";

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

    historyLineCount: db
      .select({ count: historyGroups(ledgerEntries).lineCount })
      .from(ledgerEntries)
      .where(eq(ledgerEntries.guildId, p("guildId")))
      .prepare(),

    historyLines: historyQuery(db).prepare(),
  };
}

/**
 * A page of history groups, newest first by their first entry, each with that entry's details,
 * the group's sums and the job it belongs to.
 */
function historyQuery(db: Db) {
  const grouping = historyGroups(ledgerEntries);
  const groups = db.$with("history_groups").as(
    db
      .select(grouping.columns)
      .from(ledgerEntries)
      .where(eq(ledgerEntries.guildId, p("guildId")))
      .groupBy(...grouping.groupBy)
      .orderBy(grouping.newestFirst)
      .limit(p("limit"))
      .offset(p("offset")),
  );
  return db
    .with(groups)
    .select(historySelection(ledgerEntries, jobs, groups))
    .from(groups)
    .innerJoin(ledgerEntries, eq(ledgerEntries.id, groups.firstId))
    .leftJoin(jobs, eq(jobs.id, ledgerEntries.jobId))
    .orderBy(desc(groups.firstId));
}

export type LedgerStatements = ReturnType<typeof prepareLedgerStatements>;
