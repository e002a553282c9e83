import pino from "pino";
import type { PgBotDatabase } from "../../src/db/pg/client.js";
import type { Clock } from "../../src/lib/clock.js";
import { createPgLedger } from "../../src/services/credits/pg-ledger.js";
import type { ConcurrencyLimits } from "../../src/services/jobs/job-store.js";
import { createPgJobStore } from "../../src/services/jobs/pg-job-store.js";

/** The PostgreSQL ledger and job store on one database, as createCredits (jobs.ts) for SQLite. */
export function createPgCredits(
  database: PgBotDatabase,
  clock: Clock,
  limits: ConcurrencyLimits = { activeJobsPerGuild: 5, activeJobsPerUser: 5 },
) {
  const ledger = createPgLedger(database, clock);
  return {
    ledger,
    jobs: createPgJobStore(database, ledger, clock, limits, pino({ level: "silent" })),
  };
}
