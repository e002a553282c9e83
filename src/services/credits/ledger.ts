import type { DatabaseConnection } from "../../db/client.js";
import { immediateTransaction } from "../../db/transaction.js";
import { type LedgerKind, MAX_TOP_UP } from "../../domain/credits.js";
import type { Clock } from "../../lib/clock.js";
import { type HistoryPage, historyLine, historyPaging } from "./history.js";
import { prepareLedgerStatements } from "./ledger-statements.js";
import { InvalidAmountError, RemoveExceedsBalanceError } from "./refusals.js";
import { createSpendChecks, type Spend } from "./reservation-checks.js";

export interface AdminChange {
  readonly guildId: string;
  readonly amount: number;
  readonly actorId: string;
  readonly reason?: string | null;
}

interface EntryDetails {
  readonly jobId?: string | null;
  readonly actorId?: string | null;
  readonly reason?: string | null;
}

export type Ledger = ReturnType<typeof createLedger>;

/**
 * The server credit ledger (DESIGN §5): it owns `guilds` and `ledger_entries`. Every change is an
 * append-only entry written in the same transaction as the cached balance; the schema refuses a
 * negative balance, a second charge, a second refund, and refunds beyond the charge. The job
 * steps (charge, refund, settle) run inside the job store's transitions, so a job's state and its
 * money always move together.
 */
export function createLedger(database: DatabaseConnection, clock: Clock) {
  const statements = prepareLedgerStatements(database.db);
  const spend = createSpendChecks(statements, clock);

  function applyEntry(guildId: string, delta: number, kind: LedgerKind, details: EntryDetails) {
    statements.insertEntry.run({
      guildId,
      delta,
      kind,
      jobId: details.jobId ?? null,
      actorId: details.actorId ?? null,
      reason: details.reason ?? null,
      now: clock.now(),
    });
    const updated = statements.addToBalance.get({ guildId, delta });
    if (!updated) throw new Error(`Guild ${guildId} vanished while its balance was updated`);
    return updated.balance;
  }

  function balance(guildId: string): number {
    return statements.guild.get({ guildId })?.balance ?? 0;
  }

  /** What a job's entries add up to: the credits it still holds, and what was given back. */
  function jobMoney(jobId: string) {
    const entries = statements.jobEntries.get({ jobId });
    return {
      guildId: entries?.guildId ?? null,
      held: -(entries?.net ?? 0),
      refunded: Boolean(entries?.refunded),
      settled: Boolean(entries?.settled),
    };
  }

  function checkAmount(amount: number): void {
    if (!Number.isSafeInteger(amount) || amount < 1 || amount > MAX_TOP_UP) {
      throw new InvalidAmountError(1, MAX_TOP_UP);
    }
  }

  const inTransaction = <T>(work: () => T) => immediateTransaction(database, work);

  return {
    balance,
    spentToday: spend.spentToday,
    checkBalance: spend.checkBalance,
    checkDailyLimit: spend.checkDailyLimit,

    dailyLimit(guildId: string): number | null {
      return statements.guild.get({ guildId })?.dailyLimit ?? null;
    },

    topUp(change: AdminChange): number {
      checkAmount(change.amount);
      return inTransaction(() => {
        // Only a top-up can be a server's first entry: every other kind needs credits already.
        statements.ensureGuild.run({ guildId: change.guildId, now: clock.now() });
        return applyEntry(change.guildId, change.amount, "topup", change);
      });
    },

    /** Takes credits back; refuses rather than going below zero. */
    remove(change: AdminChange): number {
      checkAmount(change.amount);
      return inTransaction(() => {
        const available = balance(change.guildId);
        if (change.amount > available) {
          throw new RemoveExceedsBalanceError(change.amount, available);
        }
        return applyEntry(change.guildId, -change.amount, "remove", change);
      });
    },

    /** The charge for a job just inserted; part of the reservation's transaction. */
    chargeJob(jobId: string, spending: Spend): void {
      applyEntry(spending.guildId, -spending.price, "charge", {
        jobId,
        actorId: spending.userId,
      });
    },

    /**
     * Gives back what the job still holds. Idempotent: a job already refunded returns 0 (the
     * unique index makes a second refund entry impossible anyway).
     */
    refundJob(jobId: string, reason: string): number {
      return inTransaction(() => {
        const money = jobMoney(jobId);
        if (money.refunded || money.guildId === null || money.held <= 0) return 0;
        applyEntry(money.guildId, money.held, "refund", { jobId, reason });
        return money.held;
      });
    },

    /** Gives back the difference when Seedance's real cost is below what was reserved. */
    settleJob(jobId: string, consumedCredits: number): number {
      return inTransaction(() => {
        const money = jobMoney(jobId);
        const overcharge = money.held - consumedCredits;
        if (money.settled || money.refunded || money.guildId === null || overcharge <= 0) return 0;
        applyEntry(money.guildId, overcharge, "adjust", {
          jobId,
          reason: `Seedance charged ${consumedCredits}`,
        });
        return overcharge;
      });
    },

    setDailyLimit(guildId: string, limit: number | null): void {
      if (limit !== null) checkAmount(limit);
      inTransaction(() => {
        statements.ensureGuild.run({ guildId, now: clock.now() });
        statements.setDailyLimit.run({ guildId, limit });
      });
    },

    /** A page of the server's history: a line per job (its money together) or admin entry. */
    history(guildId: string, page: number): HistoryPage {
      const lineCount = statements.historyLineCount.get({ guildId })?.count ?? 0;
      const paging = historyPaging(lineCount, page);
      const rows = statements.historyLines.all({ guildId, ...paging });
      return { lines: rows.map(historyLine), page: paging.page, pageCount: paging.pageCount };
    },
  };
}
