/** Kinds of ledger entry (DESIGN §5); the schema checks each one's sign. */
export const LEDGER_KINDS = ["topup", "remove", "charge", "refund", "adjust"] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

/** The largest single top-up, removal or daily limit. */
export const MAX_TOP_UP = 1_000_000;
