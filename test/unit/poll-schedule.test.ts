import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  denseGapMs,
  FINISH_SPREAD,
  JITTER,
  nextPoll,
  type PollPlan,
  pollTimes,
} from "../../src/services/jobs/poll-schedule.js";

/** Production defaults (SEEDANCE_POLL_INTERVAL_MS, SEEDANCE_POLL_MAX_INTERVAL_MS). */
const PRODUCTION = { baseIntervalMs: 5_000, maxIntervalMs: 30_000 };

function timesUpTo(plan: PollPlan, untilMs: number): number[] {
  const times: number[] = [];
  for (const at of pollTimes(plan)) {
    if (at > untilMs) break;
    times.push(at);
  }
  return times;
}

const plans = fc
  .record({
    expectedMs: fc.integer({ min: 1_000, max: 600_000 }),
    baseIntervalMs: fc.integer({ min: 100, max: 20_000 }),
    extra: fc.integer({ min: 0, max: 60_000 }),
  })
  .map(({ expectedMs, baseIntervalMs, extra }) => ({
    expectedMs,
    baseIntervalMs,
    maxIntervalMs: baseIntervalMs + extra,
  }));

describe("poll schedule", () => {
  it("starts at the base interval, only moves forward, and never leaves a gap over the cap", () => {
    fc.assert(
      fc.property(plans, (plan) => {
        const times = timesUpTo(plan, plan.expectedMs * 3 + 10 * plan.maxIntervalMs);
        const gaps = times.slice(1).map((at, index) => at - (times[index] ?? 0));
        expect(times[0]).toBe(plan.baseIntervalMs);
        expect(Math.min(...gaps)).toBeGreaterThan(0);
        expect(Math.max(...gaps)).toBeLessThanOrEqual(plan.maxIntervalMs + 1e-6);
      }),
    );
  });

  it("sees a task that finishes in the expected window within one dense gap", () => {
    fc.assert(
      fc.property(plans, fc.double({ min: -1, max: 1, noNaN: true }), (plan, where) => {
        const finishedAt = plan.expectedMs * (1 + FINISH_SPREAD * where);
        if (finishedAt < plan.baseIntervalMs) return;
        const seenAt = nextPoll(plan, finishedAt - 1e-6).atMs;
        expect(seenAt - finishedAt).toBeLessThanOrEqual(denseGapMs(plan) + 1e-6);
      }),
    );
  });

  it("polls in the window at most every base interval, and no more often than every 2 s", () => {
    fc.assert(
      fc.property(plans, (plan) => {
        const gap = denseGapMs(plan);
        expect(gap).toBeLessThanOrEqual(plan.baseIntervalMs);
        expect(gap).toBeGreaterThanOrEqual(Math.min(plan.baseIntervalMs, 2_000));
      }),
    );
  });

  it("never lets jitter swap two polls", () => {
    fc.assert(
      fc.property(plans, fc.integer({ min: 0, max: 2_000_000 }), (plan, afterMs) => {
        const one = nextPoll(plan, afterMs);
        const two = nextPoll(plan, one.atMs);
        expect(one.atMs).toBeGreaterThan(afterMs);
        expect(one.atMs + one.spreadMs).toBeLessThan(two.atMs - two.spreadMs);
        expect(two.spreadMs).toBeLessThanOrEqual(JITTER * (two.atMs - one.atMs) + 1e-6);
      }),
    );
  });

  it("gives the same next poll after a restart as it would have without one", () => {
    fc.assert(
      fc.property(plans, fc.integer({ min: 0, max: 40 }), (plan, index) => {
        const times = pollTimes(plan);
        for (let skipped = 0; skipped < index; skipped++) times.next();
        const before = times.next().value;
        expect(nextPoll(plan, before).atMs).toBe(times.next().value);
      }),
    );
  });

  it("needs at most 11 polls up to the expected finish for 60–120 s tasks, by default", () => {
    for (let seconds = 60; seconds <= 120; seconds += 5) {
      const times = timesUpTo({ ...PRODUCTION, expectedMs: seconds * 1000 }, seconds * 1000);
      expect(times.length, `${seconds} s`).toBeLessThanOrEqual(11);
    }
  });

  it("backs off ×1.5 after the window, up to the cap", () => {
    const plan = { ...PRODUCTION, expectedMs: 100_000 };
    const late = timesUpTo(plan, 400_000).filter((at) => at > 125_000);
    const gaps = late.slice(1).map((at, index) => at - (late[index] ?? 0));
    expect(gaps.slice(0, 3)).toEqual([
      expect.closeTo(gaps[0] ?? 0, 6),
      expect.closeTo((gaps[0] ?? 0) * 1.5, 6),
      expect.closeTo((gaps[0] ?? 0) * 2.25, 6),
    ]);
    expect(gaps.at(-1)).toBe(30_000);
  });
});
