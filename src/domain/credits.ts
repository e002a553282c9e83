/** Kinds of ledger entry (DESIGN §5); the schema checks each one's sign. */
export const LEDGER_KINDS = ["topup", "remove", "charge", "refund", "adjust"] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

/** The largest single top-up, removal or daily limit. */
export const MAX_TOP_UP = 1_000_000;

/** Kinds that give credits to a server (positive delta) and kinds that take them (negative). */
export const CREDITING_KINDS = [
  "topup",
  "refund",
  "adjust",
] as const satisfies readonly LedgerKind[];
export const DEBITING_KINDS = ["remove", "charge"] as const satisfies readonly LedgerKind[];

/** Kinds that belong to one job, so they must name it. */
export const JOB_LEDGER_KINDS = [
  "charge",
  "refund",
  "adjust",
] as const satisfies readonly LedgerKind[];
