import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.js";
import { drizzle, migrate } from "../../src/db/drizzle/better-sqlite3.js";

const MIGRATIONS = fileURLToPath(new URL("../../drizzle", import.meta.url));
const BEFORE = ["0000_initial", "0001_ledger_guards"];

/** A copy of `drizzle/` holding only the migrations that came before the poll anchor. */
function olderMigrations(folder: string): string {
  const out = join(folder, "older");
  mkdirSync(join(out, "meta"), { recursive: true });
  const journal = JSON.parse(readFileSync(join(MIGRATIONS, "meta", "_journal.json"), "utf8"));
  journal.entries = journal.entries.filter((entry: { tag: string }) => BEFORE.includes(entry.tag));
  writeFileSync(join(out, "meta", "_journal.json"), JSON.stringify(journal));
  for (const tag of BEFORE) copyFileSync(join(MIGRATIONS, `${tag}.sql`), join(out, `${tag}.sql`));
  return out;
}

describe("the poll anchor migration", () => {
  const folder = mkdtempSync(join(tmpdir(), "seedance-bot-migrate-"));
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it("adds expected_finish_at to an existing database and keeps its jobs", () => {
    const path = join(folder, "old.db");
    const old = new Database(path);
    migrate(drizzle(old), { migrationsFolder: olderMigrations(folder) });
    old.exec(`
      INSERT INTO guilds (id, balance, created_at) VALUES ('100000000000000001', 72, 1);
      INSERT INTO jobs (id, guild_id, channel_id, user_id, kind, prompt, aspect_ratio, resolution,
        duration, audio, fixed_lens, price, state, task_id, application_id, interaction_token,
        token_expires_at, upload_limit_bytes, poll_count, created_at, submitted_at, updated_at)
      VALUES ('job-1', '100000000000000001', '2', '3', 'text', 'a fox', '16:9', '720p', 8, 0, 0,
        28, 'submitted', 'task-1', '9', 'token', 5, 10485760, 7, 1, 2, 2);
    `);
    old.close();

    const database = openDatabase(path);
    try {
      const job = database.sqlite.prepare("SELECT * FROM jobs WHERE id = 'job-1'").get();
      expect(job).toMatchObject({
        state: "submitted",
        task_id: "task-1",
        poll_count: 7,
        submitted_at: 2,
        expected_finish_at: null,
      });
      const indexes = database.sqlite
        .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'jobs'")
        .pluck()
        .all();
      expect(indexes).toContain("jobs_settings_finished");
      const balance = database.sqlite.prepare("SELECT balance FROM guilds").pluck().get();
      expect(balance).toBe(72);
    } finally {
      database.close();
    }
  });
});
