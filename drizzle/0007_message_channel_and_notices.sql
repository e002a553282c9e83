ALTER TABLE `jobs` ADD `message_channel_id` text;--> statement-breakpoint
ALTER TABLE `jobs` ADD `notice_pending` integer DEFAULT false NOT NULL;