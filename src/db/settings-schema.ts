import { ASPECT_RATIOS, type Duration, RESOLUTIONS } from "../domain/video-settings.js";
import { inList } from "./checks.js";
import { sql } from "./drizzle/core.js";
import { check, index, integer, sqliteTable, text } from "./drizzle/sqlite-core.js";

export const GUILD_LANGUAGES = ["auto", "en", "ko"] as const;
export type GuildLanguage = (typeof GUILD_LANGUAGES)[number];

/**
 * One row per server that changed a setting; a server without a row uses the built-in defaults.
 * No foreign key to `guilds`: a server may set rules before its first top-up creates that row.
 */
export const guildSettings = sqliteTable(
  "guild_settings",
  {
    guildId: text("guild_id").primaryKey(),
    /** What /video and /animate use when a member leaves the option out; null: built-in default. */
    defaultResolution: text("default_resolution", { enum: RESOLUTIONS }),
    defaultDuration: integer("default_duration").$type<Duration>(),
    defaultAspectRatio: text("default_aspect_ratio", { enum: ASPECT_RATIOS }),
    defaultAudio: integer("default_audio", { mode: "boolean" }),
    defaultFixedLens: integer("default_fixed_lens", { mode: "boolean" }),
    /** JSON array of channel ids where generation is allowed; empty means everywhere. */
    allowedChannelIds: text("allowed_channel_ids", { mode: "json" })
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'`),
    requiredRoleId: text("required_role_id"),
    /** Jobs costing more than this ask first; null: never ask. */
    confirmAbove: integer("confirm_above"),
    /** Jobs costing more than this are refused; null: no maximum. */
    maxCost: integer("max_cost"),
    language: text("language", { enum: GUILD_LANGUAGES }).notNull().default("auto"),
    updatedAt: integer("updated_at").notNull(),
  },
  (table) => [
    check(
      "guild_settings_duration_known",
      sql`${table.defaultDuration} IS NULL OR ${table.defaultDuration} IN (4, 8, 12)`,
    ),
    check(
      "guild_settings_resolution_known",
      sql`${table.defaultResolution} IS NULL OR ${table.defaultResolution} IN (${inList(RESOLUTIONS)})`,
    ),
    check(
      "guild_settings_aspect_ratio_known",
      sql`${table.defaultAspectRatio} IS NULL OR ${table.defaultAspectRatio} IN (${inList(ASPECT_RATIOS)})`,
    ),
    check(
      "guild_settings_amounts_positive",
      sql`(${table.confirmAbove} IS NULL OR ${table.confirmAbove} > 0)
        AND (${table.maxCost} IS NULL OR ${table.maxCost} > 0)`,
    ),
    check("guild_settings_language_known", sql`${table.language} IN (${inList(GUILD_LANGUAGES)})`),
    check("guild_settings_channels_array", sql`json_type(${table.allowedChannelIds}) = 'array'`),
  ],
);

/** Append-only: who changed which setting of a server, from what to what (JSON), and when. */
export const settingsAudit = sqliteTable(
  "settings_audit",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    guildId: text("guild_id").notNull(),
    actorId: text("actor_id").notNull(),
    key: text("key").notNull(),
    oldValue: text("old_value").notNull(),
    newValue: text("new_value").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (table) => [index("settings_audit_guild_id").on(table.guildId, table.id)],
);

export type GuildSettingsRow = typeof guildSettings.$inferSelect;
export type SettingsAuditEntry = typeof settingsAudit.$inferSelect;
