export type { BetterSQLite3Database } from "drizzle-orm/better-sqlite3";

import { requireDrizzle } from "./require.js";

/** Loading the driver loads better-sqlite3's native addon: only the SQLite store imports this. */
export const { drizzle } = requireDrizzle("drizzle-orm/better-sqlite3");

export const { migrate } = requireDrizzle("drizzle-orm/better-sqlite3/migrator");
