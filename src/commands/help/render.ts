import { priceOf } from "../../domain/pricing.js";
import { DURATIONS, RESOLUTIONS } from "../../domain/video-settings.js";
import { formatCredits } from "../../lib/format.js";
import type { GuildSettings } from "../../services/settings/rules.js";
import { describeChannels, describeDefaults, describeRole } from "../settings/render.js";

/** What /help shows one member; everything is read before rendering. */
export interface HelpView {
  readonly settings: GuildSettings;
  readonly dailyLimit: number | null;
  readonly spentToday: number;
  readonly balance: number;
  readonly adminsCanTopUp: boolean;
}

const COMMANDS = [
  "`/video` — a short video from a text prompt",
  "`/animate` — bring an image you attach to life",
  "**Apps → Animate with Seedance** (on any message with an image) — the same, with that image",
  "`/jobs` — your videos in progress and recent ones",
  "`/credits balance` — the server's credits and what you spent today",
  "`/settings` (admins) — defaults, channels, role and spending guards",
];

/** Seedance's price table in credits, silent / with audio. */
export function priceTable(): string {
  const header = `| | ${DURATIONS.map((d) => `${d} s`).join(" | ")} |`;
  const rows = RESOLUTIONS.map((resolution) => {
    const cells = DURATIONS.map(
      (duration) =>
        `${priceOf({ resolution, duration, audio: false })} / ${priceOf({ resolution, duration, audio: true })}`,
    );
    return `| ${resolution} | ${cells.join(" | ")} |`;
  });
  return ["Credits, silent / with audio:", "```", header, ...rows, "```"].join("\n");
}

function limitLine({ dailyLimit, spentToday }: HelpView): string {
  if (dailyLimit === null) return "Daily limit: none.";
  const left = Math.max(0, dailyLimit - spentToday);
  return `Daily limit: ${formatCredits(dailyLimit)} per member; you have ${formatCredits(left)} left today.`;
}

export function helpText(view: HelpView): string {
  const { settings } = view;
  const guards = [
    settings.confirmAbove === null
      ? null
      : `Jobs above ${formatCredits(settings.confirmAbove)} ask you to confirm first.`,
    settings.maxCost === null ? null : `Jobs above ${formatCredits(settings.maxCost)} are refused.`,
  ].filter((line): line is string => line !== null);
  return [
    "**Seedance video bot**",
    ...COMMANDS.map((line) => `• ${line}`),
    "",
    "**Prices**",
    priceTable(),
    "",
    "**On this server**",
    `Defaults: ${describeDefaults(settings.defaults, true)}`,
    `Where: ${describeChannels(settings.channelIds)}`,
    `Who: ${describeRole(settings.roleId)}`,
    ...guards,
    limitLine(view),
    `The server has ${formatCredits(view.balance)}. Top-ups: ${
      view.adminsCanTopUp ? "server admins (Manage Server) and the bot owner" : "the bot owner"
    }, with \`/credits add\`.`,
  ].join("\n");
}
