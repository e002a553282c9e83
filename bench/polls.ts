import pino from "pino";
import { createPoller } from "../src/services/jobs/poller.js";
import { ManualClock } from "../test/helpers/clock.js";
import type { BenchOutcome, Figure } from "./report.js";
import { round } from "./stats.js";

/** The defaults from DESIGN §7 (SEEDANCE_POLL_INTERVAL_MS / _MAX_INTERVAL_MS). */
const BASE_MS = 5_000;
const CAP_MS = 30_000;
/** Time moves in steps this small, so rounding adds at most 0.1 s to a detection. */
const STEP_MS = 100;
const JITTERED_JOBS = 200;
/** The fifth poll, at 5 + 7.5 + 11.25 + 16.9 + 25.3 ≈ 66 s; every gap after it is the cap. */
const CAP_REACHED_MS = 65_900;

export interface PollsBenchOptions {
  readonly durationsSeconds: readonly number[];
}

interface Simulation {
  /** Mean polls a job needed until its check said done. */
  readonly polls: number;
  /** Mean seconds from the task finishing to the poll that saw it. */
  readonly detectionDelaySeconds: number;
}

/** A small seeded PRNG (mulberry32): the jittered runs are the same on every machine. */
function seededRandom(seed: number): () => number {
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
 * Runs the real poller on a manual clock with `jobs` tasks of one duration, each done once
 * its task has run `durationMs`, and counts the checks each needed.
 */
async function simulate(durationMs: number, jobs: number, random: () => number) {
  const clock = new ManualClock();
  const start = clock.now();
  const polls = new Map<string, number>();
  const detectedAt = new Map<string, number>();
  const poller = createPoller({
    clock,
    logger: pino({ level: "silent" }),
    random,
    baseIntervalMs: BASE_MS,
    maxIntervalMs: CAP_MS,
    concurrency: 16,
    async check(jobId) {
      polls.set(jobId, (polls.get(jobId) ?? 0) + 1);
      if (clock.now() - start < durationMs) return { kind: "again" };
      detectedAt.set(jobId, clock.now());
      return { kind: "done" };
    },
  });
  for (let index = 0; index < jobs; index++) poller.track(`job-${index}`);
  // Bounded: even a fixed 5 s loop would finish within duration + cap.
  for (let elapsed = 0; poller.size > 0 && elapsed <= durationMs + 2 * CAP_MS; ) {
    elapsed += STEP_MS;
    clock.advance(STEP_MS);
    await poller.tick();
  }
  if (poller.size > 0) throw new Error(`The poller never finished ${durationMs} ms jobs`);
  const mean = (values: Iterable<number>) => {
    const list = [...values];
    return list.reduce((sum, value) => sum + value, 0) / list.length;
  };
  return {
    polls: mean(polls.values()),
    detectionDelaySeconds:
      mean([...detectedAt.values()].map((at) => at - start - durationMs)) / 1000,
  } satisfies Simulation;
}

/** Polls per job with the real back-off, next to a fixed-interval loop (DESIGN §3.5, §9). */
export async function benchPolls(options: PollsBenchOptions): Promise<BenchOutcome> {
  const benchmark = "4 polls/job";
  const figures: Figure[] = [];
  const rows = [];
  for (const seconds of options.durationsSeconds) {
    const durationMs = seconds * 1000;
    // random = 0.5 is the jitter's midpoint: the schedule without jitter.
    const exact = await simulate(durationMs, 1, () => 0.5);
    const jittered = await simulate(durationMs, JITTERED_JOBS, seededRandom(seconds));
    const fixedLoop = Math.ceil(durationMs / BASE_MS);
    const row = {
      taskSeconds: seconds,
      polls: exact.polls,
      meanPollsWithJitter: round(jittered.polls, 2),
      fixedLoopPolls: fixedLoop,
      log15OfDurationOverBase: round(Math.log(durationMs / BASE_MS) / Math.log(1.5), 2),
      meanDetectionDelaySeconds: round(jittered.detectionDelaySeconds, 1),
    };
    rows.push(row);
    // The fixed loop is the target column: back-off must beat it, and the margin is the saving.
    figures.push({
      benchmark,
      metric: `${seconds} s task (log₁.₅(d/5 s) = ${row.log15OfDurationOverBase}${
        durationMs > CAP_REACHED_MS ? "; 30 s cap from 66 s" : ""
      })`,
      value: row.polls,
      unit: "polls",
      target: { below: fixedLoop },
    });
  }
  return { figures, details: { baseMs: BASE_MS, capMs: CAP_MS, rows } };
}
