import { type Clock, startOfNextUtcDay, startOfUtcDay } from "../../lib/clock.js";
import type { LedgerStatements } from "./ledger-statements.js";
import { DailyLimitError, InsufficientCreditsError } from "./refusals.js";

/** Who wants to spend how much, in which server. */
export interface Spend {
  readonly guildId: string;
  readonly userId: string;
  readonly price: number;
}

/**
 * The money rules a reservation must pass (DESIGN §3 step 2): the server can afford it and the
 * member stays within the daily limit. Each refusal is a typed error that tells the member which
 * rule and when it frees up. Run inside the reservation's transaction, so what they read can't
 * change before the charge.
 */
export function createSpendChecks(statements: LedgerStatements, clock: Clock) {
  function spentToday(guildId: string, userId: string): number {
    const since = startOfUtcDay(clock.now());
    return statements.spentSince.get({ guildId, userId, since })?.spent ?? 0;
  }

  return {
    spentToday,

    checkBalance({ guildId, price }: Spend): void {
      const available = statements.guild.get({ guildId })?.balance ?? 0;
      if (available < price) throw new InsufficientCreditsError(price, available);
    },

    checkDailyLimit({ guildId, userId, price }: Spend): void {
      const dailyLimit = statements.guild.get({ guildId })?.dailyLimit ?? null;
      if (dailyLimit === null) return;
      const spent = spentToday(guildId, userId);
      if (spent + price > dailyLimit) {
        throw new DailyLimitError(dailyLimit, spent, price, startOfNextUtcDay(clock.now()));
      }
    },
  };
}
