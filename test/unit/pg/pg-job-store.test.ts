import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openPostgres } from "../../../src/db/pg/client.js";
import type { PgLedger } from "../../../src/services/credits/pg-ledger.js";
import { InsufficientCreditsError } from "../../../src/services/credits/refusals.js";
import type { PgJobStore } from "../../../src/services/jobs/pg-job-store.js";
import type { JobStorePort, LedgerPort } from "../../../src/services/storage/storage.js";
import { ManualClock } from "../../helpers/clock.js";
import { openTempDatabase } from "../../helpers/database.js";
import {
  ADMIN_ID,
  CHANNEL_ID,
  createCredits,
  GUILD_ID,
  MEMBER_ID,
  reservation,
} from "../../helpers/jobs.js";
import { openTempPostgres, type TempPostgres } from "../../helpers/pg-database.js";
import { assertPgLedgerInvariants } from "../../helpers/pg-invariants.js";
import { createPgCredits } from "../../helpers/pg-jobs.js";

const VIDEO = "https://video.example/1.mp4";
const IN_CHANNEL = { messageId: "message-1", channelId: null };
const IN_DM = { messageId: "message-dm", channelId: "100000000000000077" };

/** The job state machine on PostgreSQL: every move checks where it comes from (job-states.ts). */
describe("job store on PostgreSQL", () => {
  let database: TempPostgres;
  let clock: ManualClock;
  let ledger: PgLedger;
  let store: PgJobStore;

  beforeEach(async () => {
    database = await openTempPostgres();
    clock = new ManualClock();
    ({ ledger, jobs: store } = createPgCredits(database, clock));
    await ledger.topUp({ guildId: GUILD_ID, amount: 1_000, actorId: ADMIN_ID });
  });
  afterEach(async () => {
    await assertPgLedgerInvariants(database);
    await database.dispose();
  });

  async function submittedJob(): Promise<string> {
    const job = await store.reserve(reservation());
    await store.recordSubmitAttempt(job.id, "message-1");
    expect(await store.markSubmitted(job.id, `task-${job.id}`, 60_000)).toBe(true);
    return job.id;
  }

  it("moves a job from reserved to delivered, each step once", async () => {
    const jobId = await submittedJob();
    expect(await store.markSubmitted(jobId, "task-again", 1)).toBe(false);
    clock.advance(50_000);
    expect(await store.markSucceeded(jobId, VIDEO, null)).toBe(true);
    expect(await store.markSucceeded(jobId, VIDEO, null)).toBe(false);
    await store.recordDeliveryAttempt(jobId);
    expect(await store.markDelivered(jobId, "attachment", IN_CHANNEL)).toBe(true);
    expect(await store.markDelivered(jobId, "link", IN_DM)).toBe(false);
    expect(await store.failAndRefund(jobId, { code: "late" })).toBe(0);
    expect(await store.get(jobId)).toMatchObject({
      state: "delivered",
      taskId: `task-${jobId}`,
      messageId: "message-1",
      submitAttempts: 1,
      deliveryAttempts: 1,
      messageChannelId: null,
      deliveryPath: "attachment",
      expectedFinishAt: clock.now() - 50_000 + 60_000,
    });
    expect(await store.recentRenderTimes({ resolution: "720p", duration: 8 }, 5)).toEqual([50_000]);
    expect(await ledger.balance(GUILD_ID)).toBe(1_000 - 28);
  });

  it("settles an overcharge with the result and ignores an implausible cost", async () => {
    const cheaper = await submittedJob();
    expect(await store.markSucceeded(cheaper, VIDEO, 20)).toBe(true);
    expect((await store.get(cheaper))?.consumedCredits).toBe(20);
    const odd = await submittedJob();
    expect(await store.markSucceeded(odd, VIDEO, 12.5)).toBe(true);
    expect((await store.get(odd))?.consumedCredits).toBeNull();
    expect(await ledger.balance(GUILD_ID)).toBe(1_000 - 20 - 28);
  });

  it("refunds a failed job once, even when two connections race to fail it", async () => {
    const jobId = await submittedJob();
    const other = await openTempPostgresOn(database.url);
    const results = await Promise.all([
      store.failAndRefund(jobId, { code: "A" }),
      other.jobs.failAndRefund(jobId, { code: "B" }),
    ]);
    await other.close();
    expect(results.sort()).toEqual([0, 28]);
    expect(await store.refund(jobId)).toBe(0);
    expect((await store.get(jobId))?.state).toBe("refunded");
    expect(await ledger.balance(GUILD_ID)).toBe(1_000);
  });

  it("is the port the services use: the SQLite store's methods, the same rows", async () => {
    const port: JobStorePort = store;
    const ledgerPort: LedgerPort = ledger;
    const sqlite = openTempDatabase();
    const twin = createCredits(sqlite, clock);
    try {
      // Plus the batch reservation, which only PostgreSQL's group commit uses.
      expect(Object.keys(port).sort()).toEqual(
        [...Object.keys(twin.jobs), "reserveTogether"].sort(),
      );
      // LedgerPort leaves out the steps that only run inside a job store transaction.
      const jobSteps = ["chargeJob", "refundJob", "settleJob", "checkBalance", "checkDailyLimit"];
      for (const name of Object.keys(twin.ledger).filter((key) => !jobSteps.includes(key))) {
        expect(ledgerPort).toHaveProperty(name);
      }
      twin.ledger.topUp({ guildId: GUILD_ID, amount: 100, actorId: ADMIN_ID });
      const [fromPg, fromSqlite] = [
        await store.reserve(reservation()),
        twin.jobs.reserve(reservation()),
      ];
      expect(Object.keys(fromPg).sort()).toEqual(Object.keys(fromSqlite).sort());
      expect({ ...fromPg, id: "" }).toEqual({ ...fromSqlite, id: "" });
    } finally {
      sqlite.dispose();
    }
  });

  it("records the first attempts of a batch in one commit, with their message ids", async () => {
    const [a, b] = [await store.reserve(reservation()), await store.reserve(reservation())];
    if (!a || !b) throw new Error("not reserved");
    await store.recordFirstSubmitAttempts([
      { id: a.id, messageId: "message-a" },
      { id: b.id, messageId: null },
    ]);
    expect(await store.get(a.id)).toMatchObject({ submitAttempts: 1, messageId: "message-a" });
    expect(await store.get(b.id)).toMatchObject({ submitAttempts: 1, messageId: null });
  });

  it("refuses a job the server can't afford before any transaction, changing nothing", async () => {
    await expect(store.checkAffordable(reservation({ price: 1_001 }))).rejects.toBeInstanceOf(
      InsufficientCreditsError,
    );
    await expect(store.checkAffordable(reservation({ price: 1_000 }))).resolves.toBeUndefined();
    expect(await store.countByState()).toMatchObject({ reserved: 0 });
  });

  it("reserves a burst in one commit, a refusal rolling back only its own reservation", async () => {
    const outcomes = await store.reserveTogether([
      reservation({ price: 600 }),
      reservation({ price: 600 }), // the 1,000 left after the first can't pay this
      reservation({ price: 400 }),
    ]);
    expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, false, true]);
    expect(outcomes[1]).toMatchObject({ error: expect.any(InsufficientCreditsError) });
    expect(await ledger.balance(GUILD_ID)).toBe(0);
    expect(await store.countByState()).toMatchObject({ reserved: 2 });
  });

  it("owes the member a failure notice until it lands, and remembers where it landed", async () => {
    const told = await submittedJob();
    const silent = await submittedJob();
    expect(await store.failAndRefund(told, { code: "failed", detail: "no" })).toBe(28);
    expect(await store.failAndRefund(silent, { code: "failed" }, false)).toBe(28);
    expect((await store.pendingNotices()).map((job) => job.id)).toEqual([told]);

    await store.markNoticeDelivered(told, IN_DM);
    expect(await store.pendingNotices()).toEqual([]);
    expect(await store.get(told)).toMatchObject({
      state: "refunded",
      noticePending: false,
      errorMessage: "no",
      messageId: IN_DM.messageId,
      messageChannelId: IN_DM.channelId,
      channelId: CHANNEL_ID,
    });
  });

  it("refunds a job found failed, with or without a notice owed", async () => {
    const jobId = await submittedJob();
    await database.pool.query("UPDATE jobs SET state = 'failed' WHERE id = $1", [jobId]);
    expect(await store.refund(jobId, false)).toBe(28);
    expect(await store.get(jobId)).toMatchObject({ state: "refunded", noticePending: false });
    expect(await store.refund(jobId)).toBe(0);
  });

  it("lists a member's unfinished and finished jobs and counts jobs by state", async () => {
    const done = await submittedJob();
    await store.failAndRefund(done, { code: "failed" });
    clock.advance(1);
    const open = await store.reserve(reservation());
    expect((await store.unfinished()).map((job) => job.id)).toEqual([open.id]);
    expect((await store.activeFor(GUILD_ID, MEMBER_ID)).map((job) => job.id)).toEqual([open.id]);
    const finished = await store.recentlyFinishedFor(GUILD_ID, MEMBER_ID, 5);
    expect(finished.map((job) => job.id)).toEqual([done]);
    expect(await store.countByState()).toEqual({
      reserved: 1,
      submitted: 0,
      succeeded: 0,
      delivered: 0,
      failed: 0,
      refunded: 1,
    });
  });
});

/** A second pool on the same database and lease: another session racing the first. */
async function openTempPostgresOn(url: string) {
  const database = await openPostgres(url);
  return { ...createPgCredits(database, new ManualClock()), close: () => database.close() };
}
