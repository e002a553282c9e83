import pg from "pg";
import { describe, expect, it, vi } from "vitest";
import { createPostgresDatabase } from "../../e2e/postgres-database.js";

async function query(url: string, statement: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(statement)).rows;
  } finally {
    await client.end();
  }
}

describe("an end-to-end test's own PostgreSQL database", () => {
  it("is migrated, checks the ledger the bots wrote, and is dropped under a killed bot's connection", async () => {
    const database = await createPostgresDatabase();
    const name = new URL(database.url).pathname.slice(1);
    // What a SIGKILLed bot process leaves behind, until the server notices.
    const lingering = new pg.Client({ connectionString: database.url });
    const errors: unknown[] = [];
    lingering.on("error", (error) => errors.push(error));
    try {
      await database.checkLedger();
      // A balance no ledger entry explains: what an overspending bot would leave.
      await query(database.url, "INSERT INTO guilds (id, balance, created_at) VALUES ('1', 5, 0)");
      await expect(database.checkLedger()).rejects.toThrow();
      await lingering.connect();
    } finally {
      await database.dispose();
    }
    // 57P01: terminated by an administrator command (DROP DATABASE … WITH (FORCE)).
    await vi.waitFor(() => expect(errors[0]).toMatchObject({ code: "57P01" }));
    const left = await query(
      new URL("/postgres", database.url).toString(),
      `SELECT 1 FROM pg_database WHERE datname = '${name}'`,
    );
    expect(left).toEqual([]);
  });

  it("can start empty, for the bots' own start-up to migrate", async () => {
    const database = await createPostgresDatabase({ migrated: false });
    try {
      expect(await query(database.url, "SELECT to_regclass('guilds') AS t")).toEqual([{ t: null }]);
    } finally {
      await database.dispose();
    }
  });
});
