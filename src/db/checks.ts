import { sql } from "./drizzle/core.js";
import type { SQLiteColumn } from "./drizzle/sqlite-core.js";

/** A CHECK's value list from a domain constant, so the schema never repeats it by hand. */
export const inList = (values: readonly (string | number)[]) =>
  sql.raw(values.map((v) => (typeof v === "number" ? String(v) : `'${v}'`)).join(", "));

/**
 * Credits are whole numbers. An INTEGER column still stores 2.5 (or text) as given, so the schema
 * checks the stored type itself: no code path can write a fraction into the money.
 */
export const isInteger = (column: SQLiteColumn) => sql`typeof(${column}) = 'integer'`;
export const isIntegerOrNull = (column: SQLiteColumn) =>
  sql`${column} IS NULL OR ${isInteger(column)}`;
