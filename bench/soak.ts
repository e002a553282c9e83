import { setTimeout as sleep } from "node:timers/promises";
import type { MemoryUsage } from "./inspector.js";
import type { Figure } from "./report.js";
import { MIB, round, slope } from "./stats.js";

/** Issue 16: after warm-up, 1,000 jobs polling for 10 minutes grow the live heap by under 1 MiB. */
const TARGET_GROWTH_MIB = 1;
const SAMPLE_EVERY_S = 60;

export interface SoakOptions {
  readonly seconds: number;
  readonly benchmark: string;
  /** A full GC in the bot, then its memory figures. */
  readonly memoryAfterGc: () => Promise<MemoryUsage>;
  /** Status polls the fake Seedance has answered so far. */
  readonly polls: () => number;
}

/**
 * The live heap (after a forced full GC) once a minute for `seconds`: a leak shows as a steady
 * climb, where one sample of garbage-laden RSS can't tell it from a GC that hasn't run yet.
 */
export async function soakLiveHeap(options: SoakOptions) {
  const started = performance.now();
  const pollsBefore = options.polls();
  const samples: { atSeconds: number; heapUsed: number; rss: number }[] = [];
  const take = async () => {
    const usage = await options.memoryAfterGc();
    const atSeconds = (performance.now() - started) / 1000;
    samples.push({ atSeconds, heapUsed: usage.heapUsed, rss: usage.rss });
  };
  await take();
  while ((performance.now() - started) / 1000 < options.seconds) {
    const left = options.seconds - (performance.now() - started) / 1000;
    await sleep(Math.min(SAMPLE_EVERY_S, left) * 1000);
    await take();
  }
  const first = samples[0];
  const last = samples.at(-1);
  if (!first || !last) throw new Error("The soak took no samples");
  const polls = options.polls() - pollsBefore;
  const growth = last.heapUsed - first.heapUsed;
  const fit = slope(samples.map((sample) => ({ x: sample.atSeconds, y: sample.heapUsed })));
  const seconds = round(last.atSeconds, 0);
  const { benchmark } = options;
  const figures: Figure[] = [
    {
      benchmark,
      metric: `soak: live heap growth over ${seconds} s after warm-up (${round(growth / polls, 1)} B/poll)`,
      value: round(growth / MIB, 2),
      unit: "MiB",
      target: { below: TARGET_GROWTH_MIB },
    },
    {
      benchmark,
      metric: `soak: live heap trend, fit over ${samples.length} samples`,
      value: round((fit * seconds) / MIB, 2),
      unit: "MiB",
    },
    { benchmark, metric: `soak: polls in ${seconds} s`, value: polls, unit: "polls" },
  ];
  const details = samples.map((sample) => ({
    t: round(sample.atSeconds, 0),
    heapUsedMiB: round(sample.heapUsed / MIB, 2),
    rssMiB: round(sample.rss / MIB, 1),
  }));
  return { figures, details };
}
