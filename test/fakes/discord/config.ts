import { Locale } from "discord-api-types/v10";
import type { RateLimitOptions } from "./rate-limits.js";
import type { createSnowflakes } from "./snowflake.js";

export const TEN_MIB = 10 * 1024 * 1024;

export interface FakeGuildOptions {
  id?: string;
  name?: string;
  ownerId?: string;
  locale?: Locale;
  channels?: { id?: string; name: string }[];
  /** Roles besides @everyone and the bot's own; `managed` marks an integration's role. */
  roles?: { id?: string; name: string; managed?: boolean }[];
}

export interface FakeDiscordOptions {
  applicationId?: string;
  botToken?: string;
  botUsername?: string;
  /** The application's owner (a user id), as `GET /oauth2/applications/@me` reports it. */
  ownerId?: string;
  /** Makes the application team-owned instead; `ownerId` is then ignored. */
  team?: { id?: string; name?: string; ownerId: string; memberIds?: string[] };
  /** Defaults to one guild, "Test Server", with a `#general` channel. */
  guilds?: FakeGuildOptions[];
  /** Interaction token lifetime from the interaction's creation. Discord: 15 minutes. */
  tokenLifetimeMs?: number;
  /** Time to acknowledge an interaction from its creation. Discord: 3 seconds. */
  ackDeadlineMs?: number;
  heartbeatIntervalMs?: number;
  /** Upload limit for messages sent with the bot token (a guild without boosts: 10 MiB). */
  uploadLimitBytes?: number;
  /** Guilds one shard may hold before IDENTIFY closes with 4011 Sharding Required. Discord: 2500. */
  maxGuildsPerShard?: number;
  /** Per-route rate limits with Discord's headers and 429s; off by default. */
  rateLimits?: RateLimitOptions;
  /** How long an idle REST connection is kept open. Node's servers: 5 seconds. */
  keepAliveMs?: number;
}

export interface ResolvedGuild {
  id: string;
  name: string;
  ownerId: string;
  locale: Locale;
  botRoleId: string;
  joinedAt: string;
  channels: { id: string; name: string }[];
  roles: { id: string; name: string; managed: boolean }[];
}

export interface FakeDiscordConfig {
  applicationId: string;
  botToken: string;
  botUsername: string;
  ownerId: string;
  team: { id: string; name: string; ownerId: string; memberIds: string[] } | null;
  guilds: ResolvedGuild[];
  tokenLifetimeMs: number;
  ackDeadlineMs: number;
  heartbeatIntervalMs: number;
  uploadLimitBytes: number;
  maxGuildsPerShard: number;
  rateLimits: RateLimitOptions | undefined;
  keepAliveMs: number;
}

export function resolveConfig(
  options: FakeDiscordOptions,
  nextId: ReturnType<typeof createSnowflakes>,
): FakeDiscordConfig {
  const ownerId = options.team?.ownerId ?? options.ownerId ?? nextId();
  const guildOptions = options.guilds ?? [{ name: "Test Server", channels: [{ name: "general" }] }];
  const createdAt = Date.now();
  return {
    applicationId: options.applicationId ?? nextId(),
    botToken: options.botToken ?? "fake-bot-token",
    botUsername: options.botUsername ?? "Seedance",
    ownerId,
    team: options.team
      ? {
          id: options.team.id ?? nextId(),
          name: options.team.name ?? "Fake Team",
          ownerId: options.team.ownerId,
          memberIds: [...new Set([options.team.ownerId, ...(options.team.memberIds ?? [])])],
        }
      : null,
    guilds: guildOptions.map((guild, index) => ({
      // A millisecond apart, so consecutive guilds fall on consecutive shards ((id >> 22) % n).
      id: guild.id ?? nextId(createdAt - index),
      name: guild.name ?? `Test Server ${index + 1}`,
      ownerId: guild.ownerId ?? ownerId,
      locale: guild.locale ?? Locale.EnglishUS,
      botRoleId: nextId(),
      joinedAt: new Date().toISOString(),
      channels: (guild.channels ?? [{ name: "general" }]).map((channel) => ({
        id: channel.id ?? nextId(),
        name: channel.name,
      })),
      roles: (guild.roles ?? []).map((role) => ({
        id: role.id ?? nextId(),
        name: role.name,
        managed: role.managed ?? false,
      })),
    })),
    tokenLifetimeMs: options.tokenLifetimeMs ?? 15 * 60_000,
    ackDeadlineMs: options.ackDeadlineMs ?? 3_000,
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
    uploadLimitBytes: options.uploadLimitBytes ?? TEN_MIB,
    maxGuildsPerShard: options.maxGuildsPerShard ?? 2_500,
    keepAliveMs: options.keepAliveMs ?? 5_000,
    rateLimits: options.rateLimits,
  };
}
