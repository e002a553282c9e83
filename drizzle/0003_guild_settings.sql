CREATE TABLE `guild_settings` (
	`guild_id` text PRIMARY KEY NOT NULL,
	`default_resolution` text,
	`default_duration` integer,
	`default_aspect_ratio` text,
	`default_audio` integer,
	`default_fixed_lens` integer,
	`allowed_channel_ids` text DEFAULT '[]' NOT NULL,
	`required_role_id` text,
	`confirm_above` integer,
	`max_cost` integer,
	`language` text DEFAULT 'auto' NOT NULL,
	`updated_at` integer NOT NULL,
	CONSTRAINT "guild_settings_duration_known" CHECK("guild_settings"."default_duration" IS NULL OR "guild_settings"."default_duration" IN (4, 8, 12)),
	CONSTRAINT "guild_settings_resolution_known" CHECK("guild_settings"."default_resolution" IS NULL OR "guild_settings"."default_resolution" IN ('480p', '720p')),
	CONSTRAINT "guild_settings_aspect_ratio_known" CHECK("guild_settings"."default_aspect_ratio" IS NULL OR "guild_settings"."default_aspect_ratio" IN ('16:9', '9:16', '1:1', '4:3', '3:4', '21:9', '9:21')),
	CONSTRAINT "guild_settings_amounts_positive" CHECK(("guild_settings"."confirm_above" IS NULL OR "guild_settings"."confirm_above" > 0)
        AND ("guild_settings"."max_cost" IS NULL OR "guild_settings"."max_cost" > 0)),
	CONSTRAINT "guild_settings_language_known" CHECK("guild_settings"."language" IN ('auto', 'en', 'ko')),
	CONSTRAINT "guild_settings_channels_array" CHECK(json_type("guild_settings"."allowed_channel_ids") = 'array')
);
--> statement-breakpoint
CREATE TABLE `settings_audit` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`guild_id` text NOT NULL,
	`actor_id` text NOT NULL,
	`key` text NOT NULL,
	`old_value` text NOT NULL,
	`new_value` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `settings_audit_guild_id` ON `settings_audit` (`guild_id`,`id`);