import { randomUUID } from "node:crypto";
import type { BotDatabase } from "../db/client.js";
import type { Job, LedgerEntry, LedgerKind } from "../db/schema.js";
import { immediateTransaction } from "../db/transaction.js";
import type { Clock } from "./clock.js";
import { InvalidAmountError, RemoveExceedsBalanceError } from "./ledger-refusals.js";
import { prepareLedgerStatements } from "./ledger-statements.js";
import { createReservationChecks } from "./reservation-checks.js";

export const MAX_TOP_UP = 1_000_000;
export const HISTORY_PAGE_SIZE = 10;

export interface LedgerLimits {
  readonly activeJobsPerGuild: number;
  readonly activeJobsPerUser: number;
}

export interface AdminChange {
  readonly guildId: string;
  readonly amount: number;
  readonly actorId: string;
  readonly reason?: string | null;
}

/** Everything a job row needs except what the reservation itself decides. */
export type JobReservation = Pick<
  Job,
  | "guildId"
  | "channelId"
  | "userId"
  | "kind"
  | "prompt"
  | "aspectRatio"
  | "resolution"
  | "duration"
  | "audio"
  | "fixedLens"
  | "imageUrl"
  | "price"
  | "applicationId"
  | "interactionToken"
  | "tokenExpiresAt"
  | "uploadLimitBytes"
>;

export interface HistoryPage {
  readonly entries: LedgerEntry[];
  readonly page: number;
  readonly pageCount: number;
}

export type Ledger = ReturnType<typeof createLedger>;

/**
 * The server credit ledger. Every change is an append-only entry written in the same
 * transaction as the cached balance; the schema refuses a negative balance, a second charge,
 * a second refund, and refunds beyond the charge.
 */
export function createLedger(database: BotDatabase, clock: Clock, limits: LedgerLimits) {
  const statements = prepareLedgerStatements(database.db);
  const checks = createReservationChecks(statements, clock, limits);

  function applyEntry(
    guildId: string,
    delta: number,
    kind: LedgerKind,
    details: { jobId?: string | null; actorId?: string | null; reason?: string | null },
  ): number {
    const now = clock.now();
    statements.insertEntry.run({
      guildId,
      delta,
      kind,
      jobId: details.jobId ?? null,
      actorId: details.actorId ?? null,
      reason: details.reason ?? null,
      now,
    });
    const updated = statements.addToBalance.get({ guildId, delta });
    if (!updated) throw new Error(`Guild ${guildId} vanished while its balance was updated`);
    return updated.balance;
  }

  function balance(guildId: string): number {
    return statements.guild.get({ guildId })?.balance ?? 0;
  }

  function jobMoney(jobId: string) {
    const owner = statements.jobOwner.get({ jobId });
    if (!owner) throw new Error(`Unknown job ${jobId}`);
    const entries = statements.jobEntries.get({ jobId });
    return {
      ...owner,
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

  return {
    balance,
    spentToday: checks.spentToday,

    dailyLimit(guildId: string): number | null {
      return statements.guild.get({ guildId })?.dailyLimit ?? null;
    },

    topUp(change: AdminChange): number {
      checkAmount(change.amount);
      return immediateTransaction(database, () => {
        // Only a top-up can be a server's first entry: every other kind needs credits already.
        statements.ensureGuild.run({ guildId: change.guildId, now: clock.now() });
        return applyEntry(change.guildId, change.amount, "topup", change);
      });
    },

    /** Takes credits back; refuses rather than going below zero. */
    remove(change: AdminChange): number {
      checkAmount(change.amount);
      return immediateTransaction(database, () => {
        const available = balance(change.guildId);
        if (change.amount > available) {
          throw new RemoveExceedsBalanceError(change.amount, available);
        }
        return applyEntry(change.guildId, -change.amount, "remove", change);
      });
    },

    /** Checks balance, caps and daily limit, then charges and inserts the job, atomically. */
    reserveForJob(reservation: JobReservation): Job {
      return immediateTransaction(database, () => {
        checks.check(reservation);
        const job = statements.insertJob.get({
          ...reservation,
          id: randomUUID(),
          now: clock.now(),
        });
        if (!job) throw new Error("The job row was not inserted");
        applyEntry(reservation.guildId, -reservation.price, "charge", {
          jobId: job.id,
          actorId: reservation.userId,
        });
        return job;
      });
    },

    /**
     * Gives back what the job still holds and marks it refunded. Idempotent: a job already
     * refunded returns 0 (the unique index makes a second refund entry impossible anyway).
     */
    refundJob(jobId: string, reason: string): number {
      return immediateTransaction(database, () => {
        const money = jobMoney(jobId);
        if (money.refunded) return 0;
        if (money.state === "delivered" || money.state === "succeeded") {
          throw new Error(`Job ${jobId} succeeded and cannot be refunded`);
        }
        if (money.held > 0) applyEntry(money.guildId, money.held, "refund", { jobId, reason });
        statements.markRefunded.run({ jobId, now: clock.now() });
        return money.held;
      });
    },

    /** Gives back the difference when Seedance's real cost is below what was reserved. */
    settleJob(jobId: string, consumedCredits: number): number {
      return immediateTransaction(database, () => {
        const money = jobMoney(jobId);
        const overcharge = money.held - consumedCredits;
        if (money.settled || money.refunded || overcharge <= 0) return 0;
        applyEntry(money.guildId, overcharge, "adjust", {
          jobId,
          reason: `Seedance charged ${consumedCredits}`,
        });
        return overcharge;
      });
    },

    setDailyLimit(guildId: string, limit: number | null): void {
      if (limit !== null) checkAmount(limit);
      immediateTransaction(database, () => {
        statements.ensureGuild.run({ guildId, now: clock.now() });
        statements.setDailyLimit.run({ guildId, limit });
      });
    },

    history(guildId: string, page: number): HistoryPage {
      const total = statements.entryCount.get({ guildId })?.count ?? 0;
      const pageCount = Math.max(1, Math.ceil(total / HISTORY_PAGE_SIZE));
      const current = Math.min(Math.max(1, Math.trunc(page)), pageCount);
      const entries = statements.history.all({
        guildId,
        limit: HISTORY_PAGE_SIZE,
        offset: (current - 1) * HISTORY_PAGE_SIZE,
      });
      return { entries, page: current, pageCount };
    },
  };
}
