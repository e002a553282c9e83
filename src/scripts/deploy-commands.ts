/** `npm run deploy-commands`: registers the slash commands now, whether or not they changed. */
import { REST } from "discord.js";
import { commands } from "../commands/index.js";
import { ConfigError, loadConfig } from "../config.js";
import { registerCommandsIfChanged } from "../discord/register-commands.js";
import { systemClock } from "../lib/clock.js";
import { createLogger } from "../logger.js";
import { openStorage } from "../services/storage/open-storage.js";

// Before the configuration is read its log level is unknown; errors are worth showing anyway.
const startupLogger = createLogger({ logLevel: "info" });

try {
  const config = loadConfig();
  const logger = createLogger(config);
  const storage = await openStorage(config, systemClock, logger);
  const rest = new REST({ api: config.discord.apiUrl }).setToken(config.discord.token);
  await registerCommandsIfChanged({
    rest,
    state: storage.botState,
    logger,
    applicationId: config.discord.clientId,
    guildId: config.discord.guildId,
    commands,
    force: true,
  });
  await storage.close();
} catch (error) {
  if (error instanceof ConfigError) {
    startupLogger.fatal({ problems: error.problems }, "Invalid configuration");
  } else {
    startupLogger.fatal({ err: error }, "Could not register the commands");
  }
  process.exitCode = 1;
}
