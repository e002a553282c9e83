import { type Client, OAuth2Scopes, PermissionFlagsBits, Team } from "discord.js";
import type { Logger } from "pino";
import type { Command } from "../commands/types.js";
import type { Owners } from "../services/ops/owners.js";
import type { BotStatePort } from "../services/storage/storage.js";
import { registerCommandsIfChanged } from "./register-commands.js";

/** The permissions the bot needs where it posts videos, and nothing more. */
const INVITE_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.SendMessagesInThreads |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles;

function inviteUrl(clientId: string): string {
  const scopes = [OAuth2Scopes.Bot, OAuth2Scopes.ApplicationsCommands].join("+");
  return `https://discord.com/oauth2/authorize?client_id=${clientId}&scope=${scopes}&permissions=${INVITE_PERMISSIONS}`;
}

export interface ReadyOptions {
  readonly state: BotStatePort;
  readonly logger: Logger;
  readonly owners: Owners;
  readonly commands: readonly Command[];
  readonly applicationId: string;
  readonly guildId: string | undefined;
  /**
   * Whether this process registers the commands: of several processes, only the one running
   * shard 0, so they never race to register (and spend Discord's command-create budget).
   */
  readonly registersCommands: boolean;
}

/**
 * Once connected: learn the application's owners, register the commands if they changed, and
 * log, once, what a newcomer needs next (DESIGN §7b): the invite link, the owners, the servers.
 */
export async function prepareOnReady(client: Client<true>, options: ReadyOptions): Promise<void> {
  const { logger, owners } = options;
  const owner = (await client.application.fetch()).owner;
  owners.addApplicationOwners(
    owner instanceof Team ? [...owner.members.keys()] : owner ? [owner.id] : [],
  );
  if (options.registersCommands) await registerCommandsIfChanged({ ...options, rest: client.rest });
  logger.info(
    {
      user: client.user.tag,
      owners: owners.list(),
      guilds: client.guilds.cache.map((guild) => ({ id: guild.id, name: guild.name })),
      invite: inviteUrl(options.applicationId),
    },
    "Ready. Invite the bot with the link above; owners may top up with /credits add",
  );
}
