import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { openPostgres } from "../../../src/db/pg/client.js";
import { adminQuery, createTestDatabase, databaseUrl } from "../../helpers/pg-database.js";

describe("PostgreSQL migrations", () => {
  it("migrate an empty database once, even when several processes open it at the same time", async () => {
    const name = await createTestDatabase(true);
    const url = databaseUrl(name);
    const opened = await Promise.all([openPostgres(url), openPostgres(url), openPostgres(url)]);
    const [first] = opened;
    if (!first) throw new Error("no database opened");

    const tables = await first.pool.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
    );
    expect(tables.rows.map((row) => row.table_name)).toEqual([
      "bot_state",
      "guild_settings",
      "guilds",
      "jobs",
      "ledger_entries",
      "operator_alerts",
      "settings_audit",
    ]);
    const applied = await first.pool.query("SELECT id FROM drizzle.__drizzle_migrations");
    const journal = JSON.parse(
      readFileSync(new URL("../../../drizzle-pg/meta/_journal.json", import.meta.url), "utf8"),
    ) as { entries: unknown[] };
    expect(applied.rowCount).toBe(journal.entries.length);
    const triggers = await first.pool.query<{ tgname: string }>(
      "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1",
    );
    expect(triggers.rows.map((row) => row.tgname)).toEqual([
      "ledger_entries_no_truncate",
      "ledger_entries_no_update_or_delete",
      "ledger_job_credits_within_charge",
    ]);
    await Promise.all(opened.map((database) => database.close()));
    await adminQuery(`DROP DATABASE ${name} WITH (FORCE)`);
  });

  it("keep the data of an existing database when it is opened again", async () => {
    const name = await createTestDatabase(true);
    const url = databaseUrl(name);
    const before = await openPostgres(url);
    await before.pool.query("INSERT INTO bot_state (key, value) VALUES ('commands', 'abc')");
    await before.close();

    const after = await openPostgres(url);
    const rows = await after.pool.query("SELECT value FROM bot_state WHERE key = 'commands'");
    expect(rows.rows).toEqual([{ value: "abc" }]);
    await after.close();
    await adminQuery(`DROP DATABASE ${name} WITH (FORCE)`);
  });
});
