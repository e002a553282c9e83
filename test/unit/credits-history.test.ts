import { describe, expect, it } from "vitest";
import { historyView } from "../../src/commands/credits-history.js";
import type { HistoryLine, JobLine } from "../../src/services/credits/history.js";
import { expectWithinDiscordLimits } from "../helpers/discord-limits.js";
import { ADMIN_ID, CHANNEL_ID, GUILD_ID, MEMBER_ID } from "../helpers/jobs.js";

const AT = Date.UTC(2026, 10, 26, 12, 0, 0);
const WHEN = `<t:${AT / 1000}:R>`;
const LONG = `${"word ".repeat(398)}*end* __x__ <@123> @everyone`.slice(0, 2000);

const job = (overrides: Partial<JobLine> = {}): JobLine => ({
  kind: "job",
  jobId: "0b5e7a43-7d4c-4f5e-9c1a-2f3e4d5c6b7a",
  guildId: GUILD_ID,
  userId: MEMBER_ID,
  prompt: "a red fox in the snow",
  channelId: CHANNEL_ID,
  messageId: "100000000000000042",
  messageChannelId: null,
  charged: 28,
  refunded: 0,
  settled: 0,
  createdAt: AT,
  ...overrides,
});

const topUp: HistoryLine = {
  kind: "topup",
  amount: 1200,
  actorId: ADMIN_ID,
  reason: "monthly *budget*",
  createdAt: AT,
};
const removal: HistoryLine = { ...topUp, kind: "remove", amount: 10, reason: null };

const page = (lines: HistoryLine[], number = 1, pageCount = 1) =>
  ({ lines, page: number, pageCount }) as const;
const descriptionOf = (lines: HistoryLine[], locale = "en") =>
  historyView(page(lines), 72, locale).embeds[0]?.description?.split("\n");

const JUMP = `https://discord.com/channels/${GUILD_ID}/${CHANNEL_ID}/100000000000000042`;

describe("/credits history", () => {
  it("shows a job's charge and what came back on one line, with its prompt and message", () => {
    expect(descriptionOf([job({ settled: 8 })])).toEqual([
      `🔵 ${WHEN} **−28** “a red fox in the snow” by <@${MEMBER_ID}> · +8 back (Seedance charged less) · [message](${JUMP})`,
    ]);
    expect(descriptionOf([job({ refunded: 28, messageId: null, prompt: "a *bold* owl" })])).toEqual(
      [`🟡 ${WHEN} **−28** “a \\*bold\\* owl” by <@${MEMBER_ID}> · +28 refunded`],
    );
  });

  it("names who topped up or removed credits, and why", () => {
    expect(descriptionOf([topUp, removal])).toEqual([
      `🟢 ${WHEN} **+1,200** top-up by <@${ADMIN_ID}> — monthly \\*budget\\*`,
      `🔴 ${WHEN} **−10** removed by <@${ADMIN_ID}>`,
    ]);
  });

  it("links a job delivered by DM to the DM", () => {
    const [line] = descriptionOf([job({ messageChannelId: "100000000000000077" })]) ?? [];
    expect(line).toContain("(https://discord.com/channels/@me/100000000000000077/");
  });

  it("speaks Korean to a Korean admin", () => {
    expect(descriptionOf([job({ refunded: 28 }), topUp], "ko")).toEqual([
      `🟡 ${WHEN} **−28** “a red fox in the snow” · <@${MEMBER_ID}> · +28 환불 · [메시지](${JUMP})`,
      `🟢 ${WHEN} **+1,200** 충전 · <@${ADMIN_ID}> — monthly \\*budget\\*`,
    ]);
    const view = historyView(page([topUp], 2, 3), 72, "ko");
    expect(view.embeds[0]?.footer?.text).toBe(
      "2/3쪽 · 잔액 72크레딧\n🟢 충전 · 🔴 차감 · 🔵 영상 · 🟡 환불된 영상",
    );
    expect(view.components[0]?.components.map((b) => ("label" in b ? b.label : ""))).toEqual([
      "◀ 최신",
      "이전 ▶",
    ]);
  });

  it("pages with Newer and Older, each disabled at its end", () => {
    const view = historyView(page([topUp], 1, 2), 72, "en");
    expect(view.embeds[0]?.footer?.text).toBe(
      "Page 1 of 2 · balance 72 credits\n🟢 top-up · 🔴 removal · 🔵 video · 🟡 refunded video",
    );
    expect(view.components[0]?.components).toMatchObject([
      { label: "◀ Newer", custom_id: "credits:history:0", disabled: true },
      { label: "Older ▶", custom_id: "credits:history:2", disabled: false },
    ]);
    expect(historyView(page([topUp]), 72, "en").components).toEqual([]);
  });

  it("says how to start when there is nothing yet", () => {
    expect(descriptionOf([])).toEqual(["No credit movements yet. Top up with `/credits add`."]);
  });

  for (const locale of ["en", "ko"]) {
    it(`stays within Discord's limits in ${locale}, with the longest prompts and reasons`, () => {
      const lines: HistoryLine[] = Array.from({ length: 10 }, (_, i) =>
        i % 2
          ? job({ prompt: i % 4 === 1 ? LONG : "*".repeat(2000), refunded: 20, settled: 8 })
          : { ...topUp, reason: "_".repeat(200), amount: 1_000_000 },
      );
      const view = historyView(page(lines, 2, 3), 1_000_000_000, locale);
      expectWithinDiscordLimits(view);
      expect(view.embeds[0]?.description).toContain("word word…”");
    });
  }
});
