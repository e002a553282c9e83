import pino from "pino";
import { createPoller } from "../src/services/jobs/poller.js";
import { ManualClock } from "../test/helpers/clock.js";

/** Time moves in steps this small, so rounding adds at most 0.1 s to a detection. */
const STEP_MS = 100;

export interface PollSettings {
  readonly baseIntervalMs: number;
  readonly maxIntervalMs: number;
}

/** One job's outcome: how many status checks it took, and how late the one that saw it was. */
export interface SimulatedJob {
  readonly polls: number;
  readonly lateMs: number;
}

/** A small seeded PRNG (mulberry32): the jittered runs are the same on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Runs the real poller on a manual clock: every job submitted at once, each done once its task
 * has run its own duration, all expected to take `expectedMs` (the typical time for their
 * settings, as the learned estimate would say).
 */
export async function simulatePoller(
  taskMs: readonly number[],
  expectedMs: number,
  settings: PollSettings,
  random: () => number,
): Promise<SimulatedJob[]> {
  const clock = new ManualClock();
  const start = clock.now();
  const polls = new Map<string, number>();
  const seen = new Map<string, number>();
  const poller = createPoller({
    clock,
    logger: pino({ level: "silent" }),
    random,
    ...settings,
    concurrency: 16,
    async check(jobId) {
      polls.set(jobId, (polls.get(jobId) ?? 0) + 1);
      if (clock.now() - start < (taskMs[Number(jobId)] ?? 0)) return { kind: "again" };
      seen.set(jobId, clock.now() - start);
      return { kind: "done" };
    },
    metrics: { statusPolls: { inc() {} }, pollsPerJob: { observe() {} } },
  });
  for (let index = 0; index < taskMs.length; index++) {
    poller.track(String(index), { submittedAt: start, expectedMs });
  }
  const limit = Math.max(...taskMs) + 4 * settings.maxIntervalMs;
  for (let elapsed = 0; poller.size > 0 && elapsed <= limit; elapsed += STEP_MS) {
    clock.advance(STEP_MS);
    await poller.tick();
  }
  if (poller.size > 0) throw new Error(`The poller left ${poller.size} jobs unseen`);
  return taskMs.map((took, index) => ({
    polls: polls.get(String(index)) ?? 0,
    lateMs: (seen.get(String(index)) ?? 0) - took,
  }));
}

/**
 * Polls at the gaps `gapAfter(n)` gives (n = polls so far), each moved by ±`jitter` of itself,
 * until one comes at or after the task's end: the poller before this change (×1.5 back-off)
 * and a fixed loop, which kept no state but the poll count.
 */
export function simulateGaps(
  taskMs: readonly number[],
  gapAfter: (polls: number) => number,
  jitter: number,
  random: () => number,
): SimulatedJob[] {
  return taskMs.map((took) => {
    let at = 0;
    let polls = 0;
    while (at < took) {
      at += gapAfter(polls) * (1 + jitter * (2 * random() - 1));
      polls += 1;
    }
    return { polls, lateMs: at - took };
  });
}

/** The poller this change replaced: base first, then ×1.5 per poll up to the cap, ±20 %. */
export const backoffGap =
  ({ baseIntervalMs, maxIntervalMs }: PollSettings) =>
  (polls: number) =>
    Math.min(baseIntervalMs * 1.5 ** polls, maxIntervalMs);
