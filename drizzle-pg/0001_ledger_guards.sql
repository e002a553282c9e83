-- Guards the schema holds on its own, whatever the code does (the SQLite twins: drizzle/0001).
-- Ledger entries are append-only: history is never rewritten, row by row or wholesale.
CREATE FUNCTION ledger_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'ledger entries are append-only' USING ERRCODE = 'restrict_violation';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER ledger_entries_no_update_or_delete BEFORE UPDATE OR DELETE ON ledger_entries
FOR EACH ROW EXECUTE FUNCTION ledger_entries_append_only();
--> statement-breakpoint
CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries
FOR EACH STATEMENT EXECUTE FUNCTION ledger_entries_append_only();
--> statement-breakpoint
-- A job's refund and settlement together never give back more than its charge took. The job's
-- row is locked first, so two transactions crediting one job can't both pass on the same sum.
CREATE FUNCTION ledger_job_credits_within_charge() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.job_id IS NULL OR NEW.delta <= 0 THEN
		RETURN NEW;
	END IF;
	PERFORM 1 FROM jobs WHERE id = NEW.job_id FOR NO KEY UPDATE;
	IF NEW.delta + (SELECT COALESCE(SUM(delta), 0) FROM ledger_entries WHERE job_id = NEW.job_id) > 0 THEN
		RAISE EXCEPTION 'a job cannot be refunded more than it was charged' USING ERRCODE = 'check_violation';
	END IF;
	RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER ledger_job_credits_within_charge BEFORE INSERT ON ledger_entries
FOR EACH ROW EXECUTE FUNCTION ledger_job_credits_within_charge();
