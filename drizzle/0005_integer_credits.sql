PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_guilds` (
	`id` text PRIMARY KEY NOT NULL,
	`balance` integer DEFAULT 0 NOT NULL,
	`daily_limit` integer,
	`created_at` integer NOT NULL,
	CONSTRAINT "guilds_balance_non_negative" CHECK("__new_guilds"."balance" >= 0),
	CONSTRAINT "guilds_balance_integer" CHECK(typeof("__new_guilds"."balance") = 'integer'),
	CONSTRAINT "guilds_daily_limit_integer" CHECK("__new_guilds"."daily_limit" IS NULL OR typeof("__new_guilds"."daily_limit") = 'integer'),
	CONSTRAINT "guilds_daily_limit_positive" CHECK("__new_guilds"."daily_limit" IS NULL OR "__new_guilds"."daily_limit" > 0)
);
--> statement-breakpoint
INSERT INTO `__new_guilds`("id", "balance", "daily_limit", "created_at") SELECT "id", "balance", "daily_limit", "created_at" FROM `guilds`;--> statement-breakpoint
DROP TABLE `guilds`;--> statement-breakpoint
ALTER TABLE `__new_guilds` RENAME TO `guilds`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE TABLE `__new_jobs` (
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
	`expected_finish_at` integer,
	`finished_at` integer,
	`delivered_at` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`guild_id`) REFERENCES `guilds`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "jobs_state_known" CHECK("__new_jobs"."state" IN ('reserved', 'submitted', 'succeeded', 'delivered', 'failed', 'refunded')),
	CONSTRAINT "jobs_price_positive" CHECK("__new_jobs"."price" > 0),
	CONSTRAINT "jobs_price_integer" CHECK(typeof("__new_jobs"."price") = 'integer'),
	CONSTRAINT "jobs_consumed_credits_integer" CHECK("__new_jobs"."consumed_credits" IS NULL OR typeof("__new_jobs"."consumed_credits") = 'integer'),
	CONSTRAINT "jobs_duration_known" CHECK("__new_jobs"."duration" IN (4, 8, 12)),
	CONSTRAINT "jobs_resolution_known" CHECK("__new_jobs"."resolution" IN ('480p', '720p')),
	CONSTRAINT "jobs_delivery_path_known" CHECK("__new_jobs"."delivery_path" IS NULL OR "__new_jobs"."delivery_path" IN ('attachment', 'link', 'channel_edit', 'channel_post', 'dm'))
);
--> statement-breakpoint
INSERT INTO `__new_jobs`("id", "guild_id", "channel_id", "user_id", "kind", "prompt", "aspect_ratio", "resolution", "duration", "audio", "fixed_lens", "image_url", "price", "state", "task_id", "application_id", "interaction_token", "token_expires_at", "upload_limit_bytes", "message_id", "video_url", "consumed_credits", "error_code", "error_message", "delivery_path", "submit_attempts", "poll_count", "delivery_attempts", "created_at", "submitted_at", "expected_finish_at", "finished_at", "delivered_at", "updated_at") SELECT "id", "guild_id", "channel_id", "user_id", "kind", "prompt", "aspect_ratio", "resolution", "duration", "audio", "fixed_lens", "image_url", "price", "state", "task_id", "application_id", "interaction_token", "token_expires_at", "upload_limit_bytes", "message_id", "video_url", "consumed_credits", "error_code", "error_message", "delivery_path", "submit_attempts", "poll_count", "delivery_attempts", "created_at", "submitted_at", "expected_finish_at", "finished_at", "delivered_at", "updated_at" FROM `jobs`;--> statement-breakpoint
DROP TABLE `jobs`;--> statement-breakpoint
ALTER TABLE `__new_jobs` RENAME TO `jobs`;--> statement-breakpoint
CREATE INDEX `jobs_guild_user_created` ON `jobs` (`guild_id`,`user_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `jobs_state_guild_user` ON `jobs` (`state`,`guild_id`,`user_id`);--> statement-breakpoint
CREATE INDEX `jobs_settings_finished` ON `jobs` (`resolution`,`duration`,`finished_at`);--> statement-breakpoint
CREATE TABLE `__new_ledger_entries` (
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
	CONSTRAINT "ledger_kind_known" CHECK("__new_ledger_entries"."kind" IN ('topup', 'remove', 'charge', 'refund', 'adjust')),
	CONSTRAINT "ledger_delta_non_zero" CHECK("__new_ledger_entries"."delta" <> 0),
	CONSTRAINT "ledger_delta_integer" CHECK(typeof("__new_ledger_entries"."delta") = 'integer'),
	CONSTRAINT "ledger_delta_sign_matches_kind" CHECK(("__new_ledger_entries"."kind" IN ('topup', 'refund', 'adjust') AND "__new_ledger_entries"."delta" > 0)
        OR ("__new_ledger_entries"."kind" IN ('remove', 'charge') AND "__new_ledger_entries"."delta" < 0)),
	CONSTRAINT "ledger_job_entries_name_their_job" CHECK("__new_ledger_entries"."kind" NOT IN ('charge', 'refund', 'adjust') OR "__new_ledger_entries"."job_id" IS NOT NULL)
);
--> statement-breakpoint
INSERT INTO `__new_ledger_entries`("id", "guild_id", "delta", "kind", "job_id", "actor_id", "reason", "created_at") SELECT "id", "guild_id", "delta", "kind", "job_id", "actor_id", "reason", "created_at" FROM `ledger_entries`;--> statement-breakpoint
DROP TABLE `ledger_entries`;--> statement-breakpoint
ALTER TABLE `__new_ledger_entries` RENAME TO `ledger_entries`;--> statement-breakpoint
CREATE INDEX `ledger_guild_id` ON `ledger_entries` (`guild_id`,`id`);--> statement-breakpoint
CREATE INDEX `ledger_job_id` ON `ledger_entries` (`job_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `ledger_one_charge_per_job` ON `ledger_entries` (`job_id`) WHERE "ledger_entries"."kind" = 'charge';--> statement-breakpoint
CREATE UNIQUE INDEX `ledger_one_refund_per_job` ON `ledger_entries` (`job_id`) WHERE "ledger_entries"."kind" = 'refund';--> statement-breakpoint
CREATE UNIQUE INDEX `ledger_one_settlement_per_job` ON `ledger_entries` (`job_id`) WHERE "ledger_entries"."kind" = 'adjust';