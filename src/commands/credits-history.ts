import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  ButtonStyle,
  ComponentType,
} from "discord.js";
import type { LedgerEntry } from "../db/schema.js";
import { customId } from "../discord/custom-ids.js";
import { credits, type Translator, translator } from "../i18n/index.js";
import { shorten } from "../lib/format.js";
import type { HistoryPage } from "../services/credits/ledger.js";

function describeEntry(entry: LedgerEntry, t: Translator): string {
  const sign = entry.delta > 0 ? "+" : "−";
  const who = entry.actorId ? t("replies.credits.by", { who: `<@${entry.actorId}>` }) : "";
  const job = entry.jobId ? t("replies.credits.job", { id: entry.jobId.slice(0, 8) }) : "";
  const reason = entry.reason ? ` — ${shorten(entry.reason, 80)}` : "";
  const when = `<t:${Math.floor(entry.createdAt / 1000)}:f>`;
  const amount = t("common.number", { value: Math.abs(entry.delta) });
  return `${when} **${sign}${amount}** ${t(`replies.credits.kind.${entry.kind}`)}${who}${job}${reason}`;
}

function historyEmbed(history: HistoryPage, balance: number, t: Translator): APIEmbed {
  return {
    title: t("replies.credits.historyTitle"),
    description:
      history.entries.length === 0
        ? t("replies.credits.historyEmpty")
        : history.entries.map((entry) => describeEntry(entry, t)).join("\n"),
    footer: {
      text: t("replies.credits.historyFooter", {
        page: history.page,
        pages: history.pageCount,
        balance: credits(t, balance),
      }),
    },
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
        button(t("replies.credits.newer"), history.page - 1, history.page <= 1),
        button(t("replies.credits.older"), history.page + 1, history.page >= history.pageCount),
      ],
    },
  ];
}

/** The history page for an admin, in their language. */
export function historyView(history: HistoryPage, balance: number, locale: string) {
  const t = translator(locale);
  return { embeds: [historyEmbed(history, balance, t)], components: historyButtons(history, t) };
}
