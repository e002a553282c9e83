export type { AnyColumn, SQL } from "drizzle-orm";

import { requireDrizzle } from "./require.js";

export const {
  and,
  count,
  desc,
  eq,
  fillPlaceholders,
  getTableColumns,
  gte,
  inArray,
  isNotNull,
  isNull,
  lte,
  or,
  sql,
} = requireDrizzle("drizzle-orm");
