import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  ButtonStyle,
  ComponentType,
} from "discord.js";
import { customId } from "../discord/custom-ids.js";
import { shownPrompt } from "../discord/prompt-text.js";
import { credits, type Translator, translator } from "../i18n/index.js";
import { relativeTime } from "../lib/format.js";
import type { AdminLine, HistoryLine, HistoryPage, JobLine } from "../services/credits/history.js";
import { messageLink } from "./jobs.js";

/**
 * A coloured circle per kind of line. Emoji, not an ANSI code block: inside a code block
 * Discord renders no mentions, timestamps or links, and mobile clients show no ANSI colours.
 */
const MARKER = { topup: "🟢", remove: "🔴", video: "🔵", refunded: "🟡" } as const;

const PROMPT_SHOWN = 50;
const REASON_SHOWN = 80;

const who = (id: string | null, t: Translator) =>
  id ? `<@${id}>` : t("replies.credits.history.unknown");
const amount = (value: number, t: Translator) => t("common.number", { value });

function adminLine(line: AdminLine, t: Translator): string {
  const text = t(`replies.credits.history.${line.kind}`, {
    amount: amount(line.amount, t),
    who: who(line.actorId, t),
  });
  const reason = line.reason ? ` — ${shownPrompt(line.reason, REASON_SHOWN)}` : "";
  return `${MARKER[line.kind]} ${relativeTime(line.createdAt)} ${text}${reason}`;
}

/** The charge, and beside it what came back: a refund, or the settlement's difference. */
function jobLine(line: JobLine, t: Translator): string {
  const text = t("replies.credits.history.job", {
    amount: amount(line.charged, t),
    prompt: shownPrompt(line.prompt, PROMPT_SHOWN),
    who: who(line.userId, t),
  });
  const back = [
    line.settled > 0
      ? t("replies.credits.history.settled", { amount: amount(line.settled, t) })
      : "",
    line.refunded > 0
      ? t("replies.credits.history.refunded", { amount: amount(line.refunded, t) })
      : "",
  ];
  const link = messageLink(line);
  const parts = [text, ...back, link ? t("jobs.list.jump", { link }) : ""].filter(Boolean);
  const marker = line.refunded > 0 ? MARKER.refunded : MARKER.video;
  return `${marker} ${relativeTime(line.createdAt)} ${parts.join(" · ")}`;
}

const describeLine = (line: HistoryLine, t: Translator) =>
  line.kind === "job" ? jobLine(line, t) : adminLine(line, t);

function historyEmbed(history: HistoryPage, balance: number, t: Translator): APIEmbed {
  const footer = t("replies.credits.history.footer", {
    page: history.page,
    pages: history.pageCount,
    balance: credits(t, balance),
  });
  return {
    title: t("replies.credits.history.title"),
    description:
      history.lines.length === 0
        ? t("replies.credits.history.empty")
        : history.lines.map((line) => describeLine(line, t)).join("\n"),
    footer: { text: `${footer}\n${t("replies.credits.history.legend")}` },
  };
}

function historyButtons(
  history: HistoryPage,
  t: Translator,
): APIActionRowComponent<APIButtonComponent>[] {
  if (history.pageCount <= 1) return [];
  const button = (label: string, page: number, disabled: boolean): APIButtonComponent => ({
    type: ComponentType.Button,
    style: ButtonStyle.Secondary,
    label,
    custom_id: customId.historyPage(page),
    disabled,
  });
  return [
    {
      type: ComponentType.ActionRow,
      components: [
        button(t("replies.credits.history.newer"), history.page - 1, history.page <= 1),
        button(
          t("replies.credits.history.older"),
          history.page + 1,
          history.page >= history.pageCount,
        ),
      ],
    },
  ];
}

/** The history page for an admin, in their language. */
export function historyView(history: HistoryPage, balance: number, locale: string) {
  const t = translator(locale);
  return { embeds: [historyEmbed(history, balance, t)], components: historyButtons(history, t) };
}
