import { describeSettings } from "../discord/job-messages.js";
import { priceOf } from "../domain/pricing.js";
import { credits, type Translator } from "../i18n/index.js";
import { startOfNextUtcDay } from "../lib/clock.js";
import { relativeTime } from "../lib/format.js";
import { effectiveOptions } from "../services/settings/rules.js";
import type { CommandDeps, GuildCommandInteraction } from "./types.js";

/** What /credits balance shows one member; read before rendering. */
export interface BalanceView {
  readonly balance: number;
  readonly spentToday: number;
  readonly dailyLimit: number | null;
  /** The server's default settings, as a job left to them would be made. */
  readonly defaults: ReturnType<typeof effectiveOptions>;
  readonly resetsAt: number;
}

export async function balanceView(
  interaction: GuildCommandInteraction,
  deps: CommandDeps,
): Promise<BalanceView> {
  const { guildId } = interaction;
  const [balance, spentToday, dailyLimit, settings] = await Promise.all([
    deps.ledger.balance(guildId),
    deps.ledger.spentToday(guildId, interaction.user.id),
    deps.ledger.dailyLimit(guildId),
    deps.settings.get(guildId),
  ]);
  const defaults = effectiveOptions({}, settings.defaults);
  return {
    balance,
    spentToday,
    dailyLimit,
    defaults,
    resetsAt: startOfNextUtcDay(deps.clock.now()),
  };
}

/** The balance in videos people can picture, what the member spent, and what is left today. */
export function balanceText(view: BalanceView, t: Translator): string {
  const cost = priceOf(view.defaults);
  const lines = [
    t("replies.credits.balance", {
      balance: credits(t, view.balance),
      videos: t("replies.credits.videos", { count: Math.floor(view.balance / cost) }),
      settings: describeSettings(view.defaults, t),
      cost: credits(t, cost),
    }),
    t("replies.credits.spent", { spent: credits(t, view.spentToday) }),
    view.dailyLimit === null
      ? t("replies.credits.noLimit")
      : t("replies.credits.limit", {
          limit: credits(t, view.dailyLimit),
          left: credits(t, Math.max(0, view.dailyLimit - view.spentToday)),
          resetsAt: relativeTime(view.resetsAt),
        }),
  ];
  return lines.join("\n");
}
