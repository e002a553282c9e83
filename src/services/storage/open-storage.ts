import type { Logger } from "pino";
import type { Config } from "../../config.js";
import type { Clock } from "../../lib/clock.js";
import { createPgStorage } from "./pg-storage.js";
import { openSqliteStorage } from "./sqlite-storage.js";
import type { Storage } from "./storage.js";

/** The store the configuration names: SQLite at DATABASE_PATH unless DATABASE_URL is set. */
export async function openStorage(config: Config, clock: Clock, logger: Logger): Promise<Storage> {
  if (!config.databaseUrl) {
    return openSqliteStorage(config.databasePath, clock, config.limits, logger);
  }
  return createPgStorage(config.databaseUrl, {
    clock,
    logger,
    limits: config.limits,
    lease: { owner: config.processId, leaseMs: config.jobLeaseMs },
  });
}
