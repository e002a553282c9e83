import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MAX_TOP_UP } from "../../src/domain/credits.js";
import type { Ledger } from "../../src/services/credits/ledger.js";
import {
  DailyLimitError,
  InsufficientCreditsError,
  InvalidAmountError,
  RemoveExceedsBalanceError,
  TooManyActiveJobsError,
} from "../../src/services/credits/refusals.js";
import type { JobStore } from "../../src/services/jobs/job-store.js";
import { ManualClock } from "../helpers/clock.js";
import { openTempDatabase, type TempDatabase } from "../helpers/database.js";
import { describeHistory } from "../helpers/history-scenario.js";
import { assertLedgerInvariants } from "../helpers/invariants.js";
import { ADMIN_ID, createCredits, GUILD_ID, MEMBER_ID, reservation } from "../helpers/jobs.js";

const OTHER_MEMBER = "100000000000000005";

describe("ledger", () => {
  let database: TempDatabase;
  let clock: ManualClock;
  let ledger: Ledger;
  let jobs: JobStore;

  beforeEach(() => {
    database = openTempDatabase();
    clock = new ManualClock();
    ({ ledger, jobs } = createCredits(database, clock, {
      activeJobsPerGuild: 3,
      activeJobsPerUser: 2,
    }));
  });

  afterEach(() => {
    assertLedgerInvariants(database);
    database.dispose();
  });

  const topUp = (amount: number) =>
    ledger.topUp({ guildId: GUILD_ID, amount, actorId: ADMIN_ID, reason: "test" });

  describe("top-ups and removals", () => {
    it("adds credits and records who added them and why", () => {
      expect(topUp(100)).toBe(100);
      expect(ledger.balance(GUILD_ID)).toBe(100);
      const [line] = ledger.history(GUILD_ID, 1).lines;
      expect(line).toMatchObject({ kind: "topup", amount: 100, actorId: ADMIN_ID, reason: "test" });
    });

    it.each([0, -5, 1.5, MAX_TOP_UP + 1, Number.NaN])("refuses the amount %s", (amount) => {
      expect(() => topUp(amount)).toThrow(InvalidAmountError);
      expect(ledger.balance(GUILD_ID)).toBe(0);
      expect(ledger.history(GUILD_ID, 1).lines).toHaveLength(0);
    });

    it("removes credits but never below zero", () => {
      topUp(50);
      expect(ledger.remove({ guildId: GUILD_ID, amount: 20, actorId: ADMIN_ID })).toBe(30);
      expect(() => ledger.remove({ guildId: GUILD_ID, amount: 31, actorId: ADMIN_ID })).toThrow(
        RemoveExceedsBalanceError,
      );
      expect(ledger.balance(GUILD_ID)).toBe(30);
    });

    it("reports an unknown server's balance as zero", () => {
      expect(ledger.balance("199999999999999999")).toBe(0);
    });
  });

  describe("reservations", () => {
    it("charges the price and inserts the job in the reserved state", () => {
      topUp(100);
      const job = jobs.reserve(reservation());
      expect(job).toMatchObject({ state: "reserved", price: 28, audio: false, taskId: null });
      expect(ledger.balance(GUILD_ID)).toBe(72);
      const [charge] = ledger.history(GUILD_ID, 1).lines;
      expect(charge).toMatchObject({ kind: "job", charged: 28, jobId: job.id, userId: MEMBER_ID });
    });

    it("accepts a job that costs exactly the balance, leaving zero", () => {
      topUp(28);
      jobs.reserve(reservation());
      expect(ledger.balance(GUILD_ID)).toBe(0);
    });

    it("refuses when the server cannot afford it, naming the cost and the balance", () => {
      topUp(27);
      const attempt = () => jobs.reserve(reservation());
      expect(attempt).toThrow(InsufficientCreditsError);
      expect(attempt).toThrow(/costs \*\*28 credits\*\*.*only has \*\*27 credits/);
      expect(ledger.balance(GUILD_ID)).toBe(27);
    });

    it("caps active jobs per member and per server", () => {
      topUp(1_000);
      jobs.reserve(reservation());
      jobs.reserve(reservation());
      expect(() => jobs.reserve(reservation())).toThrow(TooManyActiveJobsError);
      jobs.reserve(reservation({ userId: OTHER_MEMBER }));
      const serverFull = () => jobs.reserve(reservation({ userId: OTHER_MEMBER }));
      expect(serverFull).toThrow(/This server already has 3 videos generating/);
      expect(ledger.balance(GUILD_ID)).toBe(1_000 - 3 * 28);
    });

    it("frees a slot when a job leaves the active states", () => {
      topUp(1_000);
      const first = jobs.reserve(reservation());
      jobs.reserve(reservation());
      jobs.failAndRefund(first.id, { code: "test" });
      expect(() => jobs.reserve(reservation())).not.toThrow();
    });

    it("enforces the daily limit on net spend and says when it resets", () => {
      topUp(1_000);
      ledger.setDailyLimit(GUILD_ID, 60);
      const first = jobs.reserve(reservation());
      jobs.failAndRefund(first.id, { code: "failed" }); // refunded spend does not count
      jobs.reserve(reservation());
      jobs.reserve(reservation({ userId: OTHER_MEMBER }));
      expect(ledger.spentToday(GUILD_ID, MEMBER_ID)).toBe(28);
      const overLimit = () => jobs.reserve(reservation({ price: 56, audio: true }));
      expect(overLimit).toThrow(DailyLimitError);
      expect(overLimit).toThrow(/daily limit of 60 credits.*32 credits left today/);
      clock.advance(24 * 3_600_000);
      expect(ledger.spentToday(GUILD_ID, MEMBER_ID)).toBe(0);
    });

    it("removes the daily limit with null", () => {
      ledger.setDailyLimit(GUILD_ID, 10);
      expect(ledger.dailyLimit(GUILD_ID)).toBe(10);
      ledger.setDailyLimit(GUILD_ID, null);
      expect(ledger.dailyLimit(GUILD_ID)).toBeNull();
    });
  });

  describe("refunds and settlement", () => {
    it("refunds a job exactly once", () => {
      topUp(100);
      const job = jobs.reserve(reservation());
      expect(jobs.failAndRefund(job.id, { code: "Seedance failed" })).toBe(28);
      expect(jobs.failAndRefund(job.id, { code: "again" })).toBe(0);
      expect(ledger.balance(GUILD_ID)).toBe(100);
      const [line] = ledger.history(GUILD_ID, 1).lines;
      expect(line).toMatchObject({ kind: "job", charged: 28, refunded: 28 });
    });

    it("has the schema refuse a second refund entry even if code tried", () => {
      topUp(100);
      const job = jobs.reserve(reservation());
      const refundOne = () =>
        database.sqlite.transaction(() => {
          database.sqlite
            .prepare(
              `INSERT INTO ledger_entries (guild_id, delta, kind, job_id, created_at)
               VALUES (?, 1, 'refund', ?, 0)`,
            )
            .run(GUILD_ID, job.id);
          database.sqlite.prepare("UPDATE guilds SET balance = balance + 1").run();
        })();
      refundOne();
      expect(refundOne).toThrow(/UNIQUE constraint failed/);
    });

    it("has the schema refuse refunds beyond the charge", () => {
      topUp(100);
      const job = jobs.reserve(reservation());
      const insert = database.sqlite.prepare(
        "INSERT INTO ledger_entries (guild_id, delta, kind, job_id, created_at) VALUES (?, ?, 'adjust', ?, 0)",
      );
      expect(() => insert.run(GUILD_ID, 29, job.id)).toThrow(/more than it was charged/);
    });

    it("gives back the difference when Seedance charged less, once", () => {
      topUp(100);
      const job = jobs.reserve(reservation());
      expect(ledger.settleJob(job.id, 20)).toBe(8);
      expect(ledger.settleJob(job.id, 10)).toBe(0);
      expect(ledger.balance(GUILD_ID)).toBe(80);
    });

    it("never charges more when Seedance reports a higher cost", () => {
      topUp(100);
      const job = jobs.reserve(reservation());
      expect(ledger.settleJob(job.id, 40)).toBe(0);
      expect(ledger.balance(GUILD_ID)).toBe(72);
    });

    it("refunds only what a settled job still holds", () => {
      topUp(100);
      const job = jobs.reserve(reservation());
      ledger.settleJob(job.id, 20);
      expect(jobs.failAndRefund(job.id, { code: "failed" })).toBe(20);
      expect(ledger.balance(GUILD_ID)).toBe(100);
    });
  });

  describeHistory(
    () => ({ ledger, jobs }),
    () => clock,
  );

  describe("schema guards", () => {
    it("refuses to update or delete ledger entries", () => {
      topUp(10);
      expect(() => database.sqlite.exec("UPDATE ledger_entries SET delta = 999")).toThrow(
        /append-only/,
      );
      expect(() => database.sqlite.exec("DELETE FROM ledger_entries")).toThrow(/append-only/);
    });

    it("refuses a negative balance", () => {
      topUp(10);
      expect(() => database.sqlite.exec("UPDATE guilds SET balance = -1")).toThrow(/CHECK/);
    });

    it("refuses an entry whose sign does not match its kind", () => {
      topUp(10);
      const insert = database.sqlite.prepare(
        "INSERT INTO ledger_entries (guild_id, delta, kind, created_at) VALUES (?, ?, ?, 0)",
      );
      expect(() => insert.run(GUILD_ID, -5, "topup")).toThrow(/CHECK/);
      expect(() => insert.run(GUILD_ID, 0, "remove")).toThrow(/CHECK/);
    });
  });
});
