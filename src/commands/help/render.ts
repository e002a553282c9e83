import { priceOf } from "../../domain/pricing.js";
import { DURATIONS, RESOLUTIONS } from "../../domain/video-settings.js";
import { credits, type Translator } from "../../i18n/index.js";
import type { GuildSettings } from "../../services/settings/rules.js";
import { describeChannels, describeDefaults, describeRole } from "../describe-settings.js";

/** What /help shows one member; everything is read before rendering. */
export interface HelpView {
  readonly settings: GuildSettings;
  readonly dailyLimit: number | null;
  readonly spentToday: number;
  readonly balance: number;
  readonly adminsCanTopUp: boolean;
}

const COMMANDS = ["video", "animate", "menu", "jobs", "credits", "settings"] as const;

/** Seedance's price table in credits, silent / with audio. */
export function priceTable(t: Translator): string {
  const header = `| | ${DURATIONS.map((d) => t("common.seconds", { count: d })).join(" | ")} |`;
  const rows = RESOLUTIONS.map((resolution) => {
    const cells = DURATIONS.map(
      (duration) =>
        `${priceOf({ resolution, duration, audio: false })} / ${priceOf({ resolution, duration, audio: true })}`,
    );
    return `| ${resolution} | ${cells.join(" | ")} |`;
  });
  return [t("help.priceHeader"), "```", header, ...rows, "```"].join("\n");
}

function limitLine({ dailyLimit, spentToday }: HelpView, t: Translator): string {
  if (dailyLimit === null) return t("help.noLimit");
  const left = Math.max(0, dailyLimit - spentToday);
  return t("help.limit", { limit: credits(t, dailyLimit), left: credits(t, left) });
}

export function helpText(view: HelpView, t: Translator): string {
  const { settings } = view;
  const guards = [
    settings.confirmAbove === null
      ? null
      : t("help.confirm", { amount: credits(t, settings.confirmAbove) }),
    settings.maxCost === null ? null : t("help.maxCost", { amount: credits(t, settings.maxCost) }),
  ].filter((line): line is string => line !== null);
  return [
    t("help.title"),
    ...COMMANDS.map((name) => `• ${t(`help.commands.${name}`)}`),
    "",
    t("help.prices"),
    priceTable(t),
    "",
    t("help.here"),
    t("help.defaults", { defaults: describeDefaults(settings.defaults, t) }),
    t("help.where", { channels: describeChannels(settings.channelIds, t) }),
    t("help.who", { role: describeRole(settings.roleId, t) }),
    ...guards,
    limitLine(view, t),
    t("help.balance", {
      balance: credits(t, view.balance),
      who: t(view.adminsCanTopUp ? "help.ownerAndAdmins" : "help.owner"),
    }),
  ].join("\n");
}
