/**
 * A job's life (DESIGN §3), in one place:
 *
 *   reserved ──submit──▶ submitted ──succeed──▶ succeeded ──deliver──▶ delivered
 *      │                    │
 *      └───────fail─────────┴──▶ failed ──refund──▶ refunded
 *
 * Every move is one transaction that checks the job is still in a `from` state; a move that
 * finds it elsewhere changes nothing. Money moves with the state: the charge is written with the
 * reservation, the refund with `refund`, a settlement (Seedance charged less) with `succeed`.
 */
export const JOB_STATES = [
  "reserved",
  "submitted",
  "succeeded",
  "delivered",
  "failed",
  "refunded",
] as const;
export type JobState = (typeof JOB_STATES)[number];

export const JOB_TRANSITIONS = {
  submit: { from: ["reserved"], to: "submitted" },
  succeed: { from: ["submitted"], to: "succeeded" },
  deliver: { from: ["succeeded"], to: "delivered" },
  fail: { from: ["reserved", "submitted"], to: "failed" },
  refund: { from: ["failed"], to: "refunded" },
} as const satisfies Record<string, { from: readonly JobState[]; to: JobState }>;
export type JobTransition = keyof typeof JOB_TRANSITIONS;

/** States that hold a Seedance slot, counted against the concurrency caps. */
export const ACTIVE_JOB_STATES = ["reserved", "submitted"] as const satisfies readonly JobState[];

/** Not yet delivered or refunded: start-up picks these up again. */
export const UNFINISHED_JOB_STATES = [
  "reserved",
  "submitted",
  "succeeded",
  "failed",
] as const satisfies readonly JobState[];

export const FINISHED_JOB_STATES = ["delivered", "refunded"] as const satisfies readonly JobState[];

/** How a finished video reached the member (DESIGN §4). */
export const DELIVERY_PATHS = ["attachment", "link", "channel_edit", "channel_post", "dm"] as const;
export type DeliveryPath = (typeof DELIVERY_PATHS)[number];
