ALTER TABLE `jobs` ADD `member_locale` text DEFAULT 'en-US' NOT NULL;--> statement-breakpoint
ALTER TABLE `jobs` ADD `public_locale` text DEFAULT 'en-US' NOT NULL;