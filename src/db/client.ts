import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { ensureDataFolder } from "./data-folder.js";
import type { BetterSQLite3Database } from "./drizzle/better-sqlite3.js";
import { drizzle, migrate } from "./drizzle/better-sqlite3.js";
import { watchDatabaseFile } from "./file-guard.js";
import * as schema from "./schema.js";

export type Db = BetterSQLite3Database<typeof schema>;

/** One connection to the bot's SQLite file. */
export interface DatabaseConnection {
  readonly db: Db;
  readonly sqlite: Database.Database;
  close(): void;
}

/** The connection that opened (and migrated) the file, and watches it. */
export interface BotDatabase extends DatabaseConnection {
  /** Why the open file is no longer the one at the path (deleted, replaced), or null. */
  fileProblem(): string | null;
}

const BUSY_TIMEOUT_MS = 1_000;

/** `drizzle/` sits two levels above this file both in `src/db` and in the built `dist/db`. */
const MIGRATIONS_FOLDER = fileURLToPath(new URL("../../drizzle", import.meta.url));

/**
 * Opens (creating the file and its folder when missing) and migrates the bot's database; a folder
 * the bot can't create or write throws DataFolderError, whose message says how to fix it.
 */
export function openDatabase(path: string): BotDatabase {
  ensureDataFolder(path);
  const connection = openConnection(path);
  migrateWithTableRebuilds(connection.sqlite, connection.db);
  return { ...connection, fileProblem: watchDatabaseFile(path) };
}

/**
 * A connection with the bot's pragmas: `openDatabase` adds the migrations and the file watch,
 * the reservation thread uses it as it is (on a file already migrated). WAL with
 * synchronous=FULL makes every committed charge survive a power cut;
 * busy_timeout lets another connection or process (a backup, a script) hold the file briefly
 * without "database is locked".
 */
export function openConnection(path: string): DatabaseConnection {
  const sqlite = new Database(path);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = FULL");
  // busy_timeout blocks the event loop while it waits: keep it well inside Discord's 3 s, so a
  // command refused as "busy" still gets its answer in time.
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  sqlite.pragma("foreign_keys = ON");
  return { db: drizzle(sqlite, { schema }), sqlite, close: () => sqlite.close() };
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
