import pg from "pg";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createPgStorage, type PgStorage } from "../../../src/services/storage/pg-storage.js";
import type { Storage } from "../../../src/services/storage/storage.js";
import { ManualClock } from "../../helpers/clock.js";
import { ADMIN_ID, GUILD_ID, reservation } from "../../helpers/jobs.js";
import { adminQuery, createTestDatabase, databaseUrl } from "../../helpers/pg-database.js";
import { assertPgLedgerInvariants } from "../../helpers/pg-invariants.js";

const LEASE = { owner: "process-a", leaseMs: 30_000 };
const SHOWN = { messageId: "message-1", channelId: null };

describe("storage on PostgreSQL", () => {
  let name: string;
  let clock: ManualClock;
  let storage: PgStorage;

  beforeEach(async () => {
    name = await createTestDatabase();
    clock = new ManualClock();
    storage = await createPgStorage(databaseUrl(name), {
      clock,
      logger: pino({ level: "silent" }),
      limits: { activeJobsPerGuild: 5, activeJobsPerUser: 5 },
      lease: LEASE,
      maxConnections: 3,
    });
    await storage.ledger.topUp({ guildId: GUILD_ID, amount: 100, actorId: ADMIN_ID });
  });
  afterEach(async () => {
    await storage.close();
    await adminQuery(`DROP DATABASE ${name} WITH (FORCE)`);
  });

  /** The same checks the SQLite tests make, on this storage's own database. */
  async function checkInvariants(): Promise<void> {
    const pool = new pg.Pool({ connectionString: databaseUrl(name), max: 1 });
    try {
      await assertPgLedgerInvariants({ pool });
    } finally {
      await pool.end();
    }
  }

  it("runs a job from reservation to delivery through the Storage port", async () => {
    const port: Storage = storage;
    const job = await port.reserve(reservation());
    expect(await storage.cluster.leases.holds(job.id)).toBe(true);
    await port.jobs.recordFirstSubmitAttempts([{ id: job.id, messageId: "message-1" }]);
    expect(await port.jobs.markSubmitted(job.id, "task-1", 60_000)).toBe(true);
    clock.advance(40_000);
    expect(await port.jobs.markSucceeded(job.id, "https://video.example/1.mp4", 20)).toBe(true);
    expect(await port.jobs.markDelivered(job.id, "attachment", SHOWN)).toBe(true);
    expect(await port.jobs.get(job.id)).toMatchObject({
      state: "delivered",
      submitAttempts: 1,
      messageId: "message-1",
      consumedCredits: 20,
    });
    expect(await port.ledger.balance(GUILD_ID)).toBe(100 - 20);
    expect(await port.jobs.recentRenderTimes(job, 3)).toEqual([40_000]);
    await checkInvariants();
  });

  it("fails and refunds a job through the port, the member's notice owed until it lands", async () => {
    const job = await storage.reserve(reservation());
    expect(await storage.jobs.failAndRefund(job.id, { code: "INTERNAL_ERROR" })).toBe(28);
    expect(await storage.jobs.failAndRefund(job.id, { code: "INTERNAL_ERROR" })).toBe(0);
    expect((await storage.jobs.pendingNotices()).map((owed) => owed.id)).toEqual([job.id]);
    await storage.jobs.markNoticeDelivered(job.id, SHOWN);
    expect(await storage.jobs.pendingNotices()).toEqual([]);
    expect(await storage.ledger.balance(GUILD_ID)).toBe(100);
    const [jobLine, topUpLine] = (await storage.ledger.history(GUILD_ID, 1)).lines;
    expect(jobLine).toMatchObject({ kind: "job", jobId: job.id, charged: 28, refunded: 28 });
    expect(topUpLine).toMatchObject({ kind: "topup", amount: 100 });
    await checkInvariants();
  });

  it("keeps settings, bot state and alert claims in the same database", async () => {
    await storage.settings.change(GUILD_ID, ADMIN_ID, { max_cost: 50 });
    expect((await storage.settings.get(GUILD_ID)).maxCost).toBe(50);
    await storage.botState.write("commands-hash", "abc");
    expect(await storage.botState.read("commands-hash")).toBe("abc");
    expect(await storage.alerts.claimAlert("owner-dm:INVALID_API_KEY", 60_000)).toBe(true);
    expect(await storage.alerts.claimAlert("owner-dm:INVALID_API_KEY", 60_000)).toBe(false);
  });

  it("says it is writable while a write can commit, and not while one would wait", async () => {
    expect(await storage.writable()).toBe(true);
    expect(await storage.botState.read("health_probe")).toBeUndefined();

    const blocker = new pg.Client({ connectionString: databaseUrl(name) });
    await blocker.connect();
    try {
      await blocker.query("BEGIN");
      await blocker.query("INSERT INTO bot_state (key, value) VALUES ('health_probe', 'held')");
      expect(await storage.writable()).toBe(false);
      await blocker.query("ROLLBACK");
      expect(await storage.writable()).toBe(true);
    } finally {
      await blocker.end();
    }
  });
});
