CREATE TABLE "bot_state" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "guild_settings" (
	"guild_id" text PRIMARY KEY NOT NULL,
	"default_resolution" text,
	"default_duration" integer,
	"default_aspect_ratio" text,
	"default_audio" boolean,
	"default_fixed_lens" boolean,
	"allowed_channel_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"required_role_id" text,
	"confirm_above" integer,
	"max_cost" integer,
	"language" text DEFAULT 'auto' NOT NULL,
	"updated_at" bigint NOT NULL,
	CONSTRAINT "guild_settings_duration_known" CHECK ("guild_settings"."default_duration" IS NULL OR "guild_settings"."default_duration" IN (4, 8, 12)),
	CONSTRAINT "guild_settings_resolution_known" CHECK ("guild_settings"."default_resolution" IS NULL OR "guild_settings"."default_resolution" IN ('480p', '720p')),
	CONSTRAINT "guild_settings_aspect_ratio_known" CHECK ("guild_settings"."default_aspect_ratio" IS NULL OR "guild_settings"."default_aspect_ratio" IN ('16:9', '9:16', '1:1', '4:3', '3:4', '21:9', '9:21')),
	CONSTRAINT "guild_settings_amounts_positive" CHECK (("guild_settings"."confirm_above" IS NULL OR "guild_settings"."confirm_above" > 0)
        AND ("guild_settings"."max_cost" IS NULL OR "guild_settings"."max_cost" > 0)),
	CONSTRAINT "guild_settings_language_known" CHECK ("guild_settings"."language" IN ('auto', 'en', 'ko')),
	CONSTRAINT "guild_settings_channels_array" CHECK (jsonb_typeof("guild_settings"."allowed_channel_ids") = 'array')
);
--> statement-breakpoint
CREATE TABLE "guilds" (
	"id" text PRIMARY KEY NOT NULL,
	"balance" bigint DEFAULT 0 NOT NULL,
	"daily_limit" integer,
	"created_at" bigint NOT NULL,
	CONSTRAINT "guilds_balance_non_negative" CHECK ("guilds"."balance" >= 0),
	CONSTRAINT "guilds_daily_limit_positive" CHECK ("guilds"."daily_limit" IS NULL OR "guilds"."daily_limit" > 0)
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"id" text PRIMARY KEY NOT NULL,
	"guild_id" text NOT NULL,
	"channel_id" text NOT NULL,
	"user_id" text NOT NULL,
	"kind" text NOT NULL,
	"prompt" text NOT NULL,
	"aspect_ratio" text NOT NULL,
	"resolution" text NOT NULL,
	"duration" integer NOT NULL,
	"audio" boolean NOT NULL,
	"fixed_lens" boolean NOT NULL,
	"image_url" text,
	"price" integer NOT NULL,
	"state" text NOT NULL,
	"task_id" text,
	"application_id" text NOT NULL,
	"interaction_token" text NOT NULL,
	"token_expires_at" bigint NOT NULL,
	"upload_limit_bytes" bigint NOT NULL,
	"message_id" text,
	"video_url" text,
	"consumed_credits" integer,
	"error_code" text,
	"error_message" text,
	"delivery_path" text,
	"submit_attempts" integer DEFAULT 0 NOT NULL,
	"poll_count" integer DEFAULT 0 NOT NULL,
	"delivery_attempts" integer DEFAULT 0 NOT NULL,
	"created_at" bigint NOT NULL,
	"submitted_at" bigint,
	"expected_finish_at" bigint,
	"finished_at" bigint,
	"delivered_at" bigint,
	"updated_at" bigint NOT NULL,
	"lease_owner" text,
	"lease_expires_at" bigint,
	CONSTRAINT "jobs_state_known" CHECK ("jobs"."state" IN ('reserved', 'submitted', 'succeeded', 'delivered', 'failed', 'refunded')),
	CONSTRAINT "jobs_kind_known" CHECK ("jobs"."kind" IN ('text', 'image')),
	CONSTRAINT "jobs_price_positive" CHECK ("jobs"."price" > 0),
	CONSTRAINT "jobs_duration_known" CHECK ("jobs"."duration" IN (4, 8, 12)),
	CONSTRAINT "jobs_resolution_known" CHECK ("jobs"."resolution" IN ('480p', '720p')),
	CONSTRAINT "jobs_aspect_ratio_known" CHECK ("jobs"."aspect_ratio" IN ('16:9', '9:16', '1:1', '4:3', '3:4', '21:9', '9:21')),
	CONSTRAINT "jobs_delivery_path_known" CHECK ("jobs"."delivery_path" IS NULL OR "jobs"."delivery_path" IN ('attachment', 'link', 'channel_edit', 'channel_post', 'dm')),
	CONSTRAINT "jobs_lease_complete" CHECK (("jobs"."lease_owner" IS NULL) = ("jobs"."lease_expires_at" IS NULL))
);
--> statement-breakpoint
CREATE TABLE "ledger_entries" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "ledger_entries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"guild_id" text NOT NULL,
	"delta" integer NOT NULL,
	"kind" text NOT NULL,
	"job_id" text,
	"actor_id" text,
	"reason" text,
	"created_at" bigint NOT NULL,
	CONSTRAINT "ledger_kind_known" CHECK ("ledger_entries"."kind" IN ('topup', 'remove', 'charge', 'refund', 'adjust')),
	CONSTRAINT "ledger_delta_sign_matches_kind" CHECK (("ledger_entries"."kind" IN ('topup', 'refund', 'adjust') AND "ledger_entries"."delta" > 0)
        OR ("ledger_entries"."kind" IN ('remove', 'charge') AND "ledger_entries"."delta" < 0)),
	CONSTRAINT "ledger_job_entries_name_their_job" CHECK (NOT ("ledger_entries"."kind" IN ('charge', 'refund', 'adjust')) OR "ledger_entries"."job_id" IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE "settings_audit" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "settings_audit_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"guild_id" text NOT NULL,
	"actor_id" text NOT NULL,
	"key" text NOT NULL,
	"old_value" text NOT NULL,
	"new_value" text NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_guild_id_guilds_id_fk" FOREIGN KEY ("guild_id") REFERENCES "public"."guilds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_guild_id_guilds_id_fk" FOREIGN KEY ("guild_id") REFERENCES "public"."guilds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "jobs_guild_user_created" ON "jobs" USING btree ("guild_id","user_id","created_at");--> statement-breakpoint
CREATE INDEX "jobs_state_guild_user" ON "jobs" USING btree ("state","guild_id","user_id");--> statement-breakpoint
CREATE INDEX "jobs_settings_finished" ON "jobs" USING btree ("resolution","duration","finished_at");--> statement-breakpoint
CREATE INDEX "jobs_state_lease" ON "jobs" USING btree ("state","lease_expires_at");--> statement-breakpoint
CREATE INDEX "ledger_guild_id" ON "ledger_entries" USING btree ("guild_id","id");--> statement-breakpoint
CREATE INDEX "ledger_job_id" ON "ledger_entries" USING btree ("job_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_one_charge_per_job" ON "ledger_entries" USING btree ("job_id") WHERE "ledger_entries"."kind" = 'charge';--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_one_refund_per_job" ON "ledger_entries" USING btree ("job_id") WHERE "ledger_entries"."kind" = 'refund';--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_one_settlement_per_job" ON "ledger_entries" USING btree ("job_id") WHERE "ledger_entries"."kind" = 'adjust';--> statement-breakpoint
CREATE INDEX "settings_audit_guild_id" ON "settings_audit" USING btree ("guild_id","id");