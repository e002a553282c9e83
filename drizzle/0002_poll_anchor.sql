ALTER TABLE `jobs` ADD `expected_finish_at` integer;--> statement-breakpoint
CREATE INDEX `jobs_settings_finished` ON `jobs` (`resolution`,`duration`,`finished_at`);