import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.js";

describe("openDatabase", () => {
  const folder = mkdtempSync(join(tmpdir(), "seedance-bot-db-"));
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it("creates the file and its folder, migrates, and sets the durability pragmas", () => {
    const path = join(folder, "nested", "deeper", "bot.db");
    const database = openDatabase(path);
    try {
      expect(existsSync(path)).toBe(true);
      const pragma = (name: string) => database.sqlite.pragma(name, { simple: true });
      expect(pragma("journal_mode")).toBe("wal");
      expect(pragma("synchronous")).toBe(2); // FULL
      expect(pragma("foreign_keys")).toBe(1);
      expect(pragma("busy_timeout")).toBe(1000); // short: it blocks the event loop (issue 10)
      const tables = database.sqlite
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .pluck()
        .all();
      expect(tables).toEqual(expect.arrayContaining(["guilds", "jobs", "ledger_entries"]));
    } finally {
      database.close();
    }
  });

  it("opens an existing database again without re-applying migrations", () => {
    const path = join(folder, "again.db");
    openDatabase(path).close();
    const database = openDatabase(path);
    const applied = database.sqlite
      .prepare("SELECT count(*) FROM __drizzle_migrations")
      .pluck()
      .get();
    database.close();
    const journal = JSON.parse(
      readFileSync(new URL("../../drizzle/meta/_journal.json", import.meta.url), "utf8"),
    ) as { entries: unknown[] };
    expect(applied).toBe(journal.entries.length);
  });
});
