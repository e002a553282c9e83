import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { drizzle, migrate } from "../../src/db/drizzle/better-sqlite3.js";

const MIGRATIONS = fileURLToPath(new URL("../../drizzle", import.meta.url));

interface Journal {
  entries: { idx: number; tag: string }[];
}

/**
 * Makes a database file as an older bot left it: only the migrations up to `lastTag` applied,
 * through the same drizzle migrator, so a later `openDatabase` upgrades it like a real one.
 */
export function databaseMigratedUpTo(
  path: string,
  lastTag: string,
  scratch: string,
): Database.Database {
  const journal = JSON.parse(
    readFileSync(join(MIGRATIONS, "meta", "_journal.json"), "utf8"),
  ) as Journal;
  const last = journal.entries.findIndex((entry) => entry.tag === lastTag);
  if (last === -1) throw new Error(`no migration ${lastTag}`);
  const entries = journal.entries.slice(0, last + 1);
  const folder = join(scratch, "migrations");
  mkdirSync(join(folder, "meta"), { recursive: true });
  for (const entry of entries) {
    copyFileSync(join(MIGRATIONS, `${entry.tag}.sql`), join(folder, `${entry.tag}.sql`));
  }
  writeFileSync(join(folder, "meta", "_journal.json"), JSON.stringify({ ...journal, entries }));
  const sqlite = new Database(path);
  sqlite.pragma("foreign_keys = ON");
  migrate(drizzle(sqlite), { migrationsFolder: folder });
  return sqlite;
}
