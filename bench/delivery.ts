import { setTimeout as sleep } from "node:timers/promises";
import type { BotLaunch } from "./bot-process.js";
import { startBenchHarness } from "./harness.js";
import { startSampler } from "./proc.js";
import type { BenchOutcome } from "./report.js";
import { MIB, median, round } from "./stats.js";

export interface DeliveryBenchOptions {
  readonly videos: number;
  readonly videoBytes: number;
  /** Each with a fresh bot: peak RSS depends on when V8 collects, so one run is an anecdote. */
  readonly repetitions: number;
  readonly launch: BotLaunch;
}

const UPLOAD_LIMIT = 10 * MIB;
/** Long enough for every generate request of the burst to land before the first task ends. */
const TASK_DURATION_MS = 3_000;
const SAMPLE_EVERY_MS = 25;

interface Repetition {
  readonly totalSeconds: number;
  readonly baselineRssMiB: number;
  readonly peakRssMiB: number;
  readonly peakAboveBaselineMiB: number;
  /** How close together the tasks finished: "finished together" holds if this is small. */
  readonly tasksFinishedWithinMs: number;
  readonly lastTaskFinishToLastDeliverySeconds: number;
}

/**
 * DESIGN §4: finished videos are downloaded and uploaded a few at a time, so delivering many
 * at once costs a bounded amount of memory. Measures the bot's RSS while 20 8 MiB videos that
 * finished together are delivered, and the time from the commands to the last delivery.
 */
export async function benchDelivery(options: DeliveryBenchOptions): Promise<BenchOutcome> {
  const repetitions: Repetition[] = [];
  for (let index = 0; index < options.repetitions; index++) {
    repetitions.push(await deliverOnce(options));
  }
  const of = (key: keyof Repetition) => median(repetitions.map((r) => r[key]));
  const naive = (options.videos * options.videoBytes) / MIB;
  const benchmark = `5 delivery ×${options.videos} of ${options.videoBytes / MIB} MiB`;
  return {
    figures: [
      {
        benchmark,
        metric: "dispatch → all delivered",
        value: round(of("totalSeconds"), 2),
        unit: "s",
      },
      { benchmark, metric: "peak RSS", value: round(of("peakRssMiB")), unit: "MiB" },
      {
        benchmark,
        metric: `peak above baseline (${round(of("baselineRssMiB"))} MiB; all at once = ${naive})`,
        value: round(of("peakAboveBaselineMiB")),
        unit: "MiB",
        target: { below: naive },
      },
    ],
    details: { videos: options.videos, videoBytes: options.videoBytes, repetitions },
  };
}

async function deliverOnce(options: DeliveryBenchOptions): Promise<Repetition> {
  const harness = await startBenchHarness({
    launch: options.launch,
    env: { SEEDANCE_POLL_INTERVAL_MS: "500", SEEDANCE_POLL_MAX_INTERVAL_MS: "1000" },
    seedance: { taskDurationMs: TASK_DURATION_MS },
  });
  try {
    await harness.topUp((options.videos + 1) * 28);
    let firstUserId = 950_000_000_000_000_000n;
    const deliver = async (count: number) => {
      const tokens = harness.burst(count, {
        guildId: harness.fundedGuildId,
        firstUserId,
        attachmentSizeLimit: UPLOAD_LIMIT,
      });
      firstUserId += BigInt(count);
      await harness.waitForAll(tokens, (token) => harness.deliveredVideo(token) !== null, 120_000);
      return tokens;
    };

    // One small delivery first, so the baseline includes the download/upload code paths but
    // not the garbage of a big video, which V8 frees whenever it next collects.
    harness.seedance.configure({ videoBytes: 64 * 1024 });
    await deliver(1);
    harness.seedance.configure({ videoBytes: options.videoBytes });
    await sleep(2_000);
    const baseline = startSampler(harness.bot.pid, 100);
    await sleep(1_000);
    const baselineRss = median(baseline.stop().map((sample) => sample.rssBytes));

    const sampler = startSampler(harness.bot.pid, SAMPLE_EVERY_MS);
    const started = Date.now();
    const tokens = await deliver(options.videos);
    const totalSeconds = (Date.now() - started) / 1000;
    const samples = sampler.stop();

    const messages = tokens.map((token) => harness.deliveredVideo(token));
    const sizes = messages.flatMap(
      (message) => message?.attachments.map((file) => file.size) ?? [],
    );
    if (sizes.length !== options.videos || sizes.some((size) => size !== options.videoBytes)) {
      throw new Error(`Expected ${options.videos} videos of ${options.videoBytes} bytes: ${sizes}`);
    }
    const finishes = [...harness.seedance.tasks.values()]
      .slice(-options.videos)
      .map((task) => task.finishAt);
    const lastDelivery = Math.max(...messages.map((message) => message?.editedAt ?? 0));
    const peak = Math.max(...samples.map((sample) => sample.rssBytes));
    return {
      totalSeconds: round(totalSeconds, 2),
      baselineRssMiB: round(baselineRss / MIB),
      peakRssMiB: round(peak / MIB),
      peakAboveBaselineMiB: round((peak - baselineRss) / MIB),
      tasksFinishedWithinMs: Math.max(...finishes) - Math.min(...finishes),
      lastTaskFinishToLastDeliverySeconds: round((lastDelivery - Math.max(...finishes)) / 1000, 2),
    };
  } finally {
    await harness.close();
  }
}
