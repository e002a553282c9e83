import type { PgBotDatabase } from "../../src/db/pg/client.js";
import type { ConcurrencyLimits } from "../../src/services/jobs/job-store.js";
import { BAD_JOBS, BALANCE_DRIFT, guildsOverCap, membersOverCap } from "./invariant-queries.js";
import { checkCaps, checkInvariants } from "./invariants.js";

/** assertLedgerInvariants (invariants.ts) against a PostgreSQL database: the same SQL. */
export async function assertPgLedgerInvariants(
  database: Pick<PgBotDatabase, "pool">,
  limits?: ConcurrencyLimits,
): Promise<void> {
  const rows = async (query: string) => (await database.pool.query(query)).rows;
  checkInvariants(await rows(BALANCE_DRIFT), await rows(BAD_JOBS));
  if (limits) {
    const members = await rows(membersOverCap(limits.activeJobsPerUser));
    checkCaps(members, await rows(guildsOverCap(limits.activeJobsPerGuild)));
  }
}
