import { describe, expect, it } from "vitest";
import { customId, parseCustomId } from "../../src/discord/custom-ids.js";
import { progressBar } from "../../src/discord/job-messages.js";
import { nearestAspectRatio } from "../../src/domain/aspect-ratio.js";
import { formatElapsed, shorten } from "../../src/lib/format.js";

describe("nearestAspectRatio", () => {
  it.each([
    [1920, 1080, "16:9"],
    [1080, 1920, "9:16"],
    [1000, 1000, "1:1"],
    [1024, 768, "4:3"],
    [768, 1024, "3:4"],
    [2560, 1080, "21:9"],
    [1080, 2560, "9:21"],
    [1100, 1000, "1:1"],
    [5000, 1000, "21:9"],
  ])("maps %i×%i to %s", (width, height, ratio) => {
    expect(nearestAspectRatio(width, height)).toBe(ratio);
  });
});

describe("custom ids", () => {
  it("round-trips and stays within Discord's 100 characters", () => {
    const id = customId.regenerate("0b7c6f0e-94f1-4a55-9d0c-5a0e4c7c1f7e");
    expect(id.length).toBeLessThanOrEqual(100);
    expect(parseCustomId(id)).toEqual({
      scope: "job",
      action: "regenerate",
      argument: "0b7c6f0e-94f1-4a55-9d0c-5a0e4c7c1f7e",
    });
  });

  it.each(["", "job", "job:delete", "a:b:c:d"])("rejects the malformed id %j", (id) => {
    expect(parseCustomId(id)).toBeNull();
  });
});

describe("job message helpers", () => {
  it("draws progress against the typical time and never claims to be done", () => {
    expect(progressBar(0, 100_000)).toBe("▱▱▱▱▱▱▱▱▱▱▱▱ 0%");
    expect(progressBar(50_000, 100_000)).toBe("▰▰▰▰▰▰▱▱▱▱▱▱ 50%");
    expect(progressBar(500_000, 100_000)).toBe("▰▰▰▰▰▰▰▰▰▰▰▱ 95%");
  });

  it("formats elapsed time as m:ss", () => {
    expect(formatElapsed(0)).toBe("0:00");
    expect(formatElapsed(65_400)).toBe("1:05");
    expect(formatElapsed(-5)).toBe("0:00");
  });

  it("shortens long text with an ellipsis", () => {
    expect(shorten("short", 10)).toBe("short");
    expect(shorten("a".repeat(20), 10)).toBe(`${"a".repeat(9)}…`);
  });
});
