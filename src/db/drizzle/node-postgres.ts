export type { NodePgQueryResultHKT } from "drizzle-orm/node-postgres";

import { requireDrizzle } from "./require.js";

/** Loading the driver loads `pg`: only the PostgreSQL store imports this. */
export const { drizzle } = requireDrizzle("drizzle-orm/node-postgres");

export const { migrate } = requireDrizzle("drizzle-orm/node-postgres/migrator");
