export type { SQLiteColumn } from "drizzle-orm/sqlite-core";

import { requireDrizzle } from "./require.js";

export const { check, index, integer, sqliteTable, text, uniqueIndex } =
  requireDrizzle("drizzle-orm/sqlite-core");
