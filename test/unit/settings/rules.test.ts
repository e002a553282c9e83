import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  BUILT_IN,
  DEFAULT_SETTINGS,
  effectiveOptions,
  type GuildSettings,
  generationRefusal,
  NO_DEFAULTS,
  needsConfirmation,
} from "../../../src/services/settings/rules.js";

const settings = (overrides: Partial<GuildSettings>): GuildSettings => ({
  ...DEFAULT_SETTINGS,
  ...overrides,
});
const request = { channelId: "1", parentChannelId: null, roleIds: [], price: 28 };

describe("effectiveOptions", () => {
  it("uses today's defaults for a server that set none", () => {
    expect(effectiveOptions({}, NO_DEFAULTS)).toEqual(BUILT_IN);
    expect(BUILT_IN).toEqual({
      resolution: "720p",
      duration: 8,
      aspectRatio: "16:9",
      audio: false,
      fixedLens: false,
    });
  });

  it("takes the server's default where the member left an option out", () => {
    const server = { ...NO_DEFAULTS, resolution: "480p", duration: 4, audio: true } as const;
    expect(effectiveOptions({ duration: 12 }, server)).toEqual({
      ...BUILT_IN,
      resolution: "480p",
      duration: 12,
      audio: true,
    });
  });

  it("lets a member's explicit false beat a server default of true", () => {
    const server = { ...NO_DEFAULTS, audio: true, fixedLens: true };
    expect(effectiveOptions({ audio: false, fixedLens: false }, server)).toMatchObject({
      audio: false,
      fixedLens: false,
    });
  });

  it("follows the image's shape only when neither the member nor the server chose a ratio", () => {
    const portrait = { width: 1080, height: 1920 };
    expect(effectiveOptions({}, NO_DEFAULTS, portrait).aspectRatio).toBe("9:16");
    const square = { ...NO_DEFAULTS, aspectRatio: "1:1" } as const;
    expect(effectiveOptions({}, square, portrait).aspectRatio).toBe("1:1");
    expect(effectiveOptions({ aspectRatio: "21:9" }, square, portrait).aspectRatio).toBe("21:9");
    expect(effectiveOptions({}, NO_DEFAULTS, { width: 0, height: 0 }).aspectRatio).toBe("16:9");
  });

  it("never leaves an option unset, whatever is given", () => {
    const maybe = <T>(values: readonly T[]) => fc.option(fc.constantFrom(...values), { nil: null });
    const defaults = fc.record({
      resolution: maybe(["480p", "720p"] as const),
      duration: maybe([4, 8, 12] as const),
      aspectRatio: maybe(["16:9", "9:16", "1:1"] as const),
      audio: maybe([true, false]),
      fixedLens: maybe([true, false]),
    });
    fc.assert(
      fc.property(defaults, (server) => {
        const options = effectiveOptions({}, server);
        for (const [key, value] of Object.entries(options)) {
          const fromServer = server[key as keyof typeof server];
          expect(value).toBe(fromServer ?? BUILT_IN[key as keyof typeof BUILT_IN]);
        }
      }),
    );
  });
});

describe("generationRefusal", () => {
  it("allows everything on a server without rules", () => {
    expect(generationRefusal(DEFAULT_SETTINGS, request)).toBeNull();
  });

  it("refuses outside the allowed channels, naming them, but allows their threads", () => {
    const limited = settings({ channelIds: ["7", "8"] });
    expect(generationRefusal(limited, request)).toEqual({
      kind: "channel",
      channelIds: ["7", "8"],
    });
    expect(generationRefusal(limited, { ...request, channelId: "8" })).toBeNull();
    expect(generationRefusal(limited, { ...request, parentChannelId: "7" })).toBeNull();
  });

  it("refuses members without the required role", () => {
    const gated = settings({ roleId: "42" });
    expect(generationRefusal(gated, request)).toEqual({ kind: "role", roleId: "42" });
    expect(generationRefusal(gated, { ...request, roleIds: ["41", "42"] })).toBeNull();
  });

  it("refuses a job above the maximum cost, and allows one exactly at it", () => {
    const capped = settings({ maxCost: 28 });
    expect(generationRefusal(capped, request)).toBeNull();
    expect(generationRefusal(capped, { ...request, price: 29 })).toEqual({
      kind: "max_cost",
      price: 29,
      maxCost: 28,
    });
  });
});

describe("needsConfirmation", () => {
  it("asks only above the threshold, and never when it is off", () => {
    expect(needsConfirmation(DEFAULT_SETTINGS, 84)).toBe(false);
    expect(needsConfirmation(settings({ confirmAbove: 56 }), 56)).toBe(false);
    expect(needsConfirmation(settings({ confirmAbove: 56 }), 84)).toBe(true);
  });
});
