import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  type APIMessageTopLevelComponent,
  ButtonStyle,
  ComponentType,
} from "discord.js";
import type { Job } from "../db/schema.js";
import { typicalRenderMs } from "../domain/render-time.js";
import { formatCredits, formatElapsed, shorten } from "../lib/format.js";
import type { JobEnding, LinkReason } from "../services/jobs/notifier.js";
import { customId } from "./custom-ids.js";

/** The body of a job's message: the same shape for interaction webhooks and channel messages. */
export interface JobMessage {
  content: string;
  embeds: APIEmbed[];
  components: APIMessageTopLevelComponent[];
  allowed_mentions: { parse: []; users?: string[] };
}

const COLOR = { working: 0x5865f2, done: 0x57f287, failed: 0xed4245 } as const;
const PROMPT_PREVIEW = 300;
const BAR_CELLS = 12;

export function describeSettings(job: Job): string {
  const extras = [job.audio ? "audio" : null, job.fixedLens ? "fixed lens" : null];
  return [job.resolution, job.aspectRatio, `${job.duration} s`, ...extras]
    .filter(Boolean)
    .join(" · ");
}

/** A text bar against the typical render time; it stops at 95 % until Seedance says it's done. */
export function progressBar(elapsedMs: number, typicalMs: number): string {
  const share = Math.min(elapsedMs / typicalMs, 0.95);
  const filled = Math.round(share * BAR_CELLS);
  return `${"▰".repeat(filled)}${"▱".repeat(BAR_CELLS - filled)} ${Math.round(share * 100)}%`;
}

function baseFields(job: Job) {
  return [
    { name: "Settings", value: describeSettings(job), inline: true },
    { name: "Cost", value: formatCredits(job.price), inline: true },
  ];
}

function message(embed: APIEmbed, extra: Partial<JobMessage> = {}): JobMessage {
  return {
    content: "",
    embeds: [embed],
    components: [],
    allowed_mentions: { parse: [] },
    ...extra,
  };
}

export function generatingMessage(job: Job, now: number): JobMessage {
  const typical = typicalRenderMs(job.resolution, job.duration);
  const elapsed = now - job.createdAt;
  const status =
    job.state === "reserved"
      ? "Sending to Seedance…"
      : `${progressBar(elapsed, typical)}\n${formatElapsed(elapsed)} elapsed · usually about ${formatElapsed(typical)}`;
  return message({
    title: job.kind === "image" ? "🎬 Animating your image…" : "🎬 Generating your video…",
    description: shorten(job.prompt, PROMPT_PREVIEW),
    color: COLOR.working,
    fields: [...baseFields(job), { name: "Progress", value: status }],
    ...(job.imageUrl ? { thumbnail: { url: job.imageUrl } } : {}),
  });
}

function resultButtons(job: Job): APIActionRowComponent<APIButtonComponent> {
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.Button,
        style: ButtonStyle.Primary,
        label: `Regenerate (${formatCredits(job.price)})`,
        emoji: { name: "🔁" },
        custom_id: customId.regenerate(job.id),
      },
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        label: "Delete",
        emoji: { name: "🗑️" },
        custom_id: customId.remove(job.id),
      },
    ],
  };
}

/** What a finished job cost: the price, or Seedance's lower real cost and the difference given back. */
export function describeCost(job: Job): string {
  const consumed = job.consumedCredits;
  if (consumed === null || consumed >= job.price) return formatCredits(job.price);
  return `${formatCredits(consumed)} (${formatCredits(job.price - consumed)} refunded)`;
}

function resultEmbed(job: Job, now: number): APIEmbed {
  return {
    title: job.kind === "image" ? "🎬 Your animation is ready" : "🎬 Your video is ready",
    description: shorten(job.prompt, PROMPT_PREVIEW),
    color: COLOR.done,
    fields: [
      { name: "Settings", value: describeSettings(job), inline: true },
      { name: "Cost", value: describeCost(job), inline: true },
      { name: "Took", value: formatElapsed((job.finishedAt ?? now) - job.createdAt), inline: true },
    ],
    footer: { text: `job ${job.id.slice(0, 8)}` },
  };
}

export function deliveredWithFileMessage(job: Job, now: number, compressed: boolean): JobMessage {
  const note = compressed ? " Compressed to fit this server's upload limit." : "";
  return message(resultEmbed(job, now), {
    content: `<@${job.userId}>${note}`,
    components: [resultButtons(job)],
  });
}

const LINK_REASONS: Record<LinkReason, string> = {
  "too-large": "The video was too large to upload here, so here is a link (it may expire):",
  "download-failed":
    "The bot couldn't fetch the video to upload it, so here is a link (it may expire):",
};

/** Discord shows a player for a bare video URL in the content, so the link is the video. */
export function deliveredAsLinkMessage(
  job: Job,
  now: number,
  url: string,
  reason: LinkReason,
): JobMessage {
  return message(resultEmbed(job, now), {
    content: `<@${job.userId}> ${LINK_REASONS[reason]}\n${url}`,
    components: [resultButtons(job)],
  });
}

export function failedMessage(job: Job, reason: string, refunded: number): JobMessage {
  const refundLine =
    refunded > 0 ? `${formatCredits(refunded)} went back to the server's balance.` : "";
  return message({
    title: "❌ This video couldn't be made",
    description: `${reason}\n\n${refundLine}`.trim(),
    color: COLOR.failed,
    fields: [
      { name: "Prompt", value: shorten(job.prompt, 200) },
      { name: "Settings", value: describeSettings(job) },
    ],
  });
}

/** The ping after a long or failed job: edits don't notify anyone, a new message does. */
export function readyPing(job: Job, ending: JobEnding): JobMessage {
  const said =
    ending.kind === "video"
      ? "your video is ready!"
      : `your video couldn't be made — your ${formatCredits(ending.refunded)} are back.`;
  return {
    content: `<@${job.userId}> ${said}`,
    embeds: [],
    components: [],
    allowed_mentions: { parse: [], users: [job.userId] },
  };
}
