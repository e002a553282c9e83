import { describe, expect, it } from "vitest";
import { generatingMessage, type JobMessage } from "../../src/discord/job-messages.js";
import {
  deliveredAsLinkMessage,
  deliveredWithFileMessage,
  failedMessage,
  readyPing,
} from "../../src/discord/job-result-messages.js";
import { translator } from "../../src/i18n/index.js";
import { expectWithinDiscordLimits } from "../helpers/discord-limits.js";
import { jobRow } from "../helpers/job-row.js";

const en = translator("en");
const ko = translator("ko");
const view = { now: 200_000, balance: 44 };
const LONG = `${"word ".repeat(398)}*end* __x__ <@123> @everyone`.slice(0, 2000);

/** Discord's limits on a message, checked on every rendering; no prompt may ping. */
function expectJobMessageWithinLimits(message: JobMessage): void {
  expectWithinDiscordLimits(message);
  expect(message.allowed_mentions.parse).toEqual([]);
}

const renderings = (prompt: string, t: typeof en) => {
  const job = jobRow({ prompt, state: "delivered" });
  return [
    generatingMessage(jobRow({ prompt }), 50_000, t),
    generatingMessage(jobRow({ prompt }), 500_000, t),
    deliveredWithFileMessage(job, view, true, t),
    deliveredAsLinkMessage(job, view, "https://cdn.example/v.mp4", "too-large", t),
    failedMessage(job, t("failures.INTERNAL_ERROR"), 28, "INTERNAL_ERROR", t),
    failedMessage(job, t("failures.INSUFFICIENT_CREDITS"), 28, "INSUFFICIENT_CREDITS", t),
    readyPing(job, { kind: "failed", refunded: 28 }, t),
  ];
};

describe("job messages", () => {
  for (const [language, t] of [
    ["en", en],
    ["ko", ko],
  ] as const) {
    it(`stay within Discord's limits in ${language}, even for a 2,000-character prompt`, () => {
      for (const prompt of [LONG, "*bold* __under__ ~~x~~ `code` <@1> @here"]) {
        for (const message of renderings(prompt, t)) expectJobMessageWithinLimits(message);
      }
    });
  }

  it("starts a finished message with the prompt as typed and who asked, then the details", () => {
    const body = deliveredWithFileMessage(jobRow({ prompt: "*x* __y__" }), view, false, en);
    expect(body.content).toBe(
      "**\\*x\\* \\_\\_y\\_\\_** — <@100000000000000003>\n-# 720p · 16:9 · 8 s · 28 credits · made in 1:52 · server balance 44 credits",
    );
    expect(body.content).not.toContain("0b5e7a43");
    expect(body.embeds).toEqual([]);
  });

  it("cuts a long prompt only at a word boundary", () => {
    const first =
      deliveredWithFileMessage(jobRow({ prompt: LONG }), view, false, en).content.split("\n")[0] ??
      "";
    expect(first).toMatch(/word…\*\* — <@\d+>$/);
  });

  it("speaks Korean to a Korean server", () => {
    const job = jobRow({ publicLocale: "ko" });
    expect(deliveredWithFileMessage(job, view, false, ko).content).toContain(
      "720p · 16:9 · 8초 · 28크레딧 · 1:52 소요 · 서버 잔액 44크레딧",
    );
    expect(
      failedMessage(job, ko("failures.INTERNAL_ERROR"), 28, "INTERNAL_ERROR", ko).embeds[0]?.title,
    ).toBe("❌ 영상을 만들지 못했어요 — 28크레딧 환불");
    expect(readyPing(job, { kind: "video" }, ko).content).toBe(
      "<@100000000000000003> 영상이 완성됐어요!",
    );
  });

  it("says the estimate is one, then admits a long wait instead of freezing", () => {
    const early = generatingMessage(jobRow(), 50_000, en).embeds[0];
    expect(early?.fields?.[0]?.name).toBe("Estimated progress");
    expect(early?.fields?.[0]?.value).toContain("usually about 1:40");
    const late = generatingMessage(jobRow(), 180_000, en).embeds[0];
    expect(late?.title).toBe("⏳ Taking longer than usual");
    expect(late?.footer?.text).toContain("the 28 credits go back automatically");
  });

  it("uses the learned typical time when the job has one", () => {
    const job = jobRow({ submittedAt: 0, expectedFinishAt: 300_000 });
    expect(generatingMessage(job, 200_000, en).embeds[0]?.fields?.[0]?.value).toContain(
      "usually about 5:00",
    );
  });

  it("offers Try again and Edit prompt after a failure, but not for the owner's problems", () => {
    const labels = (body: JobMessage) =>
      body.components
        .flatMap((row) => ("components" in row ? (row.components as { label?: string }[]) : []))
        .map((button) => button.label ?? "");
    const job = jobRow();
    expect(labels(failedMessage(job, "x", 28, "INTERNAL_ERROR", en))).toEqual([
      "Try again · 28 credits",
      "Edit prompt…",
    ]);
    const operator = failedMessage(job, "x", 28, "INVALID_API_KEY", en);
    expect(labels(operator)).toEqual([]);
    expect(operator.embeds[0]?.description).toContain("The bot owner has already been told");
    expect(operator.content).toBe("<@100000000000000003>");
  });

  it("pings only the requester", () => {
    expect(readyPing(jobRow(), { kind: "video" }, en).allowed_mentions).toEqual({
      parse: [],
      users: ["100000000000000003"],
    });
  });
});
