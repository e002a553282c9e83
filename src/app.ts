import type { Config } from "./config.js";
import { openDatabase } from "./db/client.js";
import { createLogger, type Logger } from "./logger.js";

export interface App {
  readonly logger: Logger;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Composition root: builds the database, services and Discord client from the configuration. */
export function createApp(config: Config): App {
  const logger = createLogger(config);
  const database = openDatabase(config.databasePath);
  logger.info({ databasePath: config.databasePath }, "Database ready");

  return {
    logger,
    async start() {},
    async stop() {
      database.close();
    },
  };
}
