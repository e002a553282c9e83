import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../../src/db/client.js";
import * as schema from "../../../src/db/schema.js";
import { createSettingsStore } from "../../../src/services/settings/settings-store.js";
import { ManualClock } from "../../helpers/clock.js";
import { assertLedgerInvariants } from "../../helpers/invariants.js";
import { ADMIN_ID, createCredits, GUILD_ID, reservation } from "../../helpers/jobs.js";

const MIGRATIONS = join(import.meta.dirname, "../../../drizzle");
const MINE = "guild_settings";

/** The migrations folder as the previous release shipped it: everything before this one. */
function previousMigrations(folder: string): string {
  const copy = join(folder, "drizzle");
  cpSync(MIGRATIONS, copy, { recursive: true });
  const journalPath = join(copy, "meta/_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: { tag: string }[] };
  const mine = journal.entries.findIndex((entry) => entry.tag.endsWith(MINE));
  expect(mine).toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, mine);
  writeFileSync(journalPath, JSON.stringify(journal));
  return copy;
}

describe("the guild settings migration", () => {
  const folder = mkdtempSync(join(tmpdir(), "seedance-bot-migrate-"));
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it("upgrades a database made by the previous version and keeps its data working", () => {
    const path = join(folder, "bot.db");
    const clock = new ManualClock();
    const limits = { activeJobsPerGuild: 5, activeJobsPerUser: 5 };
    const sqlite = new Database(path);
    const db = drizzle(sqlite, { schema });
    migrate(db, { migrationsFolder: previousMigrations(folder) });
    // The previous version's data: a top-up and a job in flight.
    const old = { db, sqlite, close: () => sqlite.close() };
    const before = createCredits(old, clock, limits);
    before.ledger.topUp({ guildId: GUILD_ID, amount: 100, actorId: ADMIN_ID });
    const job = before.jobs.reserve(reservation());
    const tables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck();
    expect(tables.all()).not.toContain("guild_settings");
    old.close();

    const upgraded = openDatabase(path);
    try {
      const { ledger, jobs } = createCredits(upgraded, clock, limits);
      expect(ledger.balance(GUILD_ID)).toBe(72);
      expect(jobs.failAndRefund(job.id, { code: "test" })).toBe(28);
      jobs.reserve(reservation());
      const settings = createSettingsStore(upgraded, clock);
      settings.change(GUILD_ID, ADMIN_ID, { max_cost: 40 });
      expect(settings.get(GUILD_ID).maxCost).toBe(40);
      assertLedgerInvariants(upgraded);
    } finally {
      upgraded.close();
    }
  });
});
