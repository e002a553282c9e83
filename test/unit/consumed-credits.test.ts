import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkConsumedCredits } from "../../src/domain/consumed-credits.js";
import { statusResponseSchema, toTaskStatus } from "../../src/services/seedance/status.js";

describe("the reported cost in a status response", () => {
  const consumed = (value: unknown) =>
    statusResponseSchema.parse({ data: { status: "SUCCESS", consumed_credits: value } }).data
      .consumed_credits;

  it("passes odd numbers on as reported, for the job store to judge and log", () => {
    expect(consumed(-3)).toBe(-3);
    expect(consumed(12.5)).toBe(12.5);
    expect(consumed("12.5")).toBe(12.5);
    expect(consumed("20")).toBe(20);
  });

  it("reads anything else as no figure at all", () => {
    expect(consumed("twenty")).toBeNull();
    expect(consumed(null)).toBeNull();
    expect(consumed({ credits: 20 })).toBeNull();
  });

  it("reads a running task's answer that leaves the informative fields out as no figures", () => {
    const { data } = statusResponseSchema.parse({ data: { status: "IN_PROGRESS", progress: 40 } });
    expect(toTaskStatus("task-1", data).status).toStrictEqual({
      taskId: "task-1",
      state: "running",
      rawStatus: "IN_PROGRESS",
      consumedCredits: null,
      videoUrl: null,
      errorMessage: null,
      prompt: null,
    });
  });
});

describe("checkConsumedCredits", () => {
  it.each([
    [null, 28, null],
    [0, 28, 0],
    [20, 28, 20],
    [28, 28, 28],
    [280, 28, 280],
  ])("trusts %s for a job priced %i", (reported, price, credits) => {
    expect(checkConsumedCredits(reported, price)).toEqual({ trusted: true, credits });
  });

  it.each([
    [12.5, 28, /whole number/],
    [Number.NaN, 28, /whole number/],
    [Number.POSITIVE_INFINITY, 28, /whole number/],
    [1e20, 28, /whole number/],
    [-3, 28, /negative/],
    [281, 28, /implausible/],
    [1_000_001, 500_000, /implausible/],
  ])("ignores %s for a job priced %i", (reported, price, reason) => {
    const result = checkConsumedCredits(reported, price);
    expect(result).toMatchObject({
      trusted: false,
      reported,
      reason: expect.stringMatching(reason),
    });
  });

  it("only ever trusts whole numbers from 0 to ten times the price", () => {
    const price = fc.integer({ min: 1, max: 200 });
    const reported = fc.oneof(fc.double(), fc.integer({ min: -5_000, max: 5_000 }));
    fc.assert(
      fc.property(reported, price, (value, jobPrice) => {
        const result = checkConsumedCredits(value, jobPrice);
        const plausible = Number.isInteger(value) && value >= 0 && value <= jobPrice * 10;
        expect(result.trusted).toBe(plausible);
      }),
    );
  });
});
