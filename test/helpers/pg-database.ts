import { randomUUID } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { openPostgres, type PgBotDatabase, type PgOptions } from "../../src/db/pg/client.js";
import { TEMPLATE_DATABASE } from "../setup/postgres.js";

export interface TempPostgres extends PgBotDatabase {
  /** Where this database lives, for child processes that open their own connections. */
  readonly url: string;
  /** Closes the pool and drops the database. */
  dispose(): Promise<void>;
}

/** Runs one statement on the server's `postgres` database (creating and dropping databases). */
export async function adminQuery(statement: string): Promise<void> {
  const admin = new pg.Client({ connectionString: inject("postgresUrl") });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}

/** A URL to another database on the test run's server. */
export function databaseUrl(name: string): string {
  const url = new URL(inject("postgresUrl"));
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * A database of its own on the test run's PostgreSQL server, copied from the migrated template
 * (fresh: `empty` copies nothing, so openPostgres migrates it from scratch).
 */
export async function createTestDatabase(empty = false): Promise<string> {
  const name = `test_${randomUUID().replaceAll("-", "")}`;
  await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${empty ? "template0" : TEMPLATE_DATABASE}`);
  return name;
}

export async function openTempPostgres(options: PgOptions = {}): Promise<TempPostgres> {
  const name = await createTestDatabase();
  const url = databaseUrl(name);
  const database = await openPostgres(url, options);
  return {
    ...database,
    url,
    async dispose() {
      await database.close();
      await adminQuery(`DROP DATABASE ${name} WITH (FORCE)`);
    },
  };
}
