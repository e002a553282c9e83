import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  ButtonStyle,
  ComponentType,
} from "discord.js";
import type { LedgerEntry } from "../db/schema.js";
import { customId } from "../discord/custom-ids.js";
import { shorten } from "../lib/format.js";
import type { HistoryPage } from "../services/credits/ledger.js";

const KIND_LABELS: Record<LedgerEntry["kind"], string> = {
  topup: "Top-up",
  remove: "Removed",
  charge: "Video",
  refund: "Refund",
  adjust: "Settlement",
};

function describeEntry(entry: LedgerEntry): string {
  const sign = entry.delta > 0 ? "+" : "−";
  const who = entry.actorId ? ` by <@${entry.actorId}>` : "";
  const job = entry.jobId ? ` · job \`${entry.jobId.slice(0, 8)}\`` : "";
  const reason = entry.reason ? ` — ${shorten(entry.reason, 80)}` : "";
  const when = `<t:${Math.floor(entry.createdAt / 1000)}:f>`;
  return `${when} **${sign}${Math.abs(entry.delta).toLocaleString("en-US")}** ${KIND_LABELS[entry.kind]}${who}${job}${reason}`;
}

export function historyEmbed(history: HistoryPage, balance: number): APIEmbed {
  return {
    title: "Credit history",
    description:
      history.entries.length === 0
        ? "No credit movements yet. Top up with `/credits add`."
        : history.entries.map(describeEntry).join("\n"),
    footer: {
      text: `Page ${history.page} of ${history.pageCount} · balance ${balance.toLocaleString("en-US")} credits`,
    },
  };
}

export function historyButtons(history: HistoryPage): APIActionRowComponent<APIButtonComponent>[] {
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
        button("◀ Newer", history.page - 1, history.page <= 1),
        button("Older ▶", history.page + 1, history.page >= history.pageCount),
      ],
    },
  ];
}
