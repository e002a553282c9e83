import { describe, expect, it } from "vitest";
import { UserError } from "../../../src/domain/user-error.js";
import { translator } from "../../../src/i18n/index.js";
import { refusalFor } from "../../../src/i18n/refusal.js";
import {
  amountChange,
  channelsChange,
  defaultsChange,
  languageChange,
  MAX_CHANNELS,
} from "../../../src/services/settings/changes.js";

describe("settings changes", () => {
  it("accepts the defaults a member could choose, and reset clears the others", () => {
    expect(defaultsChange({ duration: 12, audio: true })).toEqual({ duration: 12, audio: true });
    expect(defaultsChange({ reset: true, resolution: "480p" })).toEqual({
      resolution: "480p",
      duration: null,
      aspect_ratio: null,
      audio: null,
      fixed_lens: null,
    });
  });

  it.each([
    [{ duration: 5 }, "duration must be one of 4, 8, 12."],
    [{ duration: "8" }, "duration must be one of 4, 8, 12."],
    [{ resolution: "1080p" }, "resolution must be one of 480p, 720p."],
    [{ aspect_ratio: "2:1" }, /^aspect_ratio must be one of 16:9/],
    [{ audio: "yes" }, "audio must be one of true, false."],
    [{}, /at least one default/],
  ])("refuses crafted defaults %j", (raw, message) => {
    expect(() => defaultsChange(raw)).toThrow(UserError);
    expect(() => defaultsChange(raw)).toThrow(message);
  });

  it("turns an amount of 0 off and refuses negative or fractional amounts", () => {
    expect(amountChange("max_cost", 0)).toEqual({ max_cost: null });
    expect(amountChange("confirm_above", 50)).toEqual({ confirm_above: 50 });
    expect(() => amountChange("max_cost", -1)).toThrow("can't be negative");
    expect(() => amountChange("max_cost", 2.5)).toThrow("whole number");
    expect(() => amountChange("max_cost", 10_000_000)).toThrow("at most 1,000,000");
  });

  it("accepts auto, en and ko as languages", () => {
    expect(languageChange("ko")).toEqual({ language: "ko" });
    expect(() => languageChange("fr")).toThrow("language must be one of auto, en, ko.");
  });

  it("refuses in the reader's language", () => {
    const refusal = (change: () => unknown) => {
      try {
        change();
      } catch (error) {
        if (error instanceof UserError) return refusalFor(error, translator("ko"));
      }
      throw new Error("expected a refusal");
    };
    expect(refusal(() => amountChange("max_cost", 10_000_000))).toBe(
      "최대 1,000,000까지 정할 수 있어요.",
    );
    expect(refusal(() => channelsChange(["1"], {}))).toContain("`clear`로 모든 채널을 허용");
    expect(refusal(() => defaultsChange({}))).toContain("`reset`으로 720p, 8초로");
  });

  it("adds, removes and clears channels without duplicates", () => {
    expect(channelsChange(["1"], { add: "2" })).toEqual({ channels: ["1", "2"] });
    expect(channelsChange(["1", "2"], { add: "2" })).toEqual({ channels: ["1", "2"] });
    expect(channelsChange(["1", "2"], { remove: "1" })).toEqual({ channels: ["2"] });
    expect(channelsChange(["1", "2"], { clear: true, add: "3" })).toEqual({ channels: ["3"] });
    expect(() => channelsChange(["1"], {})).toThrow(/Choose a channel/);
    const full = Array.from({ length: MAX_CHANNELS }, (_, i) => String(i));
    expect(() => channelsChange(full, { add: "x" })).toThrow(/at most 25 channels/);
  });
});
