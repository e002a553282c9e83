import { createHash } from "node:crypto";
import { type REST, Routes } from "discord.js";
import type { Logger } from "pino";
import type { Command } from "../commands/types.js";
import type { BotStatePort } from "../services/storage/storage.js";

export interface RegisterOptions {
  readonly rest: REST;
  /** Where the last registration's hash is kept. */
  readonly state: BotStatePort;
  readonly logger: Logger;
  readonly applicationId: string;
  /** Register in this server only (instant); otherwise globally. */
  readonly guildId: string | undefined;
  readonly commands: readonly Command[];
  /** Register even when the definitions look unchanged. */
  readonly force?: boolean;
}

/**
 * Registers the slash commands when their definitions changed since the last registration
 * (a hash is kept in the database), so updating the bot never needs a manual step and a
 * restart doesn't spend Discord's daily command-create budget.
 */
export async function registerCommandsIfChanged(options: RegisterOptions): Promise<boolean> {
  const { rest, state, logger, applicationId, guildId } = options;
  const body = options.commands.map((command) => command.data);
  const scope = guildId ? `guild:${guildId}` : "global";
  const key = `commands-hash:${applicationId}:${scope}`;
  const hash = createHash("sha256").update(JSON.stringify(body)).digest("hex");

  if (!options.force && (await state.read(key)) === hash) {
    logger.info({ scope }, "Slash commands are up to date");
    return false;
  }
  const route = guildId
    ? Routes.applicationGuildCommands(applicationId, guildId)
    : Routes.applicationCommands(applicationId);
  await rest.put(route, { body });
  await state.write(key, hash);
  logger.info({ scope, count: body.length }, "Slash commands registered");
  return true;
}
