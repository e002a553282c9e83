/**
 * `npm run rest-proxy`: one process that sends the Discord REST calls of every bot process, so
 * they share one rate-limit state (README "Scaling out"). Each bot process then sets
 * DISCORD_API_URL=http://<this host>:<REST_PROXY_PORT>/api.
 */
import { ConfigError, loadRestProxyConfig, type RestProxyConfig } from "./config.js";
import { createRestProxy } from "./discord/rest-proxy.js";
import { createLogger } from "./logger.js";

function readConfig(): RestProxyConfig | null {
  try {
    return loadRestProxyConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    createLogger({ logLevel: "info" }).fatal({ problems: error.problems }, "Invalid configuration");
    return null;
  }
}

async function run(config: RestProxyConfig): Promise<void> {
  const logger = createLogger(config);
  const proxy = createRestProxy(config, logger);
  const port = await proxy.start();
  logger.info({ host: config.host, port, upstream: config.upstreamUrl }, "REST proxy listening");
  const stop = async (signal: NodeJS.Signals) => {
    logger.info({ signal }, "Shutting down");
    await proxy.stop();
    process.exit(0);
  };
  process.once("SIGINT", (signal) => void stop(signal));
  process.once("SIGTERM", (signal) => void stop(signal));
}

const config = readConfig();
if (config) await run(config);
else process.exitCode = 1;
