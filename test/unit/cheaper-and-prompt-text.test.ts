import { describe, expect, it } from "vitest";
import { cheaperFit } from "../../src/commands/cheaper.js";
import { cutAtWord, shownPrompt } from "../../src/discord/prompt-text.js";
import type { JobSettings } from "../../src/domain/video-settings.js";

const job: JobSettings = {
  kind: "text",
  prompt: "a fox",
  aspectRatio: "16:9",
  resolution: "720p",
  duration: 8,
  audio: true,
  fixedLens: false,
  imageUrl: null,
};

describe("cheaperFit", () => {
  it("picks the dearest silent variant the balance pays, keeping the rest", () => {
    expect(cheaperFit(job, 30)).toMatchObject({ resolution: "720p", duration: 8, audio: false });
    expect(cheaperFit(job, 10)).toMatchObject({
      resolution: "480p",
      duration: 4,
      aspectRatio: "16:9",
    });
  });

  it("offers nothing when even the cheapest doesn't fit", () => {
    expect(cheaperFit(job, 7)).toBeNull();
  });
});

describe("prompts as shown", () => {
  it("escapes markdown so the characters show", () => {
    expect(shownPrompt("*x* __y__ ~~z~~ `c`", 100)).toBe(
      "\\*x\\* \\_\\_y\\_\\_ \\~\\~z\\~\\~ \\`c\\`",
    );
  });

  it("cuts only at a word boundary, within the limit once escaped", () => {
    expect(cutAtWord("one two three four", 12)).toBe("one two…");
    const shown = shownPrompt(`${"*ab* ".repeat(100)}`, 50);
    expect(shown.length).toBeLessThanOrEqual(50);
    expect(shown).toMatch(/\\\*ab\\\*…$/);
  });
});
