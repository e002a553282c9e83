import {
  type APIApplication,
  type APIDMChannel,
  type APIGuildMember,
  type APIGuildTextChannel,
  type APIRole,
  type APIUser,
  ApplicationFlags,
  type ChannelFlags,
  ChannelType,
  type GatewayGuildCreateDispatchData,
  GuildDefaultMessageNotifications,
  GuildExplicitContentFilter,
  type GuildHubType,
  type GuildMemberFlags,
  GuildMFALevel,
  GuildNSFWLevel,
  GuildPremiumTier,
  GuildSystemChannelFlags,
  GuildVerificationLevel,
  PermissionFlagsBits,
  type RoleFlags,
  TeamMemberMembershipState,
  TeamMemberRole,
  UserFlags,
} from "discord-api-types/v10";
import type { ResolvedGuild } from "./config.js";
import {
  type FakeChannel,
  type FakeDiscordState,
  type FakeUser,
  placeholderUser,
} from "./state.js";

const P = PermissionFlagsBits;

/** Discord sends 0 for "no flags"; TypeScript's flag enums have no member for it. */
export const NO_FLAGS = 0;

/** What @everyone may do in a fresh server; interactions report it as a member's permissions. */
export const MEMBER_PERMISSIONS = (
  P.ViewChannel |
  P.SendMessages |
  P.SendMessagesInThreads |
  P.EmbedLinks |
  P.AttachFiles |
  P.ReadMessageHistory |
  P.AddReactions |
  P.UseExternalEmojis |
  P.UseApplicationCommands |
  P.CreatePublicThreads |
  P.Connect |
  P.Speak
).toString();

/** The invite permissions of DESIGN §7b, granted to the bot's managed role. */
export const BOT_PERMISSIONS = (
  P.ViewChannel |
  P.SendMessages |
  P.SendMessagesInThreads |
  P.EmbedLinks |
  P.AttachFiles
).toString();

/** The bot's effective permissions in a guild channel: @everyone's plus its managed role's. */
export const APP_PERMISSIONS = (BigInt(MEMBER_PERMISSIONS) | BigInt(BOT_PERMISSIONS)).toString();

export function apiUser(user: FakeUser): APIUser {
  return {
    id: user.id,
    username: user.username,
    discriminator: "0",
    global_name: user.globalName,
    avatar: null,
    ...(user.bot ? { bot: true } : {}),
    banner: null,
    accent_color: null,
    public_flags: NO_FLAGS as UserFlags,
    flags: NO_FLAGS as UserFlags,
    avatar_decoration_data: null,
    collectibles: null,
    primary_guild: null,
  };
}

/** A user by id; one the fake never met (say, mentioned in a prompt) gets a plausible stand-in. */
export function knownUser(state: FakeDiscordState, id: string): APIUser {
  return apiUser(state.users.get(id) ?? placeholderUser(id));
}

export function apiDmChannel(state: FakeDiscordState, channel: FakeChannel): APIDMChannel {
  return {
    id: channel.id,
    type: ChannelType.DM,
    name: null,
    recipients: channel.recipientId === null ? [] : [knownUser(state, channel.recipientId)],
    last_message_id: null,
    flags: NO_FLAGS as ChannelFlags,
  };
}

export function apiGuildChannel(
  channel: FakeChannel,
  guildId: string,
  position = 0,
): APIGuildTextChannel<ChannelType.GuildText> {
  return {
    id: channel.id,
    type: ChannelType.GuildText,
    guild_id: guildId,
    name: channel.name,
    position,
    flags: NO_FLAGS as ChannelFlags,
    parent_id: null,
    permission_overwrites: [],
    nsfw: false,
    topic: null,
    last_message_id: null,
    rate_limit_per_user: 0,
    default_thread_rate_limit_per_user: 0,
    default_auto_archive_duration: 4320,
  };
}

export function role(id: string, name: string, permissions: string, botId?: string): APIRole {
  return {
    id,
    name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position: botId ? 1 : 0,
    permissions,
    managed: botId !== undefined,
    mentionable: false,
    flags: NO_FLAGS as RoleFlags,
    ...(botId ? { tags: { bot_id: botId } } : {}),
  };
}

/** GUILD_CREATE as a bot with only the Guilds intent receives it. */
export function apiGuildCreate(
  state: FakeDiscordState,
  guild: ResolvedGuild,
): GatewayGuildCreateDispatchData {
  const bot = knownUser(state, state.config.applicationId);
  const botMember: APIGuildMember = {
    user: bot,
    nick: null,
    avatar: null,
    banner: null,
    roles: [guild.botRoleId],
    joined_at: guild.joinedAt,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: NO_FLAGS as GuildMemberFlags,
    pending: false,
    communication_disabled_until: null,
  };
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    owner_id: guild.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    widget_enabled: false,
    widget_channel_id: null,
    verification_level: GuildVerificationLevel.Low,
    default_message_notifications: GuildDefaultMessageNotifications.OnlyMentions,
    explicit_content_filter: GuildExplicitContentFilter.AllMembers,
    roles: [
      role(guild.id, "@everyone", MEMBER_PERMISSIONS),
      role(guild.botRoleId, state.config.botUsername, BOT_PERMISSIONS, bot.id),
      ...guild.roles.map((extra) => ({
        ...role(extra.id, extra.name, "0"),
        managed: extra.managed,
      })),
    ],
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: GuildMFALevel.None,
    application_id: null,
    system_channel_id: guild.channels[0]?.id ?? null,
    system_channel_flags: GuildSystemChannelFlags.SuppressJoinNotificationReplies,
    rules_channel_id: null,
    max_presences: null,
    max_members: 500_000,
    vanity_url_code: null,
    premium_tier: GuildPremiumTier.None,
    premium_subscription_count: 0,
    preferred_locale: guild.locale,
    public_updates_channel_id: null,
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    nsfw_level: GuildNSFWLevel.Default,
    premium_progress_bar_enabled: false,
    safety_alerts_channel_id: null,
    hub_type: null satisfies GuildHubType | null,
    incidents_data: null,
    region: "deprecated",
    joined_at: guild.joinedAt,
    large: false,
    unavailable: false,
    member_count: 2,
    voice_states: [],
    members: [botMember],
    channels: guild.channels.map((channel, index) =>
      apiGuildChannel({ ...channel, guildId: guild.id, recipientId: null }, guild.id, index),
    ),
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

/** `GET /applications/@me`: the bot's application, with its owner or its team. */
export function apiApplication(state: FakeDiscordState): APIApplication {
  const { config } = state;
  const { team } = config;
  const teamUser = team && {
    id: team.id,
    username: `team${team.id}`,
    discriminator: "0000",
    global_name: null,
    avatar: null,
    flags: UserFlags.TeamPseudoUser,
  };
  return {
    id: config.applicationId,
    name: config.botUsername,
    icon: null,
    description: "",
    bot_public: true,
    bot_require_code_grant: false,
    bot: knownUser(state, config.applicationId),
    owner: teamUser ?? knownUser(state, config.ownerId),
    team: team && {
      id: team.id,
      name: team.name,
      icon: null,
      owner_user_id: team.ownerId,
      members: team.memberIds.map((id) => ({
        membership_state: TeamMemberMembershipState.Accepted,
        permissions: ["*"],
        team_id: team.id,
        user: knownUser(state, id),
        role: id === team.ownerId ? TeamMemberRole.Admin : TeamMemberRole.Developer,
      })),
    },
    verify_key: "0".repeat(64),
    flags: ApplicationFlags.ApplicationCommandBadge,
    flags_new: String(ApplicationFlags.ApplicationCommandBadge),
    approximate_guild_count: config.guilds.length,
    approximate_user_install_count: 0,
    interactions_endpoint_url: null,
    redirect_uris: [],
    summary: "",
  };
}
