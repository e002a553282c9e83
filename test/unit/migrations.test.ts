import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.js";
import { assertLedgerInvariants } from "../helpers/invariants.js";
import { databaseMigratedUpTo } from "../helpers/migrations.js";

const GUILD = "100000000000000001";
const JOB_COLUMNS =
  "id, guild_id, channel_id, user_id, kind, prompt, aspect_ratio, resolution, duration, audio, " +
  "fixed_lens, price, state, application_id, interaction_token, token_expires_at, " +
  "upload_limit_bytes, consumed_credits, created_at, updated_at";

/** What a bot running the first two migrations could have stored: jobs in every money state. */
function seed(sqlite: Database.Database): void {
  const job = sqlite.prepare(
    `INSERT INTO jobs (${JOB_COLUMNS}) VALUES (?, '${GUILD}', '2', '3', 'text', 'a fox', '16:9',
     '720p', 8, 0, 0, 28, ?, '9', 'tok', 0, 1024, ?, 1, 1)`,
  );
  const entry = sqlite.prepare(
    "INSERT INTO ledger_entries (guild_id, delta, kind, job_id, actor_id, reason, created_at) VALUES (?, ?, ?, ?, ?, ?, 1)",
  );
  sqlite
    .prepare("INSERT INTO guilds (id, balance, daily_limit, created_at) VALUES (?, ?, ?, 1)")
    .run(GUILD, 100 - 28 - 20, 50);
  entry.run(GUILD, 100, "topup", null, "4", "first top-up");
  job.run("job-delivered", "delivered", 20);
  entry.run(GUILD, -28, "charge", "job-delivered", "3", null);
  entry.run(GUILD, 8, "adjust", "job-delivered", null, "Seedance charged 20");
  job.run("job-refunded", "refunded", null);
  entry.run(GUILD, -28, "charge", "job-refunded", "3", null);
  entry.run(GUILD, 28, "refund", "job-refunded", null, "failed");
  job.run("job-running", "submitted", null);
  entry.run(GUILD, -28, "charge", "job-running", "3", null);
}

const dump = (sqlite: Database.Database) =>
  Object.fromEntries(
    ["guilds", "jobs", "ledger_entries"].map((table) => [
      table,
      sqlite.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all(),
    ]),
  );

describe("upgrading a database made by the earlier migrations", () => {
  let folder: string;
  let path: string;
  let before: ReturnType<typeof dump>;

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), "seedance-bot-migrate-"));
    path = join(folder, "bot.db");
    const old = databaseMigratedUpTo(path, "0001_ledger_guards", folder);
    seed(old);
    before = dump(old);
    old.close();
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it("keeps every row and the foreign keys intact", () => {
    const database = openDatabase(path);
    try {
      // Later migrations may add columns; every value that was there stays as it was.
      expect(dump(database.sqlite)).toMatchObject(before);
      expect(database.sqlite.pragma("foreign_key_check")).toEqual([]);
      expect(database.sqlite.pragma("integrity_check", { simple: true })).toBe("ok");
      expect(database.sqlite.pragma("foreign_keys", { simple: true })).toBe(1);
      assertLedgerInvariants(database);
    } finally {
      database.close();
    }
  });

  it("still has the ledger's guards afterwards, and they still fire", () => {
    const database = openDatabase(path);
    const { sqlite } = database;
    try {
      const triggers = sqlite
        .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
        .pluck()
        .all();
      expect(triggers).toEqual([
        "ledger_entries_no_delete",
        "ledger_entries_no_update",
        "ledger_job_credits_within_charge",
      ]);
      expect(() => sqlite.exec("UPDATE ledger_entries SET delta = 999")).toThrow(/append-only/);
      expect(() => sqlite.exec("DELETE FROM ledger_entries")).toThrow(/append-only/);
      const refund = sqlite.prepare(
        "INSERT INTO ledger_entries (guild_id, delta, kind, job_id, created_at) VALUES (?, 21, 'refund', 'job-delivered', 2)",
      );
      expect(() => refund.run(GUILD)).toThrow(/refunded more than it was charged/);
    } finally {
      database.close();
    }
  });
});

describe("upgrading a database that holds a fractional settlement", () => {
  let folder: string;
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it("makes it whole in the member's favour and keeps the balance equal to its entries", () => {
    folder = mkdtempSync(join(tmpdir(), "seedance-bot-migrate-fraction-"));
    const path = join(folder, "bot.db");
    const old = databaseMigratedUpTo(path, "0001_ledger_guards", folder);
    seed(old);
    // What the old code wrote for a task Seedance said cost 12.3 credits.
    old
      .prepare(`INSERT INTO jobs (${JOB_COLUMNS}) VALUES ('job-fraction', '${GUILD}', '2', '3',
      'text', 'a fox', '16:9', '720p', 8, 0, 0, 28, 'delivered', '9', 'tok', 0, 1024, 12.3, 1, 1)`)
      .run();
    const entry = old.prepare(
      "INSERT INTO ledger_entries (guild_id, delta, kind, job_id, created_at) VALUES (?, ?, ?, 'job-fraction', 1)",
    );
    entry.run(GUILD, -28, "charge");
    entry.run(GUILD, 28 - 12.3, "adjust");
    old.prepare("UPDATE guilds SET balance = balance - 28 + ?").run(28 - 12.3);
    old.close();

    const database = openDatabase(path);
    try {
      const { sqlite } = database;
      const adjust = sqlite
        .prepare(
          "SELECT delta FROM ledger_entries WHERE job_id = 'job-fraction' AND kind = 'adjust'",
        )
        .pluck()
        .get();
      expect(adjust).toBe(16);
      const job = sqlite
        .prepare("SELECT consumed_credits FROM jobs WHERE id = 'job-fraction'")
        .get();
      expect(job).toEqual({ consumed_credits: 12 });
      expect(sqlite.prepare("SELECT balance FROM guilds").pluck().get()).toBe(52 - 28 + 16);
      assertLedgerInvariants(database);
    } finally {
      database.close();
    }
  });
});

describe("the schema holds credits to whole numbers", () => {
  let folder: string;
  let sqlite: Database.Database;
  let close: () => void;

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), "seedance-bot-integers-"));
    const database = openDatabase(join(folder, "bot.db"));
    ({ sqlite, close } = database);
    sqlite.prepare("INSERT INTO guilds (id, balance, created_at) VALUES (?, 100, 1)").run(GUILD);
    sqlite
      .prepare(`INSERT INTO jobs (${JOB_COLUMNS}) VALUES ('job', '${GUILD}', '2', '3', 'text',
      'a fox', '16:9', '720p', 8, 0, 0, 28, 'submitted', '9', 'tok', 0, 1024, NULL, 1, 1)`)
      .run();
  });
  afterEach(() => {
    close();
    rmSync(folder, { recursive: true, force: true });
  });

  it.each([
    [
      "a fractional ledger delta",
      "INSERT INTO ledger_entries (guild_id, delta, kind, created_at) VALUES ('GUILD', 2.5, 'topup', 1)",
    ],
    ["a fractional balance", "UPDATE guilds SET balance = 99.5"],
    ["a text balance", "UPDATE guilds SET balance = 'lots'"],
    ["a fractional daily limit", "UPDATE guilds SET daily_limit = 10.5"],
    ["a fractional price", "UPDATE jobs SET price = 27.5"],
    ["a fractional consumed cost", "UPDATE jobs SET consumed_credits = 12.5"],
  ])("refuses %s", (_, statement) => {
    expect(() => sqlite.exec(statement.replace("GUILD", GUILD))).toThrow(/CHECK constraint failed/);
  });

  it("still takes whole numbers and empty optional amounts", () => {
    sqlite.exec("UPDATE guilds SET balance = 90, daily_limit = NULL");
    sqlite.exec("UPDATE jobs SET consumed_credits = 20");
    sqlite.exec("UPDATE guilds SET daily_limit = 10");
    expect(sqlite.prepare("SELECT balance, daily_limit FROM guilds").get()).toEqual({
      balance: 90,
      daily_limit: 10,
    });
  });
});
