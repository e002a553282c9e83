ALTER TABLE "jobs" ADD COLUMN "message_channel_id" text;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "notice_pending" boolean DEFAULT false NOT NULL;