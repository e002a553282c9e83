import type { APIEmbed, APIMessageTopLevelComponent } from "discord.js";
import type { Job } from "../db/schema.js";
import { typicalRenderMs } from "../domain/render-time.js";
import type { JobSettings } from "../domain/video-settings.js";
import { credits, type Translator } from "../i18n/index.js";
import { formatElapsed } from "../lib/format.js";
import { shownPrompt } from "./prompt-text.js";

/** The body of a job's message: the same shape for interaction webhooks and channel messages. */
export interface JobMessage {
  content: string;
  embeds: APIEmbed[];
  components: APIMessageTopLevelComponent[];
  allowed_mentions: { parse: []; users?: string[] };
}

export const COLOR = { working: 0x5865f2, slow: 0xf0b232, done: 0x57f287, failed: 0xed4245 };
const PROMPT_PREVIEW = 300;
const BAR_CELLS = 12;

type Shown = Pick<JobSettings, "resolution" | "aspectRatio" | "duration" | "audio" | "fixedLens">;

export function describeSettings(job: Shown, t: Translator): string {
  const extras = [
    job.audio ? t("common.audio") : null,
    job.fixedLens ? t("common.fixedLens") : null,
  ];
  return [job.resolution, job.aspectRatio, t("common.seconds", { count: job.duration }), ...extras]
    .filter(Boolean)
    .join(" · ");
}

/** A text bar against the typical render time; past it, the message changes state instead. */
export function progressBar(elapsedMs: number, typicalMs: number): string {
  const share = Math.min(elapsedMs / typicalMs, 0.95);
  const filled = Math.round(share * BAR_CELLS);
  return `${"▰".repeat(filled)}${"▱".repeat(BAR_CELLS - filled)} ${Math.round(share * 100)}%`;
}

/** What a finished job cost: the price, or Seedance's lower real cost and the difference given back. */
export function describeCost(job: Job, t: Translator): string {
  const consumed = job.consumedCredits;
  if (consumed === null || consumed >= job.price) return credits(t, job.price);
  return t("jobs.finished.costRefunded", {
    cost: credits(t, consumed),
    refunded: credits(t, job.price - consumed),
  });
}

/** The typical time for this job: what Seedance said to expect, else the table's estimate. */
export function typicalMs(job: Job): number {
  if (job.expectedFinishAt !== null && job.submittedAt !== null) {
    const expected = job.expectedFinishAt - job.submittedAt;
    if (expected > 0) return expected;
  }
  return typicalRenderMs(job.resolution, job.duration);
}

export function message(embed: APIEmbed, extra: Partial<JobMessage> = {}): JobMessage {
  return {
    content: "",
    embeds: [embed],
    components: [],
    allowed_mentions: { parse: [] },
    ...extra,
  };
}

/** The prompt, who asked, and the settings and price: the head of every working message. */
function head(job: Job, t: Translator): string {
  const cost = t("jobs.generating.cost", { cost: `**${credits(t, job.price)}**` });
  return `**${shownPrompt(job.prompt, PROMPT_PREVIEW)}**\n<@${job.userId}> · ${describeSettings(job, t)} · ${cost}`;
}

/**
 * The working message: an estimated bar until the typical time, then an honest "taking longer
 * than usual" with the promise of a ping and a refund, never a bar frozen near the end.
 */
export function generatingMessage(job: Job, now: number, t: Translator): JobMessage {
  const typical = typicalMs(job);
  const elapsed = now - (job.submittedAt ?? job.createdAt);
  const times = { elapsed: formatElapsed(elapsed), typical: formatElapsed(typical) };
  const slow = job.state !== "reserved" && elapsed > typical;
  const title = slow
    ? t("jobs.generating.slowTitle")
    : t(job.kind === "image" ? "jobs.generating.titleImage" : "jobs.generating.titleText");
  const field =
    job.state === "reserved"
      ? { name: t("jobs.generating.progressField"), value: t("jobs.generating.sending") }
      : slow
        ? { name: t("jobs.generating.slowField"), value: t("jobs.generating.slow", times) }
        : {
            name: t("jobs.generating.progressField"),
            value: t("jobs.generating.progress", { bar: progressBar(elapsed, typical), ...times }),
          };
  const note = slow
    ? t("jobs.generating.slowNote", { cost: credits(t, job.price) })
    : t("jobs.generating.estimateNote");
  return message({
    title,
    description: head(job, t),
    color: slow ? COLOR.slow : COLOR.working,
    fields: [field],
    footer: { text: note },
    ...(job.imageUrl ? { thumbnail: { url: job.imageUrl } } : {}),
  });
}
