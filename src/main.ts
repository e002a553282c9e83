import { createApp } from "./app.js";
import type { App } from "./app-types.js";
import { type Config, ConfigError, loadConfig } from "./config.js";
import { createFatalExit, exitOnUncaughtException } from "./crash-exit.js";
import { DataFolderError } from "./db/data-folder.js";
import { createLogger } from "./logger.js";

/** How long a crashed bot may take to stop before it exits anyway. */
const STOP_TIMEOUT_MS = 10_000;

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
async function buildApp(config: Config, onFatal: () => void): Promise<App | null> {
  try {
    return await createApp(config, { onFatal });
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
  // A fatal condition the app detects itself (its database file vanished): stop and exit 1.
  let exitFatally = () => {};
  const built = await buildApp(config, () => exitFatally());
  if (!built) {
    process.exitCode = 1;
    return;
  }
  const app = built;
  exitFatally = createFatalExit(app, { stopTimeoutMs: STOP_TIMEOUT_MS });

  // Nothing a handler forgets to catch may take the bot (and every job in flight) down with it.
  process.on("unhandledRejection", (reason) =>
    app.logger.error({ err: reason }, "Unhandled rejection"),
  );
  // A thrown exception, unlike a rejection, may have left state half-changed: restart fresh.
  exitOnUncaughtException(app, { stopTimeoutMs: STOP_TIMEOUT_MS });

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
