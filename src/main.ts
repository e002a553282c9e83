import { type App, createApp } from "./app.js";
import { type Config, ConfigError, loadConfig } from "./config.js";
import { DataFolderError } from "./db/data-folder.js";
import { createLogger } from "./logger.js";

/**
 * Process entry only: configuration, the app, and signals. Everything else lives in app.ts.
 * An unusable configuration is reported with every problem named, before anything starts.
 */
function readConfig(): Config | null {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    createLogger({ logLevel: "info" }).fatal(
      { problems: error.problems },
      "Invalid configuration: copy .env.example to .env and fill it in (see README.md)",
    );
    return null;
  }
}

/** A database folder the bot can't write is the operator's to fix: one line, no stack trace. */
function buildApp(config: Config): App | null {
  try {
    return createApp(config);
  } catch (error) {
    if (!(error instanceof DataFolderError)) throw error;
    createLogger(config).fatal(
      { path: error.path, user: error.user, code: error.code },
      error.message,
    );
    return null;
  }
}

async function run(config: Config): Promise<void> {
  const built = buildApp(config);
  if (!built) {
    process.exitCode = 1;
    return;
  }
  const app = built;

  // Nothing a handler forgets to catch may take the bot (and every job in flight) down with it.
  process.on("unhandledRejection", (reason) =>
    app.logger.error({ err: reason }, "Unhandled rejection"),
  );

  async function stop(signal: NodeJS.Signals): Promise<void> {
    app.logger.info({ signal }, "Shutting down");
    await app.stop();
    process.exit(0);
  }
  process.once("SIGINT", (signal) => void stop(signal));
  process.once("SIGTERM", (signal) => void stop(signal));

  try {
    await app.start();
  } catch (error) {
    app.logger.fatal({ err: error }, "Could not start");
    await app.stop();
    process.exit(1);
  }
}

const config = readConfig();
if (config) await run(config);
else process.exitCode = 1;
