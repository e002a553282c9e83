import {
  type APIActionRowComponent,
  type APIButtonComponent,
  ButtonStyle,
  ComponentType,
} from "discord.js";
import type { Job } from "../db/schema.js";
import { credits, type Translator } from "../i18n/index.js";
import { formatElapsed } from "../lib/format.js";
import type { JobEnding, LinkReason } from "../services/jobs/notifier.js";
import { customId } from "./custom-ids.js";
import { isOperatorFailure } from "./failure-text.js";
import { COLOR, describeCost, describeSettings, type JobMessage, message } from "./job-messages.js";
import { shownPrompt } from "./prompt-text.js";

const CONTENT_MAX = 2000;

const button = (
  style: ButtonStyle.Primary | ButtonStyle.Secondary,
  label: string,
  emoji: string,
  custom_id: string,
): APIButtonComponent => ({
  type: ComponentType.Button,
  style,
  label,
  emoji: { name: emoji },
  custom_id,
});

function row(...components: APIButtonComponent[]): APIActionRowComponent<APIButtonComponent> {
  return { type: ComponentType.ActionRow, components };
}

/** Finished: Regenerate (its cost) · Edit prompt… · Delete. */
function resultButtons(job: Job, t: Translator) {
  return row(
    button(
      ButtonStyle.Primary,
      t("jobs.buttons.regenerate", { cost: credits(t, job.price) }),
      "🔁",
      customId.regenerate(job.id),
    ),
    button(ButtonStyle.Secondary, t("jobs.buttons.edit"), "✏️", customId.edit(job.id)),
    button(ButtonStyle.Secondary, t("jobs.buttons.delete"), "🗑️", customId.remove(job.id)),
  );
}

/** The grey line under the prompt: settings · cost · time taken · server balance left. */
function detailsLine(job: Job, now: number, t: Translator, balance: number | null): string {
  const values = {
    settings: describeSettings(job, t),
    cost: describeCost(job, t),
    took: formatElapsed((job.finishedAt ?? now) - job.createdAt),
  };
  return balance === null
    ? t("jobs.finished.detailsNoBalance", values)
    : t("jobs.finished.details", { ...values, balance: credits(t, balance) });
}

/** `**prompt** — @member`, then the details and any notes; the prompt gets what room is left. */
function resultContent(job: Job, lines: string[]): string {
  const tail = ` — <@${job.userId}>\n${lines.join("\n")}`;
  return `**${shownPrompt(job.prompt, CONTENT_MAX - tail.length - 4)}**${tail}`;
}

export interface ResultView {
  readonly now: number;
  /** The server's balance after this job, when known. */
  readonly balance: number | null;
}

export function deliveredWithFileMessage(
  job: Job,
  view: ResultView,
  compressed: boolean,
  t: Translator,
): JobMessage {
  const details = `-# ${detailsLine(job, view.now, t, view.balance)}`;
  const lines = compressed ? [details, `-# ${t("jobs.finished.compressed")}`] : [details];
  return {
    content: resultContent(job, lines),
    embeds: [],
    components: [resultButtons(job, t)],
    allowed_mentions: { parse: [] },
  };
}

/** Discord shows a player for a bare video URL in the content, so the link is the video. */
export function deliveredAsLinkMessage(
  job: Job,
  view: ResultView,
  url: string,
  reason: LinkReason,
  t: Translator,
): JobMessage {
  const why = t(
    reason === "too-large" ? "jobs.finished.linkTooLarge" : "jobs.finished.linkDownloadFailed",
  );
  const lines = [`-# ${detailsLine(job, view.now, t, view.balance)}`, why, url];
  return {
    content: resultContent(job, lines),
    embeds: [],
    components: [resultButtons(job, t)],
    allowed_mentions: { parse: [] },
  };
}

/** Failed: whose it was, what went wrong, the credits back, and the way forward. */
export function failedMessage(
  job: Job,
  reason: string,
  refunded: number,
  errorCode: string | null,
  t: Translator,
): JobMessage {
  const operator = isOperatorFailure(errorCode);
  const money = credits(t, refunded);
  const after = operator
    ? t("jobs.failed.operatorNote")
    : refunded > 0
      ? t("jobs.failed.refund", { refunded: money })
      : "";
  const prompt = `**${shownPrompt(job.prompt, 1000)}**\n${describeSettings(job, t)}`;
  const buttons = row(
    button(
      ButtonStyle.Primary,
      t("jobs.buttons.tryAgain", { cost: credits(t, job.price) }),
      "🔁",
      customId.regenerate(job.id),
    ),
    button(ButtonStyle.Secondary, t("jobs.buttons.edit"), "✏️", customId.edit(job.id)),
  );
  return message(
    {
      title:
        refunded > 0 ? t("jobs.failed.title", { refunded: money }) : t("jobs.failed.titleNoRefund"),
      description: `${[reason, after].filter(Boolean).join(" ")}\n\n${prompt}`,
      color: COLOR.failed,
    },
    { content: `<@${job.userId}>`, components: operator ? [] : [buttons] },
  );
}

/** The ping after a long or failed job: edits don't notify anyone, a new message does. */
export function readyPing(job: Job, ending: JobEnding, t: Translator): JobMessage {
  const mention = `<@${job.userId}>`;
  const content =
    ending.kind === "video"
      ? t("jobs.ping.ready", { mention })
      : t("jobs.ping.failed", { mention, refunded: credits(t, ending.refunded) });
  return {
    content,
    embeds: [],
    components: [],
    allowed_mentions: { parse: [], users: [job.userId] },
  };
}
