import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MAX_TOP_UP } from "../../../src/domain/credits.js";
import type { PgLedger } from "../../../src/services/credits/pg-ledger.js";
import {
  DailyLimitError,
  InsufficientCreditsError,
  InvalidAmountError,
  RemoveExceedsBalanceError,
  TooManyActiveJobsError,
} from "../../../src/services/credits/refusals.js";
import type { PgJobStore } from "../../../src/services/jobs/pg-job-store.js";
import { ManualClock } from "../../helpers/clock.js";
import { describeHistory } from "../../helpers/history-scenario.js";
import { ADMIN_ID, GUILD_ID, MEMBER_ID, reservation } from "../../helpers/jobs.js";
import { openTempPostgres, type TempPostgres } from "../../helpers/pg-database.js";
import { assertPgLedgerInvariants } from "../../helpers/pg-invariants.js";
import { createPgCredits, TEST_LEASE } from "../../helpers/pg-jobs.js";

const OTHER_MEMBER = "100000000000000005";

/** test/unit/ledger.test.ts against PostgreSQL: the same rules, awaited. */
describe("ledger on PostgreSQL", () => {
  let database: TempPostgres;
  let clock: ManualClock;
  let ledger: PgLedger;
  let jobs: PgJobStore;

  beforeEach(async () => {
    database = await openTempPostgres();
    clock = new ManualClock();
    ({ ledger, jobs } = createPgCredits(database, clock, {
      activeJobsPerGuild: 3,
      activeJobsPerUser: 2,
    }));
  });

  afterEach(async () => {
    await assertPgLedgerInvariants(database);
    await database.dispose();
  });

  const topUp = (amount: number) =>
    ledger.topUp({ guildId: GUILD_ID, amount, actorId: ADMIN_ID, reason: "test" });
  const sql = (statement: string, values: unknown[] = []) => database.pool.query(statement, values);

  describe("top-ups and removals", () => {
    it("adds credits and records who added them and why", async () => {
      expect(await topUp(100)).toBe(100);
      expect(await ledger.balance(GUILD_ID)).toBe(100);
      const [line] = (await ledger.history(GUILD_ID, 1)).lines;
      expect(line).toMatchObject({ kind: "topup", amount: 100, actorId: ADMIN_ID, reason: "test" });
    });

    it.each([0, -5, 1.5, MAX_TOP_UP + 1, Number.NaN])("refuses the amount %s", async (amount) => {
      await expect(topUp(amount)).rejects.toThrow(InvalidAmountError);
      expect(await ledger.balance(GUILD_ID)).toBe(0);
      expect((await ledger.history(GUILD_ID, 1)).lines).toHaveLength(0);
    });

    it("removes credits but never below zero", async () => {
      await topUp(50);
      expect(await ledger.remove({ guildId: GUILD_ID, amount: 20, actorId: ADMIN_ID })).toBe(30);
      await expect(
        ledger.remove({ guildId: GUILD_ID, amount: 31, actorId: ADMIN_ID }),
      ).rejects.toThrow(RemoveExceedsBalanceError);
      expect(await ledger.balance(GUILD_ID)).toBe(30);
    });

    it("reports an unknown server's balance as zero", async () => {
      expect(await ledger.balance("199999999999999999")).toBe(0);
    });
  });

  describe("reservations", () => {
    it("charges the price and inserts the job in the reserved state", async () => {
      await topUp(100);
      const job = await jobs.reserve(reservation());
      expect(job).toMatchObject({ state: "reserved", price: 28, audio: false, taskId: null });
      const leased = "SELECT lease_owner, lease_expires_at FROM jobs WHERE id = $1";
      expect((await database.pool.query(leased, [job.id])).rows).toEqual([
        {
          lease_owner: TEST_LEASE.owner,
          lease_expires_at: String(clock.now() + TEST_LEASE.leaseMs),
        },
      ]);
      expect(await ledger.balance(GUILD_ID)).toBe(72);
      const [charge] = (await ledger.history(GUILD_ID, 1)).lines;
      expect(charge).toMatchObject({ kind: "job", charged: 28, jobId: job.id, userId: MEMBER_ID });
    });

    it("refuses when the server cannot afford it, naming the cost and the balance", async () => {
      await topUp(27);
      await expect(jobs.reserve(reservation())).rejects.toThrow(InsufficientCreditsError);
      await expect(jobs.reserve(reservation())).rejects.toThrow(
        /costs \*\*28 credits\*\*.*only has \*\*27 credits/,
      );
      expect(await ledger.balance(GUILD_ID)).toBe(27);
    });

    it("spends the last credit: a balance of exactly the price is enough", async () => {
      await topUp(28);
      await jobs.reserve(reservation());
      expect(await ledger.balance(GUILD_ID)).toBe(0);
    });

    it("caps active jobs per member and per server", async () => {
      await topUp(1_000);
      await jobs.reserve(reservation());
      await jobs.reserve(reservation());
      await expect(jobs.reserve(reservation())).rejects.toThrow(TooManyActiveJobsError);
      await jobs.reserve(reservation({ userId: OTHER_MEMBER }));
      await expect(jobs.reserve(reservation({ userId: OTHER_MEMBER }))).rejects.toThrow(
        /This server already has 3 videos generating/,
      );
      expect(await ledger.balance(GUILD_ID)).toBe(1_000 - 3 * 28);
    });

    it("frees a slot when a job leaves the active states", async () => {
      await topUp(1_000);
      const first = await jobs.reserve(reservation());
      await jobs.reserve(reservation());
      await jobs.failAndRefund(first.id, { code: "test" });
      await expect(jobs.reserve(reservation())).resolves.toMatchObject({ state: "reserved" });
    });

    it("enforces the daily limit on net spend and says when it resets", async () => {
      await topUp(1_000);
      await ledger.setDailyLimit(GUILD_ID, 60);
      const first = await jobs.reserve(reservation());
      await jobs.failAndRefund(first.id, { code: "failed" }); // refunded spend does not count
      await jobs.reserve(reservation());
      await jobs.reserve(reservation({ userId: OTHER_MEMBER }));
      expect(await ledger.spentToday(GUILD_ID, MEMBER_ID)).toBe(28);
      const overLimit = () => jobs.reserve(reservation({ price: 56, audio: true }));
      await expect(overLimit()).rejects.toThrow(DailyLimitError);
      await expect(overLimit()).rejects.toThrow(/daily limit of 60 credits.*32 credits left today/);
      clock.advance(24 * 3_600_000);
      expect(await ledger.spentToday(GUILD_ID, MEMBER_ID)).toBe(0);
    });

    it("removes the daily limit with null", async () => {
      await ledger.setDailyLimit(GUILD_ID, 10);
      expect(await ledger.dailyLimit(GUILD_ID)).toBe(10);
      await ledger.setDailyLimit(GUILD_ID, null);
      expect(await ledger.dailyLimit(GUILD_ID)).toBeNull();
    });
  });

  describe("refunds and settlement", () => {
    it("refunds a job exactly once", async () => {
      await topUp(100);
      const job = await jobs.reserve(reservation());
      expect(await jobs.failAndRefund(job.id, { code: "Seedance failed" })).toBe(28);
      expect(await jobs.failAndRefund(job.id, { code: "again" })).toBe(0);
      expect(await ledger.balance(GUILD_ID)).toBe(100);
      const [line] = (await ledger.history(GUILD_ID, 1)).lines;
      expect(line).toMatchObject({ kind: "job", charged: 28, refunded: 28 });
    });

    it("has the schema refuse a second refund entry even if code tried", async () => {
      await topUp(100);
      const job = await jobs.reserve(reservation());
      const refundOne = () =>
        sql(
          `WITH entry AS (INSERT INTO ledger_entries (guild_id, delta, kind, job_id, created_at)
             VALUES ($1, 1, 'refund', $2, 0))
           UPDATE guilds SET balance = balance + 1`,
          [GUILD_ID, job.id],
        );
      await refundOne();
      await expect(refundOne()).rejects.toThrow(/ledger_one_refund_per_job/);
    });

    it("has the schema refuse refunds beyond the charge", async () => {
      await topUp(100);
      const job = await jobs.reserve(reservation());
      const insert = sql(
        "INSERT INTO ledger_entries (guild_id, delta, kind, job_id, created_at) VALUES ($1, 29, 'adjust', $2, 0)",
        [GUILD_ID, job.id],
      );
      await expect(insert).rejects.toThrow(/more than it was charged/);
    });

    it("gives back the difference when Seedance charged less, once", async () => {
      await topUp(100);
      const job = await jobs.reserve(reservation());
      expect(await ledger.settleJob(job.id, 20)).toBe(8);
      expect(await ledger.settleJob(job.id, 10)).toBe(0);
      expect(await ledger.balance(GUILD_ID)).toBe(80);
    });

    it("never charges more when Seedance reports a higher cost", async () => {
      await topUp(100);
      const job = await jobs.reserve(reservation());
      expect(await ledger.settleJob(job.id, 40)).toBe(0);
      expect(await ledger.balance(GUILD_ID)).toBe(72);
    });

    it("refunds only what a settled job still holds", async () => {
      await topUp(100);
      const job = await jobs.reserve(reservation());
      await ledger.settleJob(job.id, 20);
      expect(await jobs.failAndRefund(job.id, { code: "failed" })).toBe(20);
      expect(await ledger.balance(GUILD_ID)).toBe(100);
    });
  });

  describeHistory(
    () => ({ ledger, jobs }),
    () => clock,
  );
});
