import {
  CREDITING_KINDS,
  DEBITING_KINDS,
  JOB_LEDGER_KINDS,
  LEDGER_KINDS,
} from "../../domain/credits.js";
import { DELIVERY_PATHS, JOB_STATES } from "../../domain/job-states.js";
import {
  ASPECT_RATIOS,
  DURATIONS,
  type Duration,
  JOB_KINDS,
  RESOLUTIONS,
} from "../../domain/video-settings.js";
import type { SQL } from "../drizzle/core.js";
import { sql } from "../drizzle/core.js";
import type { PgColumn } from "../drizzle/pg-core.js";
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
} from "../drizzle/pg-core.js";
import { GUILD_LANGUAGES } from "../schema.js";

/**
 * The PostgreSQL twin of src/db/schema.ts: same tables, same column names, same row types, and
 * the same money rules held by the database. Amounts are integer columns (PostgreSQL refuses a
 * fraction outright, where SQLite needs a typeof() CHECK); times are epoch milliseconds in bigint.
 */

/** `column IN (…)` from a domain constant, so no list of values is ever repeated by hand. */
const isOneOf = (column: PgColumn, values: readonly (string | number)[]): SQL =>
  sql`${column} IN (${sql.raw(values.map((v) => (typeof v === "number" ? String(v) : `'${v}'`)).join(", "))})`;
const nullOrOneOf = (column: PgColumn, values: readonly (string | number)[]): SQL =>
  sql`${column} IS NULL OR ${isOneOf(column, values)}`;

const millis = (name: string) => bigint(name, { mode: "number" });

export const guilds = pgTable(
  "guilds",
  {
    id: text("id").primaryKey(),
    /** Cached sum of the guild's ledger entries; bigint so years of top-ups never overflow. */
    balance: bigint("balance", { mode: "number" }).notNull().default(0),
    dailyLimit: integer("daily_limit"),
    createdAt: millis("created_at").notNull(),
  },
  (table) => [
    check("guilds_balance_non_negative", sql`${table.balance} >= 0`),
    check(
      "guilds_daily_limit_positive",
      sql`${table.dailyLimit} IS NULL OR ${table.dailyLimit} > 0`,
    ),
  ],
);

export const jobs = pgTable(
  "jobs",
  {
    id: text("id").primaryKey(),
    guildId: text("guild_id")
      .notNull()
      .references(() => guilds.id),
    channelId: text("channel_id").notNull(),
    userId: text("user_id").notNull(),
    kind: text("kind", { enum: JOB_KINDS }).notNull(),
    prompt: text("prompt").notNull(),
    aspectRatio: text("aspect_ratio", { enum: ASPECT_RATIOS }).notNull(),
    resolution: text("resolution", { enum: RESOLUTIONS }).notNull(),
    duration: integer("duration").$type<Duration>().notNull(),
    audio: boolean("audio").notNull(),
    fixedLens: boolean("fixed_lens").notNull(),
    imageUrl: text("image_url"),
    price: integer("price").notNull(),
    state: text("state", { enum: JOB_STATES }).notNull(),
    taskId: text("task_id"),
    applicationId: text("application_id").notNull(),
    interactionToken: text("interaction_token").notNull(),
    tokenExpiresAt: millis("token_expires_at").notNull(),
    uploadLimitBytes: bigint("upload_limit_bytes", { mode: "number" }).notNull(),
    memberLocale: text("member_locale").notNull().default("en-US"),
    publicLocale: text("public_locale").notNull().default("en-US"),
    messageId: text("message_id"),
    /** Where `message_id` is when a fallback posted it elsewhere (a DM); null: `channel_id`. */
    messageChannelId: text("message_channel_id"),
    videoUrl: text("video_url"),
    consumedCredits: integer("consumed_credits"),
    errorCode: text("error_code"),
    errorMessage: text("error_message"),
    deliveryPath: text("delivery_path", { enum: DELIVERY_PATHS }),
    /** A refunded job whose failure notice hasn't reached the member yet. */
    noticePending: boolean("notice_pending").notNull().default(false),
    submitAttempts: integer("submit_attempts").notNull().default(0),
    pollCount: integer("poll_count").notNull().default(0),
    deliveryAttempts: integer("delivery_attempts").notNull().default(0),
    createdAt: millis("created_at").notNull(),
    submittedAt: millis("submitted_at"),
    expectedFinishAt: millis("expected_finish_at"),
    finishedAt: millis("finished_at"),
    deliveredAt: millis("delivered_at"),
    updatedAt: millis("updated_at").notNull(),
    /** The process that may work on this job in flight, until `lease_expires_at`. */
    leaseOwner: text("lease_owner"),
    leaseExpiresAt: millis("lease_expires_at"),
  },
  (table) => [
    check("jobs_state_known", isOneOf(table.state, JOB_STATES)),
    check("jobs_kind_known", isOneOf(table.kind, JOB_KINDS)),
    check("jobs_price_positive", sql`${table.price} > 0`),
    check("jobs_duration_known", isOneOf(table.duration, DURATIONS)),
    check("jobs_resolution_known", isOneOf(table.resolution, RESOLUTIONS)),
    check("jobs_aspect_ratio_known", isOneOf(table.aspectRatio, ASPECT_RATIOS)),
    check("jobs_delivery_path_known", nullOrOneOf(table.deliveryPath, DELIVERY_PATHS)),
    // A lease is an owner and an expiry together, or neither.
    check(
      "jobs_lease_complete",
      sql`(${table.leaseOwner} IS NULL) = (${table.leaseExpiresAt} IS NULL)`,
    ),
    index("jobs_guild_user_created").on(table.guildId, table.userId, table.createdAt),
    index("jobs_state_guild_user").on(table.state, table.guildId, table.userId),
    index("jobs_settings_finished").on(table.resolution, table.duration, table.finishedAt),
    // Serves lease claims: unfinished jobs whose lease is missing or past its expiry.
    index("jobs_state_lease").on(table.state, table.leaseExpiresAt),
  ],
);

export const ledgerEntries = pgTable(
  "ledger_entries",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    guildId: text("guild_id")
      .notNull()
      .references(() => guilds.id),
    delta: integer("delta").notNull(),
    kind: text("kind", { enum: LEDGER_KINDS }).notNull(),
    jobId: text("job_id").references(() => jobs.id),
    actorId: text("actor_id"),
    reason: text("reason"),
    createdAt: millis("created_at").notNull(),
  },
  (table) => [
    check("ledger_kind_known", isOneOf(table.kind, LEDGER_KINDS)),
    check(
      "ledger_delta_sign_matches_kind",
      sql`(${isOneOf(table.kind, CREDITING_KINDS)} AND ${table.delta} > 0)
        OR (${isOneOf(table.kind, DEBITING_KINDS)} AND ${table.delta} < 0)`,
    ),
    check(
      "ledger_job_entries_name_their_job",
      sql`NOT (${isOneOf(table.kind, JOB_LEDGER_KINDS)}) OR ${table.jobId} IS NOT NULL`,
    ),
    index("ledger_guild_id").on(table.guildId, table.id),
    index("ledger_job_id").on(table.jobId),
    uniqueIndex("ledger_one_charge_per_job").on(table.jobId).where(sql`${table.kind} = 'charge'`),
    uniqueIndex("ledger_one_refund_per_job").on(table.jobId).where(sql`${table.kind} = 'refund'`),
    uniqueIndex("ledger_one_settlement_per_job")
      .on(table.jobId)
      .where(sql`${table.kind} = 'adjust'`),
  ],
);

export const botState = pgTable("bot_state", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
});

/** When each operator alert was last sent, so several processes send it once (schema.ts). */
export const operatorAlerts = pgTable("operator_alerts", {
  key: text("key").primaryKey(),
  sentAt: millis("sent_at").notNull(),
});

export const guildSettings = pgTable(
  "guild_settings",
  {
    guildId: text("guild_id").primaryKey(),
    defaultResolution: text("default_resolution", { enum: RESOLUTIONS }),
    defaultDuration: integer("default_duration").$type<Duration>(),
    defaultAspectRatio: text("default_aspect_ratio", { enum: ASPECT_RATIOS }),
    defaultAudio: boolean("default_audio"),
    defaultFixedLens: boolean("default_fixed_lens"),
    allowedChannelIds: jsonb("allowed_channel_ids")
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    requiredRoleId: text("required_role_id"),
    confirmAbove: integer("confirm_above"),
    maxCost: integer("max_cost"),
    language: text("language", { enum: GUILD_LANGUAGES }).notNull().default("auto"),
    updatedAt: millis("updated_at").notNull(),
  },
  (table) => [
    check("guild_settings_duration_known", nullOrOneOf(table.defaultDuration, DURATIONS)),
    check("guild_settings_resolution_known", nullOrOneOf(table.defaultResolution, RESOLUTIONS)),
    check(
      "guild_settings_aspect_ratio_known",
      nullOrOneOf(table.defaultAspectRatio, ASPECT_RATIOS),
    ),
    check(
      "guild_settings_amounts_positive",
      sql`(${table.confirmAbove} IS NULL OR ${table.confirmAbove} > 0)
        AND (${table.maxCost} IS NULL OR ${table.maxCost} > 0)`,
    ),
    check("guild_settings_language_known", isOneOf(table.language, GUILD_LANGUAGES)),
    check("guild_settings_channels_array", sql`jsonb_typeof(${table.allowedChannelIds}) = 'array'`),
  ],
);

export const settingsAudit = pgTable(
  "settings_audit",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    guildId: text("guild_id").notNull(),
    actorId: text("actor_id").notNull(),
    key: text("key").notNull(),
    oldValue: text("old_value").notNull(),
    newValue: text("new_value").notNull(),
    createdAt: millis("created_at").notNull(),
  },
  (table) => [index("settings_audit_guild_id").on(table.guildId, table.id)],
);

export type PgJob = typeof jobs.$inferSelect;
export type PgLedgerEntry = typeof ledgerEntries.$inferSelect;
