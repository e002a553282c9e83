import { createApp } from "./app.js";
import { ConfigError, loadConfig } from "./config.js";

/** Process entry only: configuration, the app, and signals. Everything else lives in app.ts. */
function readConfig() {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`${error.message}\n\nCopy .env.example to .env and fill it in (see README.md).`);
    process.exit(1);
  }
}

const app = createApp(readConfig());

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
