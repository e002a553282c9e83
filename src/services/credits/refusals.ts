import { UserError } from "../../domain/user-error.js";
import { formatCredits as credits, relativeTime } from "../../lib/format.js";

export class InsufficientCreditsError extends UserError {
  constructor(
    readonly cost: number,
    readonly balance: number,
  ) {
    super(
      `This video costs ${credits(cost)}, but the server only has ${credits(balance)}. ` +
        "Ask a server admin or the bot owner to top up with `/credits add`.",
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
      `This video costs ${credits(cost)}, which would take you past this server's daily limit ` +
        `of ${credits(limit)} per member (you have spent ${credits(spentToday)} today). ` +
        `The limit resets ${relativeTime(resetsAt)}.`,
    );
  }
}

export class TooManyActiveJobsError extends UserError {
  constructor(
    readonly scope: "member" | "server",
    readonly limit: number,
  ) {
    super(
      scope === "member"
        ? `You already have ${limit} video${limit === 1 ? "" : "s"} generating, the most a member ` +
            "can run at once. A slot frees up as soon as one finishes — check `/jobs`."
        : `This server already has ${limit} video${limit === 1 ? "" : "s"} generating, the most ` +
            "it can run at once. A slot frees up as soon as one finishes; please try again shortly.",
    );
  }
}

export class RemoveExceedsBalanceError extends UserError {
  constructor(
    readonly amount: number,
    readonly balance: number,
  ) {
    super(
      `The server only has ${credits(balance)}, so ${credits(amount)} can't be removed. ` +
        `Remove at most ${credits(balance)}.`,
    );
  }
}

/** Another process holds the database's write lock longer than a member can wait. */
export class DatabaseBusyError extends UserError {
  constructor() {
    super(
      "The bot's database is busy right now — please try again in a moment. Nothing was charged.",
    );
  }
}

export class InvalidAmountError extends UserError {
  constructor(min: number, max: number) {
    super(`The amount must be a whole number from ${credits(min)} to ${credits(max)}.`);
  }
}
