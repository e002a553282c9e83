import type { Job } from "../../db/schema.js";
import type { Settled } from "../../lib/turn-batcher.js";
import {
  DailyLimitError,
  DatabaseBusyError,
  InsufficientCreditsError,
  TooManyActiveJobsError,
} from "../credits/refusals.js";

/**
 * A reservation's error as it crosses to another thread. Structured cloning keeps an Error's
 * message but not its class, and the commands tell refusals apart by class (the cheaper
 * variant for too few credits, the running jobs for too many), so each refusal travels as its
 * constructor's arguments and is built again on the other side.
 */
export type WireError =
  | { readonly kind: "insufficientCredits"; readonly cost: number; readonly balance: number }
  | {
      readonly kind: "dailyLimit";
      readonly limit: number;
      readonly spentToday: number;
      readonly cost: number;
      readonly resetsAt: number;
    }
  | {
      readonly kind: "tooManyActiveJobs";
      readonly scope: "member" | "server";
      readonly limit: number;
    }
  | { readonly kind: "busy" }
  | {
      readonly kind: "unexpected";
      readonly name: string;
      readonly message: string;
      readonly code: unknown;
      readonly stack: string | undefined;
    };

export type WireOutcome =
  | { readonly ok: true; readonly value: Job }
  | { readonly ok: false; readonly error: WireError };

export function toWireError(error: unknown): WireError {
  if (error instanceof InsufficientCreditsError) {
    return { kind: "insufficientCredits", cost: error.cost, balance: error.balance };
  }
  if (error instanceof DailyLimitError) {
    const { limit, spentToday, cost, resetsAt } = error;
    return { kind: "dailyLimit", limit, spentToday, cost, resetsAt };
  }
  if (error instanceof TooManyActiveJobsError) {
    return { kind: "tooManyActiveJobs", scope: error.scope, limit: error.limit };
  }
  if (error instanceof DatabaseBusyError) return { kind: "busy" };
  const { name, message, stack } = error instanceof Error ? error : new Error(String(error));
  return { kind: "unexpected", name, message, code: (error as { code?: unknown })?.code, stack };
}

export function fromWireError(wire: WireError): Error {
  switch (wire.kind) {
    case "insufficientCredits":
      return new InsufficientCreditsError(wire.cost, wire.balance);
    case "dailyLimit":
      return new DailyLimitError(wire.limit, wire.spentToday, wire.cost, wire.resetsAt);
    case "tooManyActiveJobs":
      return new TooManyActiveJobsError(wire.scope, wire.limit);
    case "busy":
      return new DatabaseBusyError();
    case "unexpected":
      return Object.assign(new Error(wire.message), {
        name: wire.name,
        code: wire.code,
        stack: wire.stack,
      });
  }
}

export const toWireOutcome = (outcome: Settled<Job>): WireOutcome =>
  outcome.ok ? outcome : { ok: false, error: toWireError(outcome.error) };

export const fromWireOutcome = (outcome: WireOutcome): Settled<Job> =>
  outcome.ok ? outcome : { ok: false, error: fromWireError(outcome.error) };
