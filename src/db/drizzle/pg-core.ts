export type { PgColumn, PgDatabase, PgUpdateSetSource } from "drizzle-orm/pg-core";

import { requireDrizzle } from "./require.js";

export const { bigint, boolean, check, index, integer, jsonb, pgTable, text, uniqueIndex } =
  requireDrizzle("drizzle-orm/pg-core");
