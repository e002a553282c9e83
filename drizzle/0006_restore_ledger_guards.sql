-- 0003 rebuilt ledger_entries to add CHECKs, and a rebuild drops the table's triggers (drizzle-kit
-- does not know about them). The guards from 0001, re-created unchanged.
CREATE TRIGGER `ledger_entries_no_update` BEFORE UPDATE ON `ledger_entries`
BEGIN
	SELECT RAISE(ABORT, 'ledger entries are append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `ledger_entries_no_delete` BEFORE DELETE ON `ledger_entries`
BEGIN
	SELECT RAISE(ABORT, 'ledger entries are append-only');
END;
--> statement-breakpoint
-- A job's refund and settlement together never give back more than its charge took.
CREATE TRIGGER `ledger_job_credits_within_charge` BEFORE INSERT ON `ledger_entries`
WHEN NEW.`job_id` IS NOT NULL AND NEW.`delta` > 0
BEGIN
	SELECT RAISE(ABORT, 'a job cannot be refunded more than it was charged')
	WHERE NEW.`delta` + (SELECT COALESCE(SUM(`delta`), 0) FROM `ledger_entries` WHERE `job_id` = NEW.`job_id`) > 0;
END;
