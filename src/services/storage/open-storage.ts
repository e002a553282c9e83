import type { Logger } from "pino";
import type { Config } from "../../config.js";
import type { Clock } from "../../lib/clock.js";
import type { Storage } from "./storage.js";

/**
 * The store the configuration names: SQLite at DATABASE_PATH unless DATABASE_URL is set. Each is
 * loaded only when chosen: a SQLite bot never loads the PostgreSQL driver and its drizzle
 * dialect, nor a PostgreSQL bot better-sqlite3 (together several MiB of a bot's idle memory).
 */
export async function openStorage(config: Config, clock: Clock, logger: Logger): Promise<Storage> {
  if (!config.databaseUrl) {
    const { openSqliteStorage } = await import("./sqlite-storage.js");
    return openSqliteStorage(config.databasePath, clock, config, logger);
  }
  const { createPgStorage } = await import("./pg-storage.js");
  return createPgStorage(config.databaseUrl, {
    clock,
    logger,
    limits: config.limits,
    lease: { owner: config.processId, leaseMs: config.jobLeaseMs },
  });
}
