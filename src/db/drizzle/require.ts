import { createRequire } from "node:module";

/** The drizzle entry points the bot uses, with the types their ESM builds declare. */
interface DrizzleEntries {
  "drizzle-orm": typeof import("drizzle-orm");
  "drizzle-orm/sqlite-core": typeof import("drizzle-orm/sqlite-core");
  "drizzle-orm/better-sqlite3": typeof import("drizzle-orm/better-sqlite3");
  "drizzle-orm/better-sqlite3/migrator": typeof import("drizzle-orm/better-sqlite3/migrator");
  "drizzle-orm/pg-core": typeof import("drizzle-orm/pg-core");
  "drizzle-orm/node-postgres": typeof import("drizzle-orm/node-postgres");
  "drizzle-orm/node-postgres/migrator": typeof import("drizzle-orm/node-postgres/migrator");
}

const require = createRequire(import.meta.url);

/**
 * Loads drizzle-orm's CommonJS build. Its package.json lists every one of its files in `exports`
 * (175 KB), and the ESM loader of Node 22 and 24 copies and parses that map again for each of the
 * hundreds of files an `import` pulls in: on Node 24, 0.9 s of start-up and enough short-lived
 * garbage that V8 grows the young generation to its 128 MiB maximum before the bot has answered
 * anything (RSS ~280 MiB at "Ready" against ~150 MiB this way). `require` reads the map once.
 * Only this folder loads drizzle; everywhere else imports it from here (Biome's
 * noRestrictedImports holds the line).
 */
export function requireDrizzle<Entry extends keyof DrizzleEntries>(
  entry: Entry,
): DrizzleEntries[Entry] {
  return require(entry) as DrizzleEntries[Entry];
}
