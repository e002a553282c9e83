import { InteractionContextType, MessageFlags, SlashCommandBuilder } from "discord.js";
import type { Job } from "../db/schema.js";
import { failureText } from "../discord/failure-text.js";
import { describeCost, describeSettings } from "../discord/job-messages.js";
import { formatCredits, formatElapsed, shorten } from "../lib/format.js";
import { defineCommand } from "./types.js";

const RECENT = 10;

const STATE_LABELS: Record<Job["state"], string> = {
  reserved: "⏳ sending to Seedance",
  submitted: "🎬 generating",
  succeeded: "📦 ready, being posted",
  delivered: "✅ delivered",
  failed: "❌ failed, refunding",
  refunded: "↩️ refunded",
};

function messageLink(job: Job): string | null {
  return job.messageId
    ? `https://discord.com/channels/${job.guildId}/${job.channelId}/${job.messageId}`
    : null;
}

function activeLine(job: Job, now: number): string {
  const stuck = job.state === "succeeded" && job.deliveryAttempts > 0 && job.videoUrl;
  const status = stuck
    ? `📦 ready but not posted yet — [video](${job.videoUrl})`
    : STATE_LABELS[job.state];
  return `• ${status} · ${formatElapsed(now - job.createdAt)} elapsed · ${describeSettings(job)} · “${shorten(job.prompt, 60)}”`;
}

function finishedLine(job: Job): string {
  const link = messageLink(job);
  const where = job.state === "delivered" && link ? ` · [message](${link})` : "";
  const reason = job.errorCode
    ? ` — ${shorten(failureText({ code: job.errorCode, detail: job.errorMessage }), 80)}`
    : "";
  const money =
    job.state === "refunded" ? `${formatCredits(job.price)} refunded${reason}` : describeCost(job);
  return `• ${STATE_LABELS[job.state]} <t:${Math.floor(job.updatedAt / 1000)}:R>${where} · ${money} · “${shorten(job.prompt, 50)}”`;
}

export const jobsCommand = defineCommand({
  data: new SlashCommandBuilder()
    .setName("jobs")
    .setDescription("Your videos in this server: in progress and recently finished")
    .setContexts(InteractionContextType.Guild)
    .toJSON(),

  async execute(interaction, { jobs, clock }) {
    const active = jobs.activeFor(interaction.guildId, interaction.user.id);
    const recent = jobs.recentlyFinishedFor(interaction.guildId, interaction.user.id, RECENT);
    const now = clock.now();
    const sections = [
      `**In progress**\n${active.length ? active.map((job) => activeLine(job, now)).join("\n") : "Nothing right now."}`,
      `**Recently finished**\n${recent.length ? recent.map(finishedLine).join("\n") : "No finished videos yet. Try `/video`!"}`,
    ];
    await interaction.reply({
      content: shorten(sections.join("\n\n"), 2000),
      flags: MessageFlags.Ephemeral,
      allowedMentions: { parse: [] },
    });
  },
});
