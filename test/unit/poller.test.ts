import pino from "pino";
import { describe, expect, it } from "vitest";
import { createPoller, type PollDecision } from "../../src/services/jobs/poller.js";
import { ManualClock } from "../helpers/clock.js";

const silent = pino({ level: "silent" });

function setup(decide: (jobId: string, pollNumber: number) => PollDecision, random = () => 0.5) {
  const clock = new ManualClock();
  const polls: { jobId: string; at: number }[] = [];
  const poller = createPoller({
    clock,
    logger: silent,
    random,
    baseIntervalMs: 5_000,
    maxIntervalMs: 30_000,
    concurrency: 4,
    async check(jobId) {
      polls.push({ jobId, at: clock.now() });
      return decide(jobId, polls.filter((poll) => poll.jobId === jobId).length);
    },
  });
  /** Moves time forward one second at a time, running what falls due, like the real loop. */
  async function runFor(ms: number): Promise<void> {
    for (let elapsed = 0; elapsed < ms; elapsed += 1_000) {
      clock.advance(1_000);
      await poller.tick();
    }
  }
  const start = clock.now();
  const times = () => polls.map((poll) => (poll.at - start) / 1000);
  return { clock, poller, polls, runFor, times };
}

describe("poller", () => {
  it("polls first after the base interval, then backs off ×1.5 up to the cap", async () => {
    const { poller, runFor, times } = setup(() => ({ kind: "again" }));
    poller.track("job");
    await runFor(120_000);
    // Gaps of 5, 7.5, 11.25, 16.9, 25.3 s, then 30 s (times round up to the 1 s ticks).
    expect(times()).toEqual([5, 13, 25, 42, 68, 98]);
  });

  it("stops polling a job once its check says done", async () => {
    const { poller, runFor, polls } = setup((_, n) =>
      n === 2 ? { kind: "done" } : { kind: "again" },
    );
    poller.track("job");
    await runFor(200_000);
    expect(polls).toHaveLength(2);
    expect(poller.size).toBe(0);
  });

  it("waits at least as long as Retry-After asks", async () => {
    const { poller, runFor, times } = setup((_, n) =>
      n === 1 ? { kind: "again", notBeforeMs: 60_000 } : { kind: "done" },
    );
    poller.track("job");
    await runFor(120_000);
    expect(times()).toEqual([5, 65]);
  });

  it("spreads polls by ±20 % jitter", async () => {
    const low = setup(
      () => ({ kind: "done" }),
      () => 0,
    );
    const high = setup(
      () => ({ kind: "done" }),
      () => 0.999,
    );
    low.poller.track("job");
    high.poller.track("job");
    await low.runFor(10_000);
    await high.runFor(10_000);
    expect(low.times()).toEqual([4]);
    expect(high.times()).toEqual([6]);
  });

  it("checks a job at once when asked, e.g. on a callback", async () => {
    const { poller, runFor, times } = setup(() => ({ kind: "again" }));
    poller.track("job");
    await runFor(2_000);
    expect(poller.pollNow("job")).toBe(true);
    await runFor(1_000);
    expect(times()).toEqual([3]);
    expect(poller.pollNow("unknown")).toBe(false);
  });

  it("keeps polling a job whose check throws", async () => {
    const { poller, runFor, polls } = setup((_, n) => {
      if (n === 1) throw new Error("bug");
      return { kind: "done" };
    });
    poller.track("job");
    await runFor(30_000);
    expect(polls).toHaveLength(2);
  });

  it("runs its own loop between start and stop", async () => {
    const { clock, poller, polls } = setup(() => ({ kind: "again" }));
    poller.start();
    poller.track("job");
    await new Promise((resolve) => setImmediate(resolve));
    clock.advance(5_000);
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(polls).toHaveLength(1);
    await poller.stop();
    clock.advance(60_000);
    await new Promise((resolve) => setImmediate(resolve));
    expect(polls).toHaveLength(1);
  });
});
