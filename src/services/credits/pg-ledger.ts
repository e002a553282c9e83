import { eq } from "../../db/drizzle/core.js";
import type { PgBotDatabase, PgExecutor } from "../../db/pg/client.js";
import { guilds } from "../../db/pg/schema.js";
import { MAX_TOP_UP } from "../../domain/credits.js";
import { type Clock, startOfNextUtcDay, startOfUtcDay } from "../../lib/clock.js";
import type { HistoryPage } from "./history.js";
import type { AdminChange } from "./ledger.js";
import { readPgHistory } from "./pg-ledger-history.js";
import { ledgerSteps as steps } from "./pg-ledger-steps.js";
import {
  DailyLimitError,
  InsufficientCreditsError,
  InvalidAmountError,
  RemoveExceedsBalanceError,
} from "./refusals.js";
import type { Spend } from "./reservation-checks.js";

export type PgLedger = ReturnType<typeof createPgLedger>;

/**
 * The server credit ledger on PostgreSQL, with the SQLite ledger's rules (ledger.ts) made safe
 * across processes: a write that depends on the balance first locks the server's row. The job
 * steps (`inTransaction`) run on the job store's transaction, so state and money move together.
 */
export function createPgLedger(database: PgBotDatabase, clock: Clock) {
  const { db } = database;

  function checkAmount(amount: number): void {
    if (!Number.isSafeInteger(amount) || amount < 1 || amount > MAX_TOP_UP) {
      throw new InvalidAmountError(1, MAX_TOP_UP);
    }
  }

  const spentToday = (tx: PgExecutor, guildId: string, userId: string) =>
    steps.spentSince(tx, guildId, userId, startOfUtcDay(clock.now()));

  /** Refuses a price the server's balance, as read, can't pay; returns what it read. */
  function checkCovers<T extends { balance: number }>(guild: T | undefined, spend: Spend) {
    const available = guild?.balance ?? 0;
    if (available < spend.price) throw new InsufficientCreditsError(spend.price, available);
    return guild;
  }

  /** The steps a job transition takes inside its own transaction `tx`. */
  const inTransaction = {
    /**
     * Locks the server's row for the rest of the transaction, then refuses a price it can't
     * pay. Returns the daily limit read under the same lock, for `checkDailyLimit`.
     */
    async checkBalance(tx: PgExecutor, spend: Spend): Promise<number | null> {
      const guild = checkCovers(await steps.lockGuild(tx, spend.guildId), spend);
      return guild?.dailyLimit ?? null;
    },

    async checkDailyLimit(tx: PgExecutor, spend: Spend, limit: number | null): Promise<void> {
      if (limit === null) return;
      const spent = await spentToday(tx, spend.guildId, spend.userId);
      if (spent + spend.price > limit) {
        throw new DailyLimitError(limit, spent, spend.price, startOfNextUtcDay(clock.now()));
      }
    },

    async chargeJob(tx: PgExecutor, jobId: string, spend: Spend): Promise<void> {
      const entry = { guildId: spend.guildId, delta: -spend.price, kind: "charge" as const };
      await steps.applyEntry(tx, { ...entry, now: clock.now() }, { jobId, actorId: spend.userId });
    },

    /** Gives back what the job still holds; 0 when already refunded (or nothing is held). */
    async refundJob(tx: PgExecutor, jobId: string, reason: string): Promise<number> {
      await steps.lockJob(tx, jobId);
      const money = await steps.jobMoney(tx, jobId);
      if (money.refunded || money.guildId === null || money.held <= 0) return 0;
      const entry = { guildId: money.guildId, delta: money.held, kind: "refund" as const };
      await steps.applyEntry(tx, { ...entry, now: clock.now() }, { jobId, reason });
      return money.held;
    },

    /** Gives back the difference when Seedance's real cost is below what was reserved. */
    async settleJob(tx: PgExecutor, jobId: string, consumedCredits: number): Promise<number> {
      await steps.lockJob(tx, jobId);
      const money = await steps.jobMoney(tx, jobId);
      const overcharge = money.held - consumedCredits;
      if (money.settled || money.refunded || money.guildId === null || overcharge <= 0) return 0;
      const entry = { guildId: money.guildId, delta: overcharge, kind: "adjust" as const };
      const reason = `Seedance charged ${consumedCredits}`;
      await steps.applyEntry(tx, { ...entry, now: clock.now() }, { jobId, reason });
      return overcharge;
    },
  };

  return {
    inTransaction,

    async balance(guildId: string): Promise<number> {
      return (await steps.guild(db, guildId))?.balance ?? 0;
    },

    async dailyLimit(guildId: string): Promise<number | null> {
      return (await steps.guild(db, guildId))?.dailyLimit ?? null;
    },

    spentToday: (guildId: string, userId: string): Promise<number> =>
      spentToday(db, guildId, userId),

    /**
     * The balance check alone, without the lock: a server that can't afford the job is refused
     * at once. A reservation checks again under the lock (`inTransaction.checkBalance`).
     */
    async checkAffordable(spend: Spend): Promise<void> {
      checkCovers(await steps.guild(db, spend.guildId), spend);
    },

    async topUp(change: AdminChange): Promise<number> {
      checkAmount(change.amount);
      return db.transaction(async (tx) => {
        // Only a top-up can be a server's first entry: every other kind needs credits already.
        await steps.ensureGuild(tx, change.guildId, clock.now());
        const entry = { guildId: change.guildId, delta: change.amount, kind: "topup" as const };
        return steps.applyEntry(tx, { ...entry, now: clock.now() }, change);
      });
    },

    /** Takes credits back; refuses rather than going below zero. */
    async remove(change: AdminChange): Promise<number> {
      checkAmount(change.amount);
      return db.transaction(async (tx) => {
        const available = (await steps.lockGuild(tx, change.guildId))?.balance ?? 0;
        if (change.amount > available) {
          throw new RemoveExceedsBalanceError(change.amount, available);
        }
        const entry = { guildId: change.guildId, delta: -change.amount, kind: "remove" as const };
        return steps.applyEntry(tx, { ...entry, now: clock.now() }, change);
      });
    },

    refundJob: (jobId: string, reason: string): Promise<number> =>
      db.transaction((tx) => inTransaction.refundJob(tx, jobId, reason)),

    settleJob: (jobId: string, consumedCredits: number): Promise<number> =>
      db.transaction((tx) => inTransaction.settleJob(tx, jobId, consumedCredits)),

    async setDailyLimit(guildId: string, limit: number | null): Promise<void> {
      if (limit !== null) checkAmount(limit);
      await db.transaction(async (tx) => {
        await steps.ensureGuild(tx, guildId, clock.now());
        await tx.update(guilds).set({ dailyLimit: limit }).where(eq(guilds.id, guildId));
      });
    },

    /** A page of the server's history: a line per job (its money together) or admin entry. */
    history: (guildId: string, page: number): Promise<HistoryPage> =>
      readPgHistory(db, guildId, page),
  };
}
