import { InteractionContextType, MessageFlags, SlashCommandBuilder } from "discord.js";
import type { Job } from "../db/schema.js";
import { failureText } from "../discord/failure-text.js";
import { describeCost, describeSettings } from "../discord/job-messages.js";
import { shownPrompt } from "../discord/prompt-text.js";
import { credits, type Translator, translator } from "../i18n/index.js";
import { formatElapsed, shorten } from "../lib/format.js";
import { defineCommand } from "./types.js";

const RECENT = 10;

/** Where a job's message is: its channel, or where a fallback posted it (a DM). */
type MessagePlace = Pick<Job, "guildId" | "channelId" | "messageId" | "messageChannelId">;

/** A link that lasts, to the job's own message (not the upstream video URL, which expires). */
export function messageLink(job: MessagePlace): string | null {
  if (!job.messageId) return null;
  const where =
    job.messageChannelId && job.messageChannelId !== job.channelId ? "@me" : job.guildId;
  return `https://discord.com/channels/${where}/${job.messageChannelId ?? job.channelId}/${job.messageId}`;
}

const prompt = (job: Job, max: number) => `**${shownPrompt(job.prompt, max)}**`;

function jump(job: Job, t: Translator): string {
  const link = messageLink(job);
  return link ? ` · ${t("jobs.list.jump", { link })}` : "";
}

function activeLine(job: Job, now: number, t: Translator): string {
  const stuck = job.state === "succeeded" && job.deliveryAttempts > 0 && job.videoUrl;
  const status = stuck
    ? t("jobs.list.stuck", { url: job.videoUrl })
    : t(`jobs.list.state.${job.state}`);
  const elapsed = t("jobs.list.elapsed", { elapsed: formatElapsed(now - job.createdAt) });
  return `• ${prompt(job, 60)} — ${status} · ${elapsed} · ${describeSettings(job, t)} · ${credits(t, job.price)}${jump(job, t)}`;
}

function finishedLine(job: Job, t: Translator): string {
  const reason = job.errorCode
    ? ` — ${shorten(failureText({ code: job.errorCode, detail: job.errorMessage }, t), 80)}`
    : "";
  const money =
    job.state === "refunded"
      ? `${t("jobs.list.refunded", { cost: credits(t, job.price) })}${reason}`
      : describeCost(job, t);
  const when = `<t:${Math.floor(job.updatedAt / 1000)}:R>`;
  return `• ${prompt(job, 50)} — ${t(`jobs.list.state.${job.state}`)} ${when} · ${money}${jump(job, t)}`;
}

export const jobsCommand = defineCommand({
  data: new SlashCommandBuilder()
    .setName("jobs")
    .setDescription("Your videos in this server: in progress and recently finished")
    .setContexts(InteractionContextType.Guild)
    .toJSON(),

  async execute(interaction, { jobs, clock }) {
    const t = translator(interaction.locale);
    const active = await jobs.activeFor(interaction.guildId, interaction.user.id);
    const recent = await jobs.recentlyFinishedFor(interaction.guildId, interaction.user.id, RECENT);
    const now = clock.now();
    const activeLines = active.map((job) => activeLine(job, now, t)).join("\n");
    const recentLines = recent.map((job) => finishedLine(job, t)).join("\n");
    const sections = [
      `${t("jobs.list.inProgress")}\n${activeLines || t("jobs.list.none")}`,
      `${t("jobs.list.recent")}\n${recentLines || t("jobs.list.noneFinished")}`,
    ];
    await interaction.reply({
      content: shorten(sections.join("\n\n"), 2000),
      flags: MessageFlags.Ephemeral,
      allowedMentions: { parse: [] },
    });
  },
});
