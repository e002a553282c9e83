import { and, eq, gte, sql } from "../../db/drizzle/core.js";
import type { PgExecutor } from "../../db/pg/client.js";
import { guilds, jobs, ledgerEntries } from "../../db/pg/schema.js";
import type { LedgerKind } from "../../domain/credits.js";

export interface EntryDetails {
  readonly jobId?: string | null;
  readonly actorId?: string | null;
  readonly reason?: string | null;
}

/**
 * The ledger's statements on PostgreSQL, each run on the transaction it is given: a reservation,
 * a refund or a settlement is one transaction that several of these share with the job store.
 */
export const ledgerSteps = {
  async ensureGuild(tx: PgExecutor, guildId: string, now: number): Promise<void> {
    await tx.insert(guilds).values({ id: guildId, createdAt: now }).onConflictDoNothing();
  },

  /**
   * Reads the server's row and locks it until the transaction ends: every check and write that
   * follows sees the balance no other process can change meanwhile.
   */
  async lockGuild(tx: PgExecutor, guildId: string) {
    const [row] = await tx
      .select({ balance: guilds.balance, dailyLimit: guilds.dailyLimit })
      .from(guilds)
      .where(eq(guilds.id, guildId))
      .for("update");
    return row;
  },

  /** Locks a job's row, so two transactions never weigh the same job's money at once. */
  async lockJob(tx: PgExecutor, jobId: string): Promise<void> {
    await tx.select({ id: jobs.id }).from(jobs).where(eq(jobs.id, jobId)).for("no key update");
  },

  async guild(tx: PgExecutor, guildId: string) {
    const [row] = await tx
      .select({ balance: guilds.balance, dailyLimit: guilds.dailyLimit })
      .from(guilds)
      .where(eq(guilds.id, guildId));
    return row;
  },

  /** Appends the entry and moves the cached balance with it; returns the new balance. */
  async applyEntry(
    tx: PgExecutor,
    entry: { guildId: string; delta: number; kind: LedgerKind; now: number },
    details: EntryDetails,
  ): Promise<number> {
    const { guildId, delta, kind, now } = entry;
    await tx.insert(ledgerEntries).values({
      guildId,
      delta,
      kind,
      jobId: details.jobId ?? null,
      actorId: details.actorId ?? null,
      reason: details.reason ?? null,
      createdAt: now,
    });
    const [updated] = await tx
      .update(guilds)
      .set({ balance: sql`${guilds.balance} + ${delta}` })
      .where(eq(guilds.id, guildId))
      .returning({ balance: guilds.balance });
    if (!updated) throw new Error(`Guild ${guildId} vanished while its balance was updated`);
    return updated.balance;
  },

  /** Net spend: charges minus refunds and settlements of the member's jobs started since then. */
  async spentSince(tx: PgExecutor, guildId: string, userId: string, since: number) {
    const [row] = await tx
      .select({ spent: sql`coalesce(-sum(${ledgerEntries.delta}), 0)`.mapWith(Number) })
      .from(ledgerEntries)
      .innerJoin(jobs, eq(jobs.id, ledgerEntries.jobId))
      .where(and(eq(jobs.guildId, guildId), eq(jobs.userId, userId), gte(jobs.createdAt, since)));
    return row?.spent ?? 0;
  },

  /** What a job's entries add up to: the credits it still holds, and what was given back. */
  async jobMoney(tx: PgExecutor, jobId: string) {
    const [row] = await tx
      .select({
        guildId: sql<string | null>`max(${ledgerEntries.guildId})`,
        net: sql`coalesce(sum(${ledgerEntries.delta}), 0)`.mapWith(Number),
        refunded: sql<boolean>`coalesce(bool_or(${ledgerEntries.kind} = 'refund'), false)`,
        settled: sql<boolean>`coalesce(bool_or(${ledgerEntries.kind} = 'adjust'), false)`,
      })
      .from(ledgerEntries)
      .where(eq(ledgerEntries.jobId, jobId));
    return {
      guildId: row?.guildId ?? null,
      held: -(row?.net ?? 0),
      refunded: row?.refunded ?? false,
      settled: row?.settled ?? false,
    };
  },
};
