CREATE TABLE `bot_state` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `guilds` (
	`id` text PRIMARY KEY NOT NULL,
	`balance` integer DEFAULT 0 NOT NULL,
	`daily_limit` integer,
	`created_at` integer NOT NULL,
	CONSTRAINT "guilds_balance_non_negative" CHECK("guilds"."balance" >= 0),
	CONSTRAINT "guilds_daily_limit_positive" CHECK("guilds"."daily_limit" IS NULL OR "guilds"."daily_limit" > 0)
);
--> statement-breakpoint
CREATE TABLE `jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`guild_id` text NOT NULL,
	`channel_id` text NOT NULL,
	`user_id` text NOT NULL,
	`kind` text NOT NULL,
	`prompt` text NOT NULL,
	`aspect_ratio` text NOT NULL,
	`resolution` text NOT NULL,
	`duration` integer NOT NULL,
	`audio` integer NOT NULL,
	`fixed_lens` integer NOT NULL,
	`image_url` text,
	`price` integer NOT NULL,
	`state` text NOT NULL,
	`task_id` text,
	`application_id` text NOT NULL,
	`interaction_token` text NOT NULL,
	`token_expires_at` integer NOT NULL,
	`upload_limit_bytes` integer NOT NULL,
	`message_id` text,
	`video_url` text,
	`consumed_credits` integer,
	`error_code` text,
	`error_message` text,
	`delivery_path` text,
	`submit_attempts` integer DEFAULT 0 NOT NULL,
	`poll_count` integer DEFAULT 0 NOT NULL,
	`delivery_attempts` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`submitted_at` integer,
	`finished_at` integer,
	`delivered_at` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`guild_id`) REFERENCES `guilds`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "jobs_state_known" CHECK("jobs"."state" IN ('reserved', 'submitted', 'succeeded', 'delivered', 'failed', 'refunded')),
	CONSTRAINT "jobs_price_positive" CHECK("jobs"."price" > 0),
	CONSTRAINT "jobs_duration_known" CHECK("jobs"."duration" IN (4, 8, 12)),
	CONSTRAINT "jobs_resolution_known" CHECK("jobs"."resolution" IN ('480p', '720p')),
	CONSTRAINT "jobs_delivery_path_known" CHECK("jobs"."delivery_path" IS NULL OR "jobs"."delivery_path" IN ('attachment', 'link', 'channel_edit', 'channel_post', 'dm'))
);
--> statement-breakpoint
CREATE INDEX `jobs_guild_user_created` ON `jobs` (`guild_id`,`user_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `jobs_state_guild_user` ON `jobs` (`state`,`guild_id`,`user_id`);--> statement-breakpoint
CREATE TABLE `ledger_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`guild_id` text NOT NULL,
	`delta` integer NOT NULL,
	`kind` text NOT NULL,
	`job_id` text,
	`actor_id` text,
	`reason` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`guild_id`) REFERENCES `guilds`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`job_id`) REFERENCES `jobs`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "ledger_kind_known" CHECK("ledger_entries"."kind" IN ('topup', 'remove', 'charge', 'refund', 'adjust')),
	CONSTRAINT "ledger_delta_non_zero" CHECK("ledger_entries"."delta" <> 0),
	CONSTRAINT "ledger_delta_sign_matches_kind" CHECK(("ledger_entries"."kind" IN ('topup', 'refund', 'adjust') AND "ledger_entries"."delta" > 0)
        OR ("ledger_entries"."kind" IN ('remove', 'charge') AND "ledger_entries"."delta" < 0)),
	CONSTRAINT "ledger_job_entries_name_their_job" CHECK("ledger_entries"."kind" NOT IN ('charge', 'refund', 'adjust') OR "ledger_entries"."job_id" IS NOT NULL)
);
--> statement-breakpoint
CREATE INDEX `ledger_guild_id` ON `ledger_entries` (`guild_id`,`id`);--> statement-breakpoint
CREATE INDEX `ledger_job_id` ON `ledger_entries` (`job_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `ledger_one_charge_per_job` ON `ledger_entries` (`job_id`) WHERE "ledger_entries"."kind" = 'charge';--> statement-breakpoint
CREATE UNIQUE INDEX `ledger_one_refund_per_job` ON `ledger_entries` (`job_id`) WHERE "ledger_entries"."kind" = 'refund';--> statement-breakpoint
CREATE UNIQUE INDEX `ledger_one_settlement_per_job` ON `ledger_entries` (`job_id`) WHERE "ledger_entries"."kind" = 'adjust';