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

async function stop(signal: NodeJS.Signals): Promise<void> {
  app.logger.info({ signal }, "Shutting down");
  await app.stop();
  process.exit(0);
}

process.once("SIGINT", (signal) => void stop(signal));
process.once("SIGTERM", (signal) => void stop(signal));

await app.start();
