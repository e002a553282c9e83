import { describe, expect, it } from "vitest";
import { priceOf, UnknownPriceError } from "../../src/domain/pricing.js";

describe("priceOf", () => {
  it.each([
    ["480p", 4, false, 8],
    ["480p", 4, true, 14],
    ["480p", 8, false, 14],
    ["480p", 8, true, 28],
    ["480p", 12, false, 19],
    ["480p", 12, true, 38],
    ["720p", 4, false, 14],
    ["720p", 4, true, 28],
    ["720p", 8, false, 28],
    ["720p", 8, true, 56],
    ["720p", 12, false, 42],
    ["720p", 12, true, 84],
  ] as const)(
    "prices %s for %i s (audio %s) at %i credits",
    (resolution, duration, audio, price) => {
      expect(priceOf({ resolution, duration, audio })).toBe(price);
    },
  );

  it.each([
    ["1080p", 8],
    ["720p", 6],
    ["720p", 0],
  ])("refuses the unknown combination %s / %i s", (resolution, duration) => {
    expect(() => priceOf({ resolution, duration, audio: false })).toThrow(UnknownPriceError);
  });
});
