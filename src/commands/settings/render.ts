import type { GuildLanguage, SettingsAuditEntry } from "../../db/schema.js";
import { credits, type Translator } from "../../i18n/index.js";
import { relativeTime } from "../../lib/format.js";
import type { GuildSettings, ServerDefaults } from "../../services/settings/rules.js";
import { describeChannels, describeDefaults, describeRole } from "../describe-settings.js";

const amountOr = (amount: number | null, off: string, t: Translator) =>
  amount === null ? off : credits(t, amount);

export interface SettingsView {
  readonly settings: GuildSettings;
  readonly dailyLimit: number | null;
  readonly lastChange: SettingsAuditEntry | undefined;
}

export function settingsSummary(view: SettingsView, t: Translator): string {
  const { settings, dailyLimit, lastChange } = view;
  const none = t("settings.show.none");
  const lines = [
    t("settings.show.title"),
    t("settings.show.defaults", { defaults: describeDefaults(settings.defaults, t) }),
    t("settings.show.channels", { channels: describeChannels(settings.channelIds, t) }),
    t("settings.show.role", { role: describeRole(settings.roleId, t) }),
    t("settings.show.confirmAbove", {
      amount: amountOr(settings.confirmAbove, t("settings.show.off"), t),
    }),
    t("settings.show.maxCost", { amount: amountOr(settings.maxCost, none, t) }),
    t("settings.show.dailyLimit", { amount: amountOr(dailyLimit, none, t) }),
    t("settings.show.language", { language: t(`settings.languages.${settings.language}`) }),
  ];
  if (lastChange) {
    lines.push(
      t("settings.show.lastChange", {
        who: `<@${lastChange.actorId}>`,
        when: relativeTime(lastChange.createdAt),
        setting: lastChange.key,
      }),
    );
  }
  return lines.join("\n");
}

/** The reply to each change: what is now saved. */
export const savedText = {
  defaults: (defaults: ServerDefaults, t: Translator) =>
    t("settings.saved.defaults", { defaults: describeDefaults(defaults, t) }),
  channels: (ids: readonly string[], t: Translator) =>
    ids.length === 0
      ? t("settings.saved.channelsEverywhere")
      : t("settings.saved.channels", { channels: describeChannels(ids, t) }),
  role: (roleId: string | null, t: Translator) =>
    roleId === null
      ? t("settings.saved.roleEveryone")
      : t("settings.saved.role", { role: `<@&${roleId}>` }),
  confirmAbove: (amount: number | null, t: Translator) =>
    amount === null
      ? t("settings.saved.confirmOff")
      : t("settings.saved.confirmAbove", { amount: credits(t, amount) }),
  maxCost: (amount: number | null, t: Translator) =>
    amount === null
      ? t("settings.saved.maxCostOff")
      : t("settings.saved.maxCost", { amount: credits(t, amount) }),
  language: (language: GuildLanguage, t: Translator) =>
    t("settings.saved.language", { language: t(`settings.languages.${language}`) }),
} as const;
