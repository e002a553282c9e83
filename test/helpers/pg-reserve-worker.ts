/**
 * A separate process with its own connections to PostgreSQL, reserving jobs as fast as it can
 * (`parallel` reservations at a time). Proves the PostgreSQL store holds its limits when several
 * processes share one database. Usage: node --import tsx pg-reserve-worker.ts <url> <json options>
 */
import { openPostgres } from "../../src/db/pg/client.js";
import { UserError } from "../../src/domain/user-error.js";
import { systemClock } from "../../src/lib/clock.js";
import { reservation } from "./jobs.js";
import { createPgCredits } from "./pg-jobs.js";

interface WorkerOptions {
  attempts: number;
  parallel: number;
  userId: string;
  activeJobsPerGuild: number;
  activeJobsPerUser: number;
}

const [url, rawOptions] = process.argv.slice(2);
if (!url || !rawOptions) throw new Error("usage: pg-reserve-worker <url> <json options>");
const options = JSON.parse(rawOptions) as WorkerOptions;

const database = await openPostgres(url, { maxConnections: options.parallel });
const lease = { owner: `reserve-worker-${process.pid}`, leaseMs: 30_000 };
const { jobs } = createPgCredits(database, systemClock, options, lease);
let reserved = 0;
let refused = 0;

async function reserveInTurn(attempts: number): Promise<void> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      await jobs.reserve(reservation({ userId: options.userId }));
      reserved++;
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      refused++;
    }
  }
}

// Wait for the parent's signal so every worker starts at the same moment.
process.once("message", async () => {
  const share = options.attempts / options.parallel;
  await Promise.all(Array.from({ length: options.parallel }, () => reserveInTurn(share)));
  await database.close();
  process.send?.({ reserved, refused }, () => process.exit(0));
});
process.send?.("ready");
