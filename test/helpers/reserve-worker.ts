/**
 * A separate process with its own connection, reserving jobs as fast as it can. Used to prove the
 * ledger holds its limits when several processes share one database file.
 * Usage: node --import tsx reserve-worker.ts <db path> <json options>
 */
import { openDatabase } from "../../src/db/client.js";
import { UserError } from "../../src/domain/user-error.js";
import { systemClock } from "../../src/lib/clock.js";
import { createCredits, reservation } from "./jobs.js";

interface WorkerOptions {
  attempts: number;
  userId: string;
  activeJobsPerGuild: number;
  activeJobsPerUser: number;
}

const [path, rawOptions] = process.argv.slice(2);
if (!path || !rawOptions) throw new Error("usage: reserve-worker <db path> <json options>");
const options = JSON.parse(rawOptions) as WorkerOptions;

const database = openDatabase(path);
const { jobs } = createCredits(database, systemClock, options);
let reserved = 0;
let refused = 0;
// Wait for the parent's signal so every worker starts at the same moment.
process.once("message", () => {
  for (let attempt = 0; attempt < options.attempts; attempt++) {
    try {
      jobs.reserve(reservation({ userId: options.userId }));
      reserved++;
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      refused++;
    }
  }
  database.close();
  process.send?.({ reserved, refused }, () => process.exit(0));
});
process.send?.("ready");
