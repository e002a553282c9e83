import {
  type APIApplicationCommandInteractionDataBasicOption,
  type APIAttachment,
  type APIInteractionDataResolved,
  type APIInteractionDataResolvedChannel,
  type APIRole,
  ApplicationCommandOptionType,
  ChannelType,
} from "discord-api-types/v10";
import { MEMBER_PERMISSIONS, role } from "./payloads.js";
import type { FakeDiscordState } from "./state.js";

/** What a command payload's `data.resolved` collects while its options are typed. */
export interface ResolvedCollector {
  attachments: Record<string, APIAttachment>;
  channels: Record<string, APIInteractionDataResolvedChannel>;
  roles: Record<string, APIRole>;
}

export const emptyResolved = (): ResolvedCollector => ({
  attachments: {},
  channels: {},
  roles: {},
});

/** `resolved`, with only the kinds that have entries, as Discord sends it; undefined if none. */
export function resolvedData(collected: ResolvedCollector): APIInteractionDataResolved | undefined {
  const entries = Object.entries(collected).filter(([, map]) => Object.keys(map).length > 0);
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/**
 * A channel option: Discord resolves the channel the member picked. The fake resolves any
 * channel it knows, in any guild, so tests can send what a crafted payload would.
 */
export function channelOption(
  state: FakeDiscordState,
  name: string,
  id: string,
  collected: ResolvedCollector,
): APIApplicationCommandInteractionDataBasicOption {
  const channel = state.channels.get(id);
  collected.channels[id] = {
    id,
    type: ChannelType.GuildText,
    name: channel?.name ?? "unknown",
    permissions: MEMBER_PERMISSIONS,
  };
  return { type: ApplicationCommandOptionType.Channel, name, value: id };
}

/** A role option; a role no guild has (one the bot can't see) gets a plausible stand-in. */
export function roleOption(
  state: FakeDiscordState,
  name: string,
  id: string,
  collected: ResolvedCollector,
): APIApplicationCommandInteractionDataBasicOption {
  const known = state.config.guilds.flatMap((guild) => guild.roles).find((r) => r.id === id);
  collected.roles[id] = {
    ...role(id, known?.name ?? "hidden", "0"),
    managed: known?.managed ?? false,
  };
  return { type: ApplicationCommandOptionType.Role, name, value: id };
}
