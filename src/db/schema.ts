import { LEDGER_KINDS } from "../domain/credits.js";
import { DELIVERY_PATHS, JOB_STATES } from "../domain/job-states.js";
import {
  ASPECT_RATIOS,
  DURATIONS,
  type Duration,
  JOB_KINDS,
  RESOLUTIONS,
} from "../domain/video-settings.js";
import { inList, isInteger, isIntegerOrNull } from "./checks.js";
import { sql } from "./drizzle/core.js";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "./drizzle/sqlite-core.js";

export const guilds = sqliteTable(
  "guilds",
  {
    id: text("id").primaryKey(),
    /** Cached sum of the guild's ledger entries; kept in step in the same transaction. */
    balance: integer("balance").notNull().default(0),
    /** Per-member daily spending cap in credits; null means no cap. */
    dailyLimit: integer("daily_limit"),
    createdAt: integer("created_at").notNull(),
  },
  (table) => [
    check("guilds_balance_non_negative", sql`${table.balance} >= 0`),
    check("guilds_balance_integer", isInteger(table.balance)),
    check("guilds_daily_limit_integer", isIntegerOrNull(table.dailyLimit)),
    check(
      "guilds_daily_limit_positive",
      sql`${table.dailyLimit} IS NULL OR ${table.dailyLimit} > 0`,
    ),
  ],
);

export const jobs = sqliteTable(
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
    audio: integer("audio", { mode: "boolean" }).notNull(),
    fixedLens: integer("fixed_lens", { mode: "boolean" }).notNull(),
    imageUrl: text("image_url"),
    price: integer("price").notNull(),
    state: text("state", { enum: JOB_STATES }).notNull(),
    taskId: text("task_id"),
    applicationId: text("application_id").notNull(),
    interactionToken: text("interaction_token").notNull(),
    tokenExpiresAt: integer("token_expires_at").notNull(),
    uploadLimitBytes: integer("upload_limit_bytes").notNull(),
    messageId: text("message_id"),
    /** Where `message_id` is when a fallback posted it elsewhere (a DM); null: `channel_id`. */
    messageChannelId: text("message_channel_id"),
    videoUrl: text("video_url"),
    consumedCredits: integer("consumed_credits"),
    errorCode: text("error_code"),
    errorMessage: text("error_message"),
    deliveryPath: text("delivery_path", { enum: DELIVERY_PATHS }),
    /** A refunded job whose failure notice hasn't reached the member yet (retried like a video). */
    noticePending: integer("notice_pending", { mode: "boolean" }).notNull().default(false),
    submitAttempts: integer("submit_attempts").notNull().default(0),
    pollCount: integer("poll_count").notNull().default(0),
    deliveryAttempts: integer("delivery_attempts").notNull().default(0),
    createdAt: integer("created_at").notNull(),
    submittedAt: integer("submitted_at"),
    /** Anchors the poll schedule: with submitted_at it gives every poll time, after restarts too. */
    expectedFinishAt: integer("expected_finish_at"),
    finishedAt: integer("finished_at"),
    deliveredAt: integer("delivered_at"),
    /** The requester's Discord locale: ephemeral replies and DMs about this job use it. */
    memberLocale: text("member_locale").notNull().default("en-US"),
    /** The locale of the job's public messages (server setting, else the server's, else the member's). */
    publicLocale: text("public_locale").notNull().default("en-US"),
    updatedAt: integer("updated_at").notNull(),
  },
  (table) => [
    check("jobs_state_known", sql`${table.state} IN (${inList(JOB_STATES)})`),
    check("jobs_price_positive", sql`${table.price} > 0`),
    check("jobs_price_integer", isInteger(table.price)),
    check("jobs_consumed_credits_integer", isIntegerOrNull(table.consumedCredits)),
    check("jobs_duration_known", sql`${table.duration} IN (${inList(DURATIONS)})`),
    check("jobs_resolution_known", sql`${table.resolution} IN (${inList(RESOLUTIONS)})`),
    check(
      "jobs_delivery_path_known",
      sql`${table.deliveryPath} IS NULL OR ${table.deliveryPath} IN (${inList(DELIVERY_PATHS)})`,
    ),
    index("jobs_guild_user_created").on(table.guildId, table.userId, table.createdAt),
    // Serves the concurrency caps (state + guild [+ user]) and start-up recovery (state).
    index("jobs_state_guild_user").on(table.state, table.guildId, table.userId),
    // Serves the learned render time: the latest finished jobs with the same settings.
    index("jobs_settings_finished").on(table.resolution, table.duration, table.finishedAt),
  ],
);

export const ledgerEntries = sqliteTable(
  "ledger_entries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    guildId: text("guild_id")
      .notNull()
      .references(() => guilds.id),
    delta: integer("delta").notNull(),
    kind: text("kind", { enum: LEDGER_KINDS }).notNull(),
    jobId: text("job_id").references(() => jobs.id),
    /** Who caused the entry: the admin for top-ups and removals, the member for charges. */
    actorId: text("actor_id"),
    reason: text("reason"),
    createdAt: integer("created_at").notNull(),
  },
  (table) => [
    check("ledger_kind_known", sql`${table.kind} IN (${inList(LEDGER_KINDS)})`),
    check("ledger_delta_non_zero", sql`${table.delta} <> 0`),
    check("ledger_delta_integer", isInteger(table.delta)),
    check(
      "ledger_delta_sign_matches_kind",
      sql`(${table.kind} IN ('topup', 'refund', 'adjust') AND ${table.delta} > 0)
        OR (${table.kind} IN ('remove', 'charge') AND ${table.delta} < 0)`,
    ),
    check(
      "ledger_job_entries_name_their_job",
      sql`${table.kind} NOT IN ('charge', 'refund', 'adjust') OR ${table.jobId} IS NOT NULL`,
    ),
    index("ledger_guild_id").on(table.guildId, table.id),
    index("ledger_job_id").on(table.jobId),
    // One charge, at most one refund and at most one settlement per job, enforced by the schema.
    uniqueIndex("ledger_one_charge_per_job").on(table.jobId).where(sql`${table.kind} = 'charge'`),
    uniqueIndex("ledger_one_refund_per_job").on(table.jobId).where(sql`${table.kind} = 'refund'`),
    uniqueIndex("ledger_one_settlement_per_job")
      .on(table.jobId)
      .where(sql`${table.kind} = 'adjust'`),
  ],
);

/** Small key/value store for bot-wide state, such as the hash of the registered commands. */
export const botState = sqliteTable("bot_state", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
});

/**
 * When each operator alert was last sent. Stored, not kept in memory, so that the processes
 * sharing one database send an alert once between them (operator-alerts.ts).
 */
export const operatorAlerts = sqliteTable("operator_alerts", {
  key: text("key").primaryKey(),
  sentAt: integer("sent_at").notNull(),
});

export type Job = typeof jobs.$inferSelect;
export type LedgerEntry = typeof ledgerEntries.$inferSelect;

export * from "./settings-schema.js";
