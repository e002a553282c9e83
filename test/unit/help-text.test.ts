import { describe, expect, it } from "vitest";
import { helpText, priceTable } from "../../src/commands/help/render.js";
import { DEFAULT_SETTINGS } from "../../src/services/settings/rules.js";

describe("/help text", () => {
  it("shows the whole price table, silent and with audio", () => {
    expect(priceTable()).toContain("| 480p | 8 / 14 | 14 / 28 | 19 / 38 |");
    expect(priceTable()).toContain("| 720p | 14 / 28 | 28 / 56 | 42 / 84 |");
  });

  it("tells a member this server's rules and what they have left today", () => {
    const text = helpText({
      settings: { ...DEFAULT_SETTINGS, channelIds: ["7"], roleId: "42", maxCost: 56 },
      dailyLimit: 100,
      spentToday: 28,
      balance: 500,
      adminsCanTopUp: false,
    });
    expect(text).toContain("Where: <#7>");
    expect(text).toContain("Who: members with <@&42>");
    expect(text).toContain("Jobs above 56 credits are refused.");
    expect(text).toContain("you have 72 credits left today");
    expect(text).toContain("Top-ups: the bot owner");
    expect(text.length).toBeLessThanOrEqual(2000);
  });
});
