import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { type BetterSQLite3Database, drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { ensureDataFolder } from "./data-folder.js";
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
 * Opens (creating the file and its folder when missing) and migrates the bot's database; a folder
 * the bot can't create or write throws DataFolderError, whose message says how to fix it.
 * WAL with synchronous=FULL makes every committed charge survive a power cut; busy_timeout lets
 * several processes share the file without "database is locked" errors.
 */
export function openDatabase(path: string): BotDatabase {
  ensureDataFolder(path);
  const sqlite = new Database(path);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  return { db, sqlite, close: () => sqlite.close() };
}
