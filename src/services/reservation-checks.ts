import type { Clock } from "./clock.js";
import { startOfNextUtcDay, startOfUtcDay } from "./clock.js";
import type { JobReservation, LedgerLimits } from "./ledger.js";
import {
  DailyLimitError,
  InsufficientCreditsError,
  TooManyActiveJobsError,
} from "./ledger-refusals.js";
import type { LedgerStatements } from "./ledger-statements.js";

/**
 * The rules a reservation must pass (DESIGN §3 step 2): the server can afford it, the member and
 * the server are under their concurrency caps, and the member stays within the daily limit.
 * Each refusal is a typed error that tells the member which rule and when it frees up. Run
 * inside the reservation's transaction, so what they read can't change before the charge.
 */
export function createReservationChecks(
  statements: LedgerStatements,
  clock: Clock,
  limits: LedgerLimits,
) {
  function spentToday(guildId: string, userId: string): number {
    const since = startOfUtcDay(clock.now());
    return statements.spentSince.get({ guildId, userId, since })?.spent ?? 0;
  }

  function checkCaps(guildId: string, userId: string): void {
    const active = statements.activeJobs.get({ guildId, userId });
    if ((active?.ofMember ?? 0) >= limits.activeJobsPerUser) {
      throw new TooManyActiveJobsError("member", limits.activeJobsPerUser);
    }
    if ((active?.inGuild ?? 0) >= limits.activeJobsPerGuild) {
      throw new TooManyActiveJobsError("server", limits.activeJobsPerGuild);
    }
  }

  return {
    spentToday,

    check({ guildId, userId, price }: JobReservation): void {
      const guild = statements.guild.get({ guildId });
      const available = guild?.balance ?? 0;
      if (available < price) throw new InsufficientCreditsError(price, available);
      checkCaps(guildId, userId);
      const dailyLimit = guild?.dailyLimit ?? null;
      if (dailyLimit === null) return;
      const spent = spentToday(guildId, userId);
      if (spent + price > dailyLimit) {
        throw new DailyLimitError(dailyLimit, spent, price, startOfNextUtcDay(clock.now()));
      }
    },
  };
}
