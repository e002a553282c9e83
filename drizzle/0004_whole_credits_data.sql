-- Before credits were checked as whole numbers, a fractional `consumed_credits` from Seedance
-- could be stored and settled as a fractional `adjust` entry (and balance). 0003 adds CHECKs that
-- refuse such rows, so they are made whole first: a settlement rounds up (the member gets the
-- part credit back, and a refund still never exceeds the charge, as charges are whole), the
-- recorded cost rounds down to match, and the affected balances are re-summed from their entries.
-- The append-only triggers must go to change history; 0003's rebuild drops them anyway, and 0004
-- re-creates them.
DROP TRIGGER `ledger_entries_no_update`;
--> statement-breakpoint
DROP TRIGGER `ledger_entries_no_delete`;
--> statement-breakpoint
-- An INTEGER column keeps whole reals as integers, so typeof() = 'real' means a fraction.
UPDATE `guilds` SET `balance` = (
	SELECT COALESCE(SUM(CASE WHEN typeof(`delta`) = 'real' AND `delta` > 0
		THEN CAST(`delta` AS INTEGER) + 1 ELSE `delta` END), 0)
	FROM `ledger_entries` WHERE `guild_id` = `guilds`.`id`
)
WHERE typeof(`balance`) = 'real'
	OR `id` IN (SELECT `guild_id` FROM `ledger_entries` WHERE typeof(`delta`) = 'real');
--> statement-breakpoint
UPDATE `ledger_entries` SET `delta` = CAST(`delta` AS INTEGER) + 1
WHERE typeof(`delta`) = 'real' AND `delta` > 0;
--> statement-breakpoint
UPDATE `jobs` SET `consumed_credits` = CASE
	WHEN `consumed_credits` BETWEEN 0 AND 1000000 THEN CAST(`consumed_credits` AS INTEGER)
	ELSE NULL END
WHERE typeof(`consumed_credits`) = 'real';
