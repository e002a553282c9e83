import {
  type APIApplicationCommandInteractionDataBasicOption,
  type APIApplicationCommandInteractionDataOption,
  type APIApplicationCommandInteractionDataSubcommandOption,
  type APIChatInputApplicationCommandInteraction,
  type APIInteractionGuildMember,
  type APIMessageComponentButtonInteraction,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  ComponentType,
  type GuildMemberFlags,
  InteractionContextType,
  InteractionType,
  Locale,
} from "discord-api-types/v10";
import type { CommandOptionDef } from "./command-schema.js";
import { apiMessage } from "./message-view.js";
import {
  APP_PERMISSIONS,
  apiDmChannel,
  apiGuildChannel,
  apiUser,
  MEMBER_PERMISSIONS,
  NO_FLAGS,
} from "./payloads.js";
import {
  channelOption,
  emptyResolved,
  type ResolvedCollector,
  resolvedData,
  roleOption,
} from "./resolved-options.js";
import type { FakeDiscordState, FakeUser, InteractionRecord } from "./state.js";

/** An attachment option's file, as Discord resolves it after the user uploads it. */
export interface FakeAttachmentInput {
  filename: string;
  contentType: string;
  size: number;
  width?: number;
  height?: number;
  /** Where the bot will download it from; defaults to a Discord CDN-shaped URL. */
  url?: string;
}

export type OptionValue = string | number | boolean | FakeAttachmentInput;

/** Who invokes an interaction and with what standing in the guild. */
export interface InvokerOptions {
  user?: { id?: string; username?: string; globalName?: string };
  /** The member's permissions in the channel, a bitfield string. Defaults to @everyone's. */
  memberPermissions?: string;
  memberRoles?: string[];
  appPermissions?: string;
  /** Defaults to 10 MiB, a guild without boosts. */
  attachmentSizeLimit?: number;
  /** Back-dates the interaction (its id, ack deadline and token lifetime follow). */
  createdAt?: number;
  locale?: Locale;
}

/** Fields every interaction payload shares, in a guild or in the bot's DMs. */
export function baseInteraction(
  state: FakeDiscordState,
  record: InteractionRecord,
  user: FakeUser,
  invoker: InvokerOptions,
) {
  const channel = state.channels.get(record.channelId);
  if (!channel) throw new Error(`fake Discord: no channel ${record.channelId}`);
  const guild = channel.guildId === null ? undefined : state.guild(channel.guildId);
  const common = {
    id: record.id,
    application_id: state.config.applicationId,
    token: record.token,
    version: 1 as const,
    app_permissions: invoker.appPermissions ?? APP_PERMISSIONS,
    locale: invoker.locale ?? Locale.EnglishUS,
    entitlements: [],
    authorizing_integration_owners: { [ApplicationIntegrationType.GuildInstall]: guild?.id ?? "0" },
    attachment_size_limit: record.attachmentSizeLimit,
    channel_id: record.channelId,
  };
  if (!guild) {
    return {
      ...common,
      user: apiUser(user),
      context: InteractionContextType.BotDM,
      channel: apiDmChannel(state, channel),
    };
  }
  const member: APIInteractionGuildMember = {
    user: apiUser(user),
    roles: invoker.memberRoles ?? [],
    permissions: invoker.memberPermissions ?? MEMBER_PERMISSIONS,
    joined_at: new Date(record.createdAt - 86_400_000).toISOString(),
    nick: null,
    avatar: null,
    banner: null,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: NO_FLAGS as GuildMemberFlags,
    pending: false,
    communication_disabled_until: null,
  };
  return {
    ...common,
    guild_id: guild.id,
    guild: { id: guild.id, locale: guild.locale, features: [] },
    guild_locale: guild.locale,
    member,
    context: InteractionContextType.Guild,
    channel: apiGuildChannel(channel, guild.id),
  };
}

export function commandPayload(
  state: FakeDiscordState,
  record: InteractionRecord,
  user: FakeUser,
  invoker: InvokerOptions,
  command: {
    name: string;
    subcommand?: string;
    subcommandGroup?: string;
    options?: Record<string, OptionValue>;
  },
): APIChatInputApplicationCommandInteraction {
  const registered = findCommand(state, command.name, record.guildId);
  const sub = command.subcommand;
  const group = command.subcommandGroup;
  const defs = sub
    ? registered?.options?.find((option) => option.name === sub)?.options
    : registered?.options;
  const collected = emptyResolved();
  const values = Object.entries(command.options ?? {}).map(([name, value]) =>
    optionValue(state, name, value, defs, collected),
  );
  const resolved = resolvedData(collected);
  const T = ApplicationCommandOptionType;
  const subOption: APIApplicationCommandInteractionDataSubcommandOption = {
    type: T.Subcommand,
    name: sub ?? "",
    options: values,
  };
  let options: APIApplicationCommandInteractionDataOption[] = sub ? [subOption] : values;
  if (group) options = [{ type: T.SubcommandGroup, name: group, options: [subOption] }];
  return {
    ...baseInteraction(state, record, user, invoker),
    type: InteractionType.ApplicationCommand,
    data: {
      id: registered?.id ?? state.nextId(),
      name: command.name,
      type: ApplicationCommandType.ChatInput,
      options,
      ...(resolved ? { resolved } : {}),
      ...(record.guildId && registered?.guild_id ? { guild_id: record.guildId } : {}),
    },
  };
}

export function buttonPayload(
  state: FakeDiscordState,
  record: InteractionRecord,
  user: FakeUser,
  invoker: InvokerOptions,
): APIMessageComponentButtonInteraction {
  const message = record.sourceMessageId && state.messages.get(record.sourceMessageId);
  if (!message) throw new Error(`fake Discord: no message ${record.sourceMessageId} to click`);
  const base = baseInteraction(state, record, user, invoker);
  return {
    ...base,
    type: InteractionType.MessageComponent,
    message: apiMessage(state, message),
    data: { custom_id: record.customId ?? "", component_type: ComponentType.Button },
  };
}

function findCommand(state: FakeDiscordState, name: string, guildId: string | null) {
  const scopes = guildId ? [guildId, "global"] : ["global"];
  for (const scope of scopes) {
    const found = state.commands.get(scope)?.find((command) => command.name === name);
    if (found) return found;
  }
  return undefined;
}

/** Types a value from the registered command when known, else from its JavaScript type. */
function optionValue(
  state: FakeDiscordState,
  name: string,
  value: OptionValue,
  defs: CommandOptionDef[] | undefined,
  collected: ResolvedCollector,
): APIApplicationCommandInteractionDataBasicOption {
  const T = ApplicationCommandOptionType;
  const declared = defs?.find((def) => def.name === name)?.type;
  if (typeof value === "string" && declared === T.Channel) {
    return channelOption(state, name, value, collected);
  }
  if (typeof value === "string" && declared === T.Role) {
    return roleOption(state, name, value, collected);
  }
  if (typeof value === "object") {
    const id = state.nextId();
    const url =
      value.url ??
      `https://cdn.discordapp.com/ephemeral-attachments/${state.nextId()}/${id}/${value.filename}`;
    collected.attachments[id] = {
      id,
      filename: value.filename,
      size: value.size,
      url,
      proxy_url: url.replace("cdn.discordapp.com", "media.discordapp.net"),
      content_type: value.contentType,
      ...(value.width === undefined ? {} : { width: value.width }),
      ...(value.height === undefined ? {} : { height: value.height }),
      ephemeral: true,
    };
    return { type: T.Attachment, name, value: id };
  }
  if (typeof value === "boolean") return { type: T.Boolean, name, value };
  if (typeof value === "number") {
    const isInteger = declared === undefined ? Number.isInteger(value) : declared === T.Integer;
    return { type: isInteger ? T.Integer : T.Number, name, value };
  }
  return { type: T.String, name, value };
}
