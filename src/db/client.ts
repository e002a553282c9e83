import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { type BetterSQLite3Database, drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "./schema.js";

export type Db = BetterSQLite3Database<typeof schema>;

export interface BotDatabase {
  readonly db: Db;
  readonly sqlite: Database.Database;
  close(): void;
}

/** `drizzle/` sits two levels above this file both in `src/db` and in the built `dist/db`. */
const MIGRATIONS_FOLDER = fileURLToPath(new URL("../../drizzle", import.meta.url));

/**
 * Opens (creating the file and its folder when missing) and migrates the bot's database.
 * WAL with synchronous=FULL makes every committed charge survive a power cut; busy_timeout lets
 * several processes share the file without "database is locked" errors.
 */
export function openDatabase(path: string): BotDatabase {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("busy_timeout = 5000");
  const db = drizzle(sqlite, { schema });
  migrateWithTableRebuilds(sqlite, db);
  return { db, sqlite, close: () => sqlite.close() };
}

/**
 * SQLite adds a CHECK only by rebuilding the table, and dropping a table that others reference
 * fails while foreign keys are on. The migrator runs in one transaction, where the generated
 * `PRAGMA foreign_keys=OFF` is ignored, so keys go off around it (SQLite's documented procedure)
 * and the whole file is checked before they come back on.
 */
function migrateWithTableRebuilds(sqlite: Database.Database, db: Db): void {
  sqlite.pragma("foreign_keys = OFF");
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  const broken = sqlite.pragma("foreign_key_check") as unknown[];
  if (broken.length > 0) {
    throw new Error(`Migrated database has ${broken.length} broken foreign key reference(s)`);
  }
  sqlite.pragma("foreign_keys = ON");
}
