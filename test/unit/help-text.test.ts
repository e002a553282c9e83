import { describe, expect, it } from "vitest";
import { helpText, priceTable } from "../../src/commands/help/render.js";
import { translator } from "../../src/i18n/index.js";
import { DEFAULT_SETTINGS } from "../../src/services/settings/rules.js";

const en = translator("en");

describe("/help text", () => {
  it("shows the whole price table, silent and with audio", () => {
    expect(priceTable(en)).toContain("| 480p | 8 / 14 | 14 / 28 | 19 / 38 |");
    expect(priceTable(en)).toContain("| 720p | 14 / 28 | 28 / 56 | 42 / 84 |");
  });

  it("tells a member this server's rules and what they have left today", () => {
    const text = helpText(
      {
        settings: { ...DEFAULT_SETTINGS, channelIds: ["7"], roleId: "42", maxCost: 56 },
        dailyLimit: 100,
        spentToday: 28,
        balance: 500,
        adminsCanTopUp: false,
      },
      en,
    );
    expect(text).toContain("Where: <#7>");
    expect(text).toContain("Who: members with <@&42>");
    expect(text).toContain("Jobs above 56 credits are refused.");
    expect(text).toContain("you have 72 credits left today");
    expect(text).toContain("Top-ups: the bot owner");
    expect(text.length).toBeLessThanOrEqual(2000);
  });

  it("speaks Korean to a Korean member", () => {
    const view = {
      settings: DEFAULT_SETTINGS,
      dailyLimit: null,
      spentToday: 0,
      balance: 500,
      adminsCanTopUp: true,
    };
    const text = helpText(view, translator("ko"));
    expect(text).toContain(
      "서버 잔액은 500크레딧이에요. 충전: 서버 관리자(서버 관리 권한)와 봇 소유자",
    );
    expect(text).toContain(
      "기본값: 720p · 8초 · 16:9, /animate: 이미지 비율 · 오디오 끔 · 고정 렌즈 끔",
    );
    expect(text.length).toBeLessThanOrEqual(2000);
  });
});
