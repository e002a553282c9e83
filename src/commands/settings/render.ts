import type { GuildLanguage, SettingsAuditEntry } from "../../db/schema.js";
import { formatCredits } from "../../lib/format.js";
import type { GuildSettings, ServerDefaults } from "../../services/settings/rules.js";
import { BUILT_IN } from "../../services/settings/rules.js";

/** Plain-English texts of /settings, kept together for the coming translation catalogue. */
export const LANGUAGE_NAMES: Readonly<Record<GuildLanguage, string>> = {
  auto: "auto (the server's Discord language)",
  en: "English",
  ko: "한국어 (Korean)",
};

const onOff = (value: boolean) => (value ? "on" : "off");
const when = (time: number) => `<t:${Math.floor(time / 1000)}:R>`;

/** Each default, marked "(server)" when the server chose it rather than the built-in one. */
export function describeDefaults(defaults: ServerDefaults, imageFollowsShape: boolean): string {
  const mark = (value: unknown, text: string) => (value === null ? text : `${text} (server)`);
  const ratio =
    defaults.aspectRatio ??
    (imageFollowsShape
      ? `${BUILT_IN.aspectRatio}, /animate: the image's shape`
      : BUILT_IN.aspectRatio);
  return [
    mark(defaults.resolution, defaults.resolution ?? BUILT_IN.resolution),
    mark(defaults.duration, `${defaults.duration ?? BUILT_IN.duration} s`),
    mark(defaults.aspectRatio, ratio),
    mark(defaults.audio, `audio ${onOff(defaults.audio ?? BUILT_IN.audio)}`),
    mark(defaults.fixedLens, `fixed lens ${onOff(defaults.fixedLens ?? BUILT_IN.fixedLens)}`),
  ].join(" · ");
}

const describeChannels = (ids: readonly string[]) =>
  ids.length === 0 ? "every channel" : ids.map((id) => `<#${id}>`).join(", ");

const describeRole = (roleId: string | null) =>
  roleId === null ? "everyone" : `members with <@&${roleId}>`;

const amountOr = (amount: number | null, off: string) =>
  amount === null ? off : formatCredits(amount);

export interface SettingsView {
  readonly settings: GuildSettings;
  readonly dailyLimit: number | null;
  readonly lastChange: SettingsAuditEntry | undefined;
}

export function settingsSummary({ settings, dailyLimit, lastChange }: SettingsView): string {
  const lines = [
    "**This server's settings**",
    `Defaults: ${describeDefaults(settings.defaults, true)}`,
    `Channels: ${describeChannels(settings.channelIds)}`,
    `Who can generate: ${describeRole(settings.roleId)}`,
    `Ask to confirm above: ${amountOr(settings.confirmAbove, "off")}`,
    `Maximum per job: ${amountOr(settings.maxCost, "none")}`,
    `Daily limit per member: ${amountOr(dailyLimit, "none")} (\`/credits limit\`)`,
    `Language: ${LANGUAGE_NAMES[settings.language]}`,
  ];
  if (lastChange) {
    lines.push(
      `Last changed by <@${lastChange.actorId}> ${when(lastChange.createdAt)} (${lastChange.key})`,
    );
  }
  return lines.join("\n");
}

const savedLine = (what: string) => `Saved: ${what}.`;

export const settingsText = {
  defaults: (defaults: ServerDefaults) =>
    savedLine(`defaults are now ${describeDefaults(defaults, true)}`),
  channels: (ids: readonly string[]) =>
    savedLine(
      ids.length === 0
        ? "members can generate in every channel"
        : `members can generate in ${describeChannels(ids)}`,
    ),
  role: (roleId: string | null) => savedLine(`${describeRole(roleId)} can generate videos`),
  confirmAbove: (amount: number | null) =>
    savedLine(
      amount === null
        ? "jobs start without asking"
        : `jobs costing more than ${formatCredits(amount)} ask first`,
    ),
  maxCost: (amount: number | null) =>
    savedLine(
      amount === null
        ? "no maximum per job"
        : `jobs costing more than ${formatCredits(amount)} are refused`,
    ),
  language: (language: GuildLanguage) => savedLine(`language is ${LANGUAGE_NAMES[language]}`),
  channelNotHere:
    "That channel isn't in this server, or I can't see it. Pick one of this server's channels.",
  channelNotListed: (id: string) => `<#${id}> isn't on the list of allowed channels.`,
  roleNotHere: "I can't see that role in this server. Pick one of this server's roles.",
  roleEveryone: "Everyone has @everyone; use `clear` to let everyone generate.",
  roleManaged: "That role belongs to a bot or integration and can't be given to members.",
  roleMissing: "Choose a `role`, or `clear` to let everyone generate.",
  unknownSubcommand: "That subcommand doesn't exist. Try `/settings show`.",
} as const;
