import { UserError } from "../../domain/user-error.js";
import { creditsParam as credits, refusalArgs } from "../../i18n/refusal.js";
import { relativeTime } from "../../lib/format.js";

export class InsufficientCreditsError extends UserError {
  constructor(
    readonly cost: number,
    readonly balance: number,
  ) {
    super(
      ...refusalArgs("refusals.insufficientCredits", {
        cost: credits(cost),
        balance: credits(balance),
      }),
    );
  }
}

export class DailyLimitError extends UserError {
  constructor(
    readonly limit: number,
    readonly spentToday: number,
    readonly cost: number,
    readonly resetsAt: number,
  ) {
    super(
      ...refusalArgs("refusals.dailyLimit", {
        cost: credits(cost),
        limit: credits(limit),
        left: credits(Math.max(0, limit - spentToday)),
        resetsAt: relativeTime(resetsAt),
      }),
    );
  }
}

export class TooManyActiveJobsError extends UserError {
  constructor(
    readonly scope: "member" | "server",
    readonly limit: number,
  ) {
    super(
      ...refusalArgs(scope === "member" ? "refusals.tooManyMember" : "refusals.tooManyServer", {
        count: limit,
      }),
    );
  }
}

export class RemoveExceedsBalanceError extends UserError {
  constructor(
    readonly amount: number,
    readonly balance: number,
  ) {
    super(
      ...refusalArgs("refusals.removeExceeds", {
        amount: credits(amount),
        balance: credits(balance),
      }),
    );
  }
}

/** Another process holds the database's write lock longer than a member can wait. */
export class DatabaseBusyError extends UserError {
  constructor() {
    super(...refusalArgs("refusals.databaseBusy"));
  }
}

export class InvalidAmountError extends UserError {
  constructor(min: number, max: number) {
    super(...refusalArgs("refusals.invalidAmount", { min: credits(min), max: credits(max) }));
  }
}
