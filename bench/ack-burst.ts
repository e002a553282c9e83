import type { BotLaunch } from "./bot-process.js";
import { type BenchHarness, startBenchHarness } from "./harness.js";
import { readCpuSeconds } from "./proc.js";
import type { BenchOutcome, Figure } from "./report.js";
import { type LatencySummary, median, medianSummary, round, summarizeLatencies } from "./stats.js";

export interface AckBurstOptions {
  readonly rounds: number;
  readonly burstSize: number;
  readonly launch: BotLaunch;
}

const TARGET_P99_MS = 100;
const REFUSAL = /costs .* but the server only has/;

interface BurstResult {
  readonly summary: LatencySummary;
  /** How long the benchmark's own dispatch loop took: the first command waits this long. */
  readonly dispatchLoopMs: number;
  /** From the first dispatch to the last acknowledgement. */
  readonly windowMs: number;
  /** CPU the bot used in that window (all its threads); near windowMs means CPU-bound. */
  readonly botCpuMs: number;
  /** CPU this process (the fakes) used in that window: what competes with the bot for cores. */
  readonly benchCpuMs: number;
}

/**
 * DESIGN §3.1 and §9: 200 commands at once, each acknowledged with p99 under 100 ms, measured
 * from the fake Discord's dispatch of INTERACTION_CREATE to the callback's arrival.
 */
export async function benchAckBurst(options: AckBurstOptions): Promise<BenchOutcome> {
  const harness = await startBenchHarness({
    launch: options.launch,
    // Quick tasks and polls, so each accepted burst is delivered and the bot idle again quickly.
    env: { SEEDANCE_POLL_INTERVAL_MS: "200", SEEDANCE_POLL_MAX_INTERVAL_MS: "1000" },
    seedance: { taskDurationMs: 500 },
  });
  try {
    await harness.topUp(1_000_000);
    let nextUser = 600_000_000_000_000_000n;
    const run = async (guildId: string, size: number, accepted: boolean) => {
      const result = await measureBurst(harness, size, guildId, nextUser, accepted);
      nextUser += BigInt(size);
      return result;
    };
    // One untimed round first: until V8 has optimised the hot paths (a few hundred commands),
    // a burst costs up to twice the CPU it costs a bot that has been running for a while.
    await run(harness.fundedGuildId, options.burstSize, true);
    await run(harness.brokeGuildId, options.burstSize, false);

    const accepted: BurstResult[] = [];
    const refused: BurstResult[] = [];
    for (let index = 0; index < options.rounds; index++) {
      accepted.push(await run(harness.fundedGuildId, options.burstSize, true));
      refused.push(await run(harness.brokeGuildId, options.burstSize, false));
    }
    if (harness.bot.errorLines > 0) {
      throw new Error(`The bot logged errors during the burst:\n${harness.bot.tail()}`);
    }
    return {
      figures: [
        ...latencyFigures(`accepted /video ×${options.burstSize}`, accepted),
        ...latencyFigures(`refused (no credits) ×${options.burstSize}`, refused),
      ],
      details: {
        rounds: options.rounds,
        burstSize: options.burstSize,
        warmUpRounds: 1,
        accepted,
        refused,
      },
    };
  } finally {
    await harness.close();
  }
}

async function measureBurst(
  harness: BenchHarness,
  size: number,
  guildId: string,
  firstUserId: bigint,
  accepted: boolean,
): Promise<BurstResult> {
  const botCpuBefore = readCpuSeconds(harness.bot.pid);
  const benchCpuBefore = process.cpuUsage();
  const started = performance.now();
  const tokens = harness.burst(size, { guildId, firstUserId });
  const dispatchLoopMs = performance.now() - started;
  await harness.waitForAcks(tokens);
  const windowMs = performance.now() - started;
  const botCpuMs = (readCpuSeconds(harness.bot.pid) - botCpuBefore) * 1000;
  const benchCpu = process.cpuUsage(benchCpuBefore);
  const benchCpuMs = (benchCpu.user + benchCpu.system) / 1000;
  const latencies = tokens.map((token) => {
    const ack = harness.record(token).ack;
    if (!ack) throw new Error("An interaction was never acknowledged");
    // The figure only means something if every command took the path being measured.
    const content = harness.discord.originalMessage(token)?.content ?? "";
    if (ack.ephemeral === accepted || (!accepted && !REFUSAL.test(content))) {
      throw new Error(`Unexpected answer (ephemeral: ${ack.ephemeral}): ${content}`);
    }
    return ack.latencyMs;
  });
  // Let the accepted jobs run to delivery, so the next burst meets an idle bot.
  if (accepted) {
    await harness.waitForAll(tokens, (token) => harness.deliveredVideo(token) !== null, 120_000);
  }
  return {
    summary: summarizeLatencies(latencies),
    dispatchLoopMs: round(dispatchLoopMs, 1),
    windowMs: round(windowMs, 0),
    botCpuMs: round(botCpuMs, 0),
    benchCpuMs: round(benchCpuMs, 0),
  };
}

function latencyFigures(label: string, runs: readonly BurstResult[]): Figure[] {
  const benchmark = "1 ack burst";
  const typical = medianSummary(runs.map((run) => run.summary));
  const unit = "ms";
  return [
    { benchmark, metric: `${label}: p50`, value: typical.p50, unit },
    { benchmark, metric: `${label}: p95`, value: typical.p95, unit },
    {
      benchmark,
      metric: `${label}: p99`,
      value: typical.p99,
      unit,
      target: { below: TARGET_P99_MS },
    },
    { benchmark, metric: `${label}: max`, value: typical.max, unit },
    {
      benchmark,
      metric: `${label}: bot CPU, dispatch → last ack`,
      value: median(runs.map((run) => run.botCpuMs)),
      unit,
    },
  ];
}
