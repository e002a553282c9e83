import { fileURLToPath } from "node:url";
import pg from "pg";
import { pino } from "pino";
import type { NodePgQueryResultHKT } from "../drizzle/node-postgres.js";
import { drizzle, migrate } from "../drizzle/node-postgres.js";
import type { PgDatabase } from "../drizzle/pg-core.js";
import * as schema from "./schema.js";

/** The pool's handle or a transaction's: every query helper accepts either. */
export type PgExecutor = PgDatabase<NodePgQueryResultHKT, typeof schema>;

export interface PgBotDatabase {
  readonly db: PgExecutor;
  readonly pool: pg.Pool;
  close(): Promise<void>;
}

export interface PgOptions {
  /** Connections this process may hold; each in-flight transaction takes one. */
  readonly maxConnections?: number;
  /**
   * Told when an idle pooled connection breaks (the server restarted, say). The pool replaces it
   * on the next query; without a listener the event would crash the process.
   */
  readonly onIdleError?: (error: Error) => void;
}

/** `drizzle-pg/` sits three levels above this file both in `src/db/pg` and in `dist/db/pg`. */
const MIGRATIONS_FOLDER = fileURLToPath(new URL("../../../drizzle-pg", import.meta.url));

/** Any fixed number: every process that migrates this database takes the same lock. */
const MIGRATION_LOCK = 7_020_261_126;

/**
 * Connects to PostgreSQL and applies the committed migrations, as openDatabase does for SQLite.
 * Several processes may start at once against one database, so migrating holds an advisory lock
 * on one connection: the second process waits, then finds nothing left to apply.
 */
export async function openPostgres(url: string, options: PgOptions = {}): Promise<PgBotDatabase> {
  const pool = new pg.Pool({ connectionString: url, max: options.maxConnections ?? 10 });
  pool.on("error", options.onIdleError ?? reportIdleError);
  const close = closer(pool);
  try {
    await migrateLocked(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }
  const db = drizzle(pool, { schema });
  return { db, pool, close };
}

/**
 * pool.end() resolves before its connections have closed; a server stopped right after would
 * cut them and report it as idle errors. Closing waits for every connection to end.
 */
function closer(pool: pg.Pool): () => Promise<void> {
  const open = new Set<pg.PoolClient>();
  pool.on("connect", (client) => {
    open.add(client);
    client.once("end", () => open.delete(client));
  });
  return async () => {
    const ended = [...open].map((client) => new Promise((resolve) => client.once("end", resolve)));
    await pool.end();
    await Promise.all(ended);
  };
}

/** Until the bot wires its own logger in: a structured line, never the process's death. */
function reportIdleError(error: Error): void {
  pino().error({ err: error }, "An idle PostgreSQL connection failed");
}

async function migrateLocked(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    try {
      await migrate(drizzle(client, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}
