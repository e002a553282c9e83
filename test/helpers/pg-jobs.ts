import pino from "pino";
import type { PgBotDatabase } from "../../src/db/pg/client.js";
import type { Clock } from "../../src/lib/clock.js";
import { createPgLedger } from "../../src/services/credits/pg-ledger.js";
import type { ConcurrencyLimits } from "../../src/services/jobs/job-store.js";
import type { LeaseOptions } from "../../src/services/jobs/pg-job-leases.js";
import { createPgJobStore } from "../../src/services/jobs/pg-job-store.js";
import { ManualClock } from "./clock.js";
import { ADMIN_ID, GUILD_ID } from "./jobs.js";
import { openTempPostgres } from "./pg-database.js";

/** The lease a test's store holds unless it asks for another (a second process, say). */
export const TEST_LEASE: LeaseOptions = { owner: "process-a", leaseMs: 30_000 };

/** The PostgreSQL ledger and job store on one database, as createCredits (jobs.ts) for SQLite. */
export function createPgCredits(
  database: PgBotDatabase,
  clock: Clock,
  limits: ConcurrencyLimits = { activeJobsPerGuild: 5, activeJobsPerUser: 5 },
  lease: LeaseOptions = TEST_LEASE,
) {
  const ledger = createPgLedger(database, clock);
  const logger = pino({ level: "silent" });
  return { ledger, jobs: createPgJobStore(database, ledger, clock, { limits, logger, lease }) };
}

/** A fresh database on a manual clock, the test server funded, and one process's job store. */
export async function openFundedJobStore(lease: LeaseOptions, limits?: ConcurrencyLimits) {
  const database = await openTempPostgres();
  const clock = new ManualClock();
  const credits = createPgCredits(database, clock, limits, lease);
  await credits.ledger.topUp({ guildId: GUILD_ID, amount: 10_000, actorId: ADMIN_ID });
  return { database, clock, store: credits.jobs };
}

export type FundedJobStore = Awaited<ReturnType<typeof openFundedJobStore>>;
