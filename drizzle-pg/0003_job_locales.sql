ALTER TABLE "jobs" ADD COLUMN "member_locale" text DEFAULT 'en-US' NOT NULL;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "public_locale" text DEFAULT 'en-US' NOT NULL;