import pino from "pino";
import { describe, expect, it } from "vitest";
import { createPoller, type PollDecision } from "../../src/services/jobs/poller.js";
import { ManualClock } from "../helpers/clock.js";

const silent = pino({ level: "silent" });
const turn = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Base 6 s, cap 30 s, expected 112 s: the approach 6, 32, 58, 84 (window −25 %), every 4 s
 * (28 s half-window / 7) up to 140 (+25 %), then gaps of 6, 9, 13.5… up to the cap.
 */
const EXPECTED_MS = 112_000;
const WINDOW = Array.from({ length: 14 }, (_, index) => 88 + 4 * index);
const SCHEDULE = [6, 32, 58, 84, ...WINDOW, 146, 155, 168.5];

type Check = (jobId: string, pollNumber: number) => PollDecision | Promise<PollDecision>;

function setup(decide: Check, random = () => 0.5, concurrency = 4) {
  const clock = new ManualClock();
  const start = clock.now();
  const polls: { jobId: string; at: number }[] = [];
  const perJob: number[] = [];
  const poller = createPoller({
    clock,
    logger: silent,
    random,
    baseIntervalMs: 6_000,
    maxIntervalMs: 30_000,
    concurrency,
    async check(jobId) {
      polls.push({ jobId, at: clock.now() });
      return decide(jobId, polls.filter((poll) => poll.jobId === jobId).length);
    },
    metrics: {
      statusPolls: { inc() {} },
      pollsPerJob: { observe: (count) => perJob.push(count) },
    },
  });
  const track = (jobId: string, submittedAgoMs = 0) =>
    poller.track(jobId, { submittedAt: clock.now() - submittedAgoMs, expectedMs: EXPECTED_MS });
  /** Moves time forward in steps, running what falls due, like the real loop. */
  async function runFor(ms: number, stepMs = 500): Promise<void> {
    for (let elapsed = 0; elapsed < ms; elapsed += stepMs) {
      clock.advance(stepMs);
      await poller.tick();
    }
  }
  const times = (jobId = "job") =>
    polls.filter((poll) => poll.jobId === jobId).map((poll) => (poll.at - start) / 1000);
  return { clock, poller, polls, perJob, track, runFor, times };
}

describe("poller", () => {
  it("polls a few times on the way, densely around the expected finish, then backs off", async () => {
    const { track, runFor, times } = setup(() => ({ kind: "again" }));
    track("job");
    await runFor(170_000);
    expect(times()).toEqual(SCHEDULE);
  });

  it("stops polling a job once its check says done, and counts its polls", async () => {
    const { poller, track, runFor, polls, perJob } = setup((_, n) =>
      n === 2 ? { kind: "done" } : { kind: "again" },
    );
    track("job");
    await runFor(200_000);
    expect(polls).toHaveLength(2);
    expect(poller.size).toBe(0);
    expect(perJob).toEqual([2]);
  });

  it("waits at least as long as Retry-After asks, then rejoins the schedule", async () => {
    const { track, runFor, times } = setup((_, n) =>
      n === 1 ? { kind: "again", notBeforeMs: 60_000 } : { kind: "again" },
    );
    track("job");
    await runFor(90_000);
    expect(times()).toEqual([6, 66, 84, 88]);
  });

  it("moves polls by jitter, at most a fifth of the gap", async () => {
    const low = setup(
      () => ({ kind: "done" }),
      () => 0,
    );
    const high = setup(
      () => ({ kind: "done" }),
      () => 0.999,
    );
    low.track("job");
    high.track("job");
    await low.runFor(10_000, 100);
    await high.runFor(10_000, 100);
    expect(low.times()).toEqual([4.8]);
    expect(high.times()).toEqual([7.2]);
  });

  it("checks a job at once when asked, e.g. on a callback", async () => {
    const { poller, track, runFor, times } = setup(() => ({ kind: "again" }));
    track("job");
    await runFor(2_000);
    expect(poller.pollNow("job")).toBe(true);
    await runFor(5_000);
    expect(times()).toEqual([2.5, 6]);
    expect(poller.pollNow("unknown")).toBe(false);
  });

  it("keeps polling a job whose check throws", async () => {
    const { track, runFor, polls } = setup((_, n) => {
      if (n === 1) throw new Error("bug");
      return { kind: "done" };
    });
    track("job");
    await runFor(40_000);
    expect(polls).toHaveLength(2);
  });

  it("picks a resumed job's schedule up where it is, checking soon if a poll fell in the downtime", async () => {
    const { track, runFor, times } = setup(() => ({ kind: "again" }));
    track("job", 70_000); // restarted 70 s in: 84 is 14 s away, so one check after the base 6 s
    track("late", 100_000); // 100 s in: the window's next poll, 104, comes sooner than that
    await runFor(20_000);
    expect(times("job")).toEqual([6, 14, 18]);
    expect(times("late")).toEqual([4, 8, 12, 16, 20]);
  });

  it("runs its own loop between start and stop", async () => {
    const { clock, poller, track, polls } = setup(() => ({ kind: "again" }));
    poller.start();
    track("job");
    await turn();
    clock.advance(6_000);
    await turn();
    await turn();
    expect(polls).toHaveLength(1);
    await poller.stop();
    clock.advance(60_000);
    await turn();
    expect(polls).toHaveLength(1);
  });
});

describe("poller without head-of-line blocking", () => {
  it("keeps every other job on schedule while one status request hangs", async () => {
    const { clock, poller, track, times } = setup((jobId) =>
      jobId === "stuck" ? new Promise<PollDecision>(() => {}) : { kind: "again" },
    );
    poller.start();
    track("stuck");
    track("job");
    for (let elapsed = 0; elapsed < 170_000; elapsed += 500) {
      clock.advance(500);
      await turn();
    }
    expect(times("stuck")).toEqual([6]);
    expect(times()).toEqual(SCHEDULE);
    void poller.stop(); // would wait for the stuck check forever, so not awaited
  });

  it("never runs more than `concurrency` checks, and fills a freed slot at once", async () => {
    const answers: ((decision: PollDecision) => void)[] = [];
    const { poller, track, runFor, polls } = setup(
      () => new Promise<PollDecision>((resolve) => answers.push(resolve)),
      () => 0.5,
      2,
    );
    for (const jobId of ["a", "b", "c"]) track(jobId);
    await runFor(10_000);
    expect(polls.map((poll) => poll.jobId)).toEqual(["a", "b"]);
    answers[0]?.({ kind: "done" });
    await turn();
    expect(polls.map((poll) => poll.jobId)).toEqual(["a", "b", "c"]);
    expect(poller.size).toBe(2);
  });
});

describe("poller order", () => {
  it("starts the most overdue job first when slots are short", async () => {
    const answers: ((decision: PollDecision) => void)[] = [];
    const { clock, poller, track, polls } = setup(
      () => new Promise<PollDecision>((resolve) => answers.push(resolve)),
      () => 0.5,
      1,
    );
    track("a");
    track("b", 1_000);
    track("c", 2_000);
    clock.advance(10_000);
    for (let answered = 0; answered < 3; answered++) {
      await poller.tick();
      answers[answered]?.({ kind: "done" });
    }
    await turn();
    expect(polls.map((poll) => poll.jobId)).toEqual(["c", "b", "a"]);
  });
});

describe("poller loop", () => {
  it("is woken early only when a job falls due before it would wake", async () => {
    let jitter = 0;
    const spread = () => {
      jitter = (jitter + 0.618_034) % 1;
      return jitter;
    };
    const { clock, poller, track, polls } = setup(() => ({ kind: "again" }), spread, 16);
    const signals: AbortSignal[] = [];
    const sleep = clock.sleep.bind(clock);
    clock.sleep = (ms, signal) => {
      if (signal) signals.push(signal);
      return sleep(ms, signal);
    };
    poller.start();
    const jobs = 40;
    for (let job = 0; job < jobs; job++) track(`job${job}`, job * 3_000);
    for (let elapsed = 0; elapsed < 120_000; elapsed += 250) {
      clock.advance(250);
      await turn();
    }
    await poller.stop();

    // Tracking a job may wake the loop; its polls then don't (each used to: an AbortError and a
    // second scan of every job per poll).
    // A signal is kept across sleeps until it aborts, so each aborted one is one wake-up.
    const woken = [...new Set(signals)].filter((signal) => signal.aborted).length;
    expect(polls.length).toBeGreaterThan(600);
    expect(woken).toBeLessThanOrEqual(jobs);
  });
});
