import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../../src/db/client.js";
import { drizzle, migrate } from "../../../src/db/drizzle/better-sqlite3.js";
import * as schema from "../../../src/db/schema.js";
import { createLedger } from "../../../src/services/credits/ledger.js";
import { createSettingsStore } from "../../../src/services/settings/settings-store.js";
import { ManualClock } from "../../helpers/clock.js";
import { assertLedgerInvariants } from "../../helpers/invariants.js";
import { ADMIN_ID, createCredits, GUILD_ID, reservation } from "../../helpers/jobs.js";

const MIGRATIONS = join(import.meta.dirname, "../../../drizzle");
/** The migrations folder as the previous release shipped it: everything but the newest one. */
function previousMigrations(folder: string): string {
  const copy = join(folder, "drizzle");
  cpSync(MIGRATIONS, copy, { recursive: true });
  const journalPath = join(copy, "meta/_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: { tag: string }[] };
  expect(journal.entries.length).toBeGreaterThan(1);
  journal.entries = journal.entries.slice(0, -1);
  writeFileSync(journalPath, JSON.stringify(journal));
  return copy;
}

describe("the newest migration", () => {
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
    const old = { db, sqlite, fileProblem: () => null, close: () => sqlite.close() };
    createLedger(old, clock).topUp({
      guildId: GUILD_ID,
      amount: 100,
      actorId: ADMIN_ID,
    });
    // Written as the previous version wrote it: only the columns every version has.
    const job = { id: "00000000-0000-4000-8000-000000000001", ...reservation() };
    sqlite
      .prepare(
        `INSERT INTO jobs (id, guild_id, channel_id, user_id, kind, prompt, aspect_ratio, resolution,
           duration, audio, fixed_lens, price, state, application_id, interaction_token,
           token_expires_at, upload_limit_bytes, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, 'reserved', ?, ?, ?, ?, 1, 1)`,
      )
      .run(
        job.id,
        job.guildId,
        job.channelId,
        job.userId,
        job.kind,
        job.prompt,
        job.aspectRatio,
        job.resolution,
        job.duration,
        job.price,
        job.applicationId,
        job.interactionToken,
        job.tokenExpiresAt,
        job.uploadLimitBytes,
      );
    sqlite
      .prepare(
        "INSERT INTO ledger_entries (guild_id, delta, kind, job_id, actor_id, created_at) VALUES (?, ?, 'charge', ?, ?, 1)",
      )
      .run(job.guildId, -job.price, job.id, job.userId);
    sqlite
      .prepare("UPDATE guilds SET balance = balance - ? WHERE id = ?")
      .run(job.price, job.guildId);
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
