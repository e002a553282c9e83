import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import Database from "better-sqlite3";
import { type BotLaunch, withNodeArgs } from "./bot-process.js";
import { type BenchHarness, startBenchHarness } from "./harness.js";
import {
  connectInspector,
  type HeapProfile,
  type HeapProfileKind,
  type HeapProfileNode,
  type HeapProfilePhase,
  type HeapSpaces,
  INSPECT_FLAG,
  INSPECTOR_URL,
  type MemoryUsage,
} from "./inspector.js";
import { startSampler } from "./proc.js";
import type { BenchOutcome } from "./report.js";
import { soakLiveHeap } from "./soak.js";
import { MIB, round, slope } from "./stats.js";

export interface InFlightOptions {
  readonly jobs: number;
  readonly measureSeconds: number;
  readonly launch: BotLaunch;
  /** Then watch the live heap this long (`--soak`), once a minute after a full GC. */
  readonly soakSeconds?: number;
  /**
   * Samples the bot's allocations while it polls (`--heap-profile`) and writes the profile here.
   * Sampling costs the bot memory and time: the RSS figures of such a run are not the real ones.
   */
  readonly heapProfileDir?: string;
  readonly heapProfileKind?: HeapProfileKind;
  readonly heapProfilePhase?: HeapProfilePhase;
}

/** Short intervals make many polls per minute, so "flat per poll" is a strong statement. */
const POLL_BASE_MS = 1_000;
const POLL_MAX_MS = 5_000;
/** Far beyond the measurement and below SEEDANCE_JOB_TIMEOUT_MS: every task stays running. */
const TASK_DURATION_MS = 20 * 60_000;
const BURST = 200;
const GROWTH_WINDOW_SECONDS = 40;
const TARGET_RSS_MB = 150;
/** "Flat": live heap grows under 0.5 MiB in 40 s, i.e. under ~100 bytes per poll at this rate. */
const TARGET_GROWTH_MB = 0.5;

/**
 * DESIGN §9: 1,000 jobs polling a slow Seedance stay under 150 MB RSS, and memory stays flat
 * while they poll. Samples the bot's RSS and CPU time from /proc every second.
 */
export async function benchInFlight(options: InFlightOptions): Promise<BenchOutcome> {
  const harness = await startBenchHarness({
    // The inspector lets the benchmark force a full GC, so a leak can be told from garbage.
    launch: withNodeArgs(options.launch, [INSPECT_FLAG]),
    env: {
      SEEDANCE_POLL_INTERVAL_MS: String(POLL_BASE_MS),
      SEEDANCE_POLL_MAX_INTERVAL_MS: String(POLL_MAX_MS),
    },
    seedance: { taskDurationMs: TASK_DURATION_MS },
  });
  const sampler = startSampler(harness.bot.pid, 1_000);
  // Read-only, on the bot's own file: WAL lets it read while the bot writes.
  const database = new Database(harness.databasePath, { readonly: true, fileMustExist: true });
  let inspector: Awaited<ReturnType<typeof connectInspector>> | null = null;
  try {
    const url = (await harness.bot.waitForLine(INSPECTOR_URL))[1] ?? "";
    inspector = await connectInspector(url);
    const heapSpaces = sampleHeapSpaces(inspector, sampler);
    const count = (sql: string) => (database.prepare(sql).pluck().get() as number | null) ?? 0;
    const submitted = () => count("select count(*) from jobs where state = 'submitted'");
    // Counted by the fake Seedance: the bot keeps poll counts in metrics, not in the database.
    const polls = () => harness.seedance.statusRequestCount;

    await harness.topUp(options.jobs * 28);
    const profileKind = options.heapProfileKind ?? "allocated";
    const profileDir = options.heapProfileDir;
    const profilePhase = profileDir ? (options.heapProfilePhase ?? "polling") : null;
    /** Starts sampling if `phase` is the one asked for. */
    const startProfile = async (phase: HeapProfilePhase) => {
      if (phase === profilePhase) await inspector?.startAllocationSampling(profileKind);
    };
    /** Stops it and writes the profile, with the bytes per poll or per job (`units`). */
    const finishProfile = async (phase: HeapProfilePhase, units: number) => {
      if (!inspector || !profileDir || phase !== profilePhase) return null;
      const file = join(profileDir, `in-flight-${phase}-${profileKind}-${fileStamp()}.heapprofile`);
      return writeAllocationProfile(await inspector.stopAllocationSampling(), file, units);
    };
    await startProfile("creation");
    await createJobs(harness, options.jobs, submitted);
    await until(() => submitted() === options.jobs, 60_000, "every job to be submitted");
    const creationProfile = await finishProfile("creation", options.jobs);
    const naturalSeconds = options.measureSeconds - GROWTH_WINDOW_SECONDS;
    const started = sampler.samples.length;
    const pollsBefore = polls();
    await startProfile("polling");
    // Natural RSS first: the forced GC comes only where the growth window starts and at the end.
    await sleep(naturalSeconds * 1000);
    const pollingProfile = await finishProfile("polling", polls() - pollsBefore);
    const spacesSamples = await heapSpaces.stop();
    const peakBeforeGc = Math.max(...sampler.samples.map((sample) => sample.rssBytes));
    const atPeak = spacesSamples.reduce<HeapSpacesSample | undefined>(
      (best, sample) => (!best || sample.rssBytes > best.rssBytes ? sample : best),
      undefined,
    );
    const atWindowStart = await inspector.memoryAfterGc();
    const pollsAtWindowStart = polls();
    await sleep(GROWTH_WINDOW_SECONDS * 1000);
    const finalRss = sampler.samples.at(-1)?.rssBytes ?? 0;
    const atEnd = await inspector.memoryAfterGc();
    const pollCount = polls() - pollsBefore;
    const windowPolls = polls() - pollsAtWindowStart;
    const stillRunning = submitted();
    if (stillRunning !== options.jobs) {
      throw new Error(`Only ${stillRunning} of ${options.jobs} jobs were still polling`);
    }
    const benchmark = `3 in flight ×${options.jobs}`;
    const samples = sampler.stop();
    // After the figures above are taken: the soak has samples (full GC each) of its own.
    const soak = options.soakSeconds
      ? await soakLiveHeap({
          seconds: options.soakSeconds,
          benchmark,
          memoryAfterGc: () =>
            inspector?.memoryAfterGc() ?? Promise.reject(new Error("No inspector")),
          polls,
        })
      : null;

    const window = samples.slice(started);
    const first = window[0];
    const last = window.at(-1);
    if (!first || !last) throw new Error("No samples were taken");
    const seconds = last.atSeconds - first.atSeconds;
    const tail = window.filter(
      (sample) => sample.atSeconds >= last.atSeconds - GROWTH_WINDOW_SECONDS,
    );
    const naturalGrowth =
      slope(tail.map((sample) => ({ x: sample.atSeconds, y: sample.rssBytes }))) *
      GROWTH_WINDOW_SECONDS;
    const heapGrowth = atEnd.heapUsed - atWindowStart.heapUsed;
    const cpuSeconds = last.cpuSeconds - first.cpuSeconds;
    const mib = (bytes: number, digits = 1) => round(bytes / MIB, digits);
    return {
      figures: [
        {
          benchmark,
          metric: "peak RSS (natural GC, creation + polling)",
          value: mib(peakBeforeGc),
          unit: "MiB",
          target: { below: TARGET_RSS_MB },
        },
        { benchmark, metric: "final RSS (natural GC)", value: mib(finalRss), unit: "MiB" },
        {
          benchmark,
          metric: "RSS after a full GC, at the end",
          value: mib(atEnd.rss),
          unit: "MiB",
        },
        {
          benchmark,
          metric: `live heap growth, last ${GROWTH_WINDOW_SECONDS} s (${round(heapGrowth / windowPolls, 0)} B/poll)`,
          value: mib(heapGrowth, 2),
          unit: "MiB",
          target: { below: TARGET_GROWTH_MB },
        },
        {
          benchmark,
          metric: `RSS growth, last ${GROWTH_WINDOW_SECONDS} s (full GC at both ends)`,
          value: mib(atEnd.rss - atWindowStart.rss, 2),
          unit: "MiB",
        },
        {
          benchmark,
          metric: `polls in ${round(seconds, 0)} s (${round(pollCount / seconds, 0)}/s)`,
          value: pollCount,
          unit: "polls",
        },
        {
          benchmark,
          metric: `bot CPU in ${round(seconds, 0)} s`,
          value: round(cpuSeconds, 1),
          unit: "s",
        },
        ...(pollingProfile
          ? [
              {
                benchmark,
                metric: `${profileKind} per poll (sampled, ${round(naturalSeconds, 0)} s of polling)`,
                value: pollingProfile.bytesPerUnit,
                unit: "B",
              },
            ]
          : []),
        ...(creationProfile
          ? [
              {
                benchmark,
                metric: `${profileKind} per job created (sampled, creation to submit)`,
                value: creationProfile.bytesPerUnit,
                unit: "B",
              },
            ]
          : []),
        ...(soak?.figures ?? []),
      ],
      details: {
        allocationProfile: (pollingProfile ?? creationProfile)?.file,
        soak: soak?.details,
        jobs: options.jobs,
        heapSpacesAtPeakMiB: atPeak && spacesInMiB(atPeak),
        pollBaseMs: POLL_BASE_MS,
        pollMaxMs: POLL_MAX_MS,
        measuredSeconds: round(seconds, 1),
        pollsInGrowthWindow: windowPolls,
        naturalRssGrowthFitMiB: mib(naturalGrowth, 2),
        afterGcAtGrowthWindowStart: inMiB(atWindowStart),
        afterGcAtEnd: inMiB(atEnd),
        cpuShareOfOneCore: round(cpuSeconds / seconds, 3),
        samples: samples.map((sample) => ({
          t: round(sample.atSeconds, 1),
          rssMiB: mib(sample.rssBytes),
          cpuS: round(sample.cpuSeconds, 2),
        })),
      },
    };
  } finally {
    sampler.stop();
    database.close();
    await inspector?.close();
    await harness.close();
  }
}

/**
 * 200 commands at a time, each burst submitted before the next: on a busy 2-core machine a burst
 * sent while the previous one's 200 submits run can miss Discord's 3-second deadline.
 */
async function createJobs(harness: BenchHarness, jobs: number, submitted: () => number) {
  let firstUserId = 900_000_000_000_000_000n;
  for (let made = 0; made < jobs; made += BURST) {
    const tokens = harness.burst(Math.min(BURST, jobs - made), {
      guildId: harness.fundedGuildId,
      firstUserId,
    });
    firstUserId += BigInt(BURST);
    await harness.waitForAcks(tokens);
    const createdSoFar = made + tokens.length;
    await until(
      () => submitted() >= createdSoFar,
      60_000,
      `the first ${createdSoFar} jobs to be submitted`,
    );
  }
}

async function until(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!done()) {
    if (performance.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(250);
  }
}

interface HeapSpacesSample {
  readonly rssBytes: number;
  readonly spaces: HeapSpaces;
}

/**
 * V8's heap spaces once a second, with the RSS of the same moment, until stopped: the peak is
 * reported with what it was made of (new space grown to its maximum, old space garbage, …).
 */
function sampleHeapSpaces(
  inspector: Awaited<ReturnType<typeof connectInspector>>,
  sampler: ReturnType<typeof startSampler>,
) {
  const samples: HeapSpacesSample[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const spaces = await inspector.heapSpaces();
      samples.push({ rssBytes: sampler.samples.at(-1)?.rssBytes ?? 0, spaces });
      await sleep(1_000);
    }
  })();
  return {
    async stop(): Promise<readonly HeapSpacesSample[]> {
      stopped = true;
      await loop;
      return samples;
    },
  };
}

function spacesInMiB({ rssBytes, spaces }: HeapSpacesSample) {
  return {
    rss: round(rssBytes / MIB, 1),
    ...Object.fromEntries(
      Object.entries(spaces).map(([name, { committed, used }]) => [
        name,
        { committed: round(committed / MIB, 1), used: round(used / MIB, 1) },
      ]),
    ),
  };
}

const fileStamp = () => new Date().toISOString().replaceAll(":", "-");

/** Writes the profile for `bench/profile-summary.ts`; returns the sampled bytes per poll or job. */
function writeAllocationProfile(profile: HeapProfile, file: string, units: number) {
  writeFileSync(file, JSON.stringify(profile));
  const total = (node: HeapProfileNode): number =>
    node.children.reduce((sum, child) => sum + total(child), node.selfSize);
  return { file, bytesPerUnit: round(total(profile.head) / Math.max(1, units), 0) };
}

function inMiB(usage: MemoryUsage): Record<keyof MemoryUsage, number> {
  return {
    rss: round(usage.rss / MIB, 1),
    heapUsed: round(usage.heapUsed / MIB, 1),
    external: round(usage.external / MIB, 1),
    arrayBuffers: round(usage.arrayBuffers / MIB, 1),
  };
}
