import type { Figure } from "./report.js";
import { type LatencySummary, median, medianSummary, round } from "./stats.js";

export interface BurstResult {
  readonly summary: LatencySummary;
  /** How long the benchmark's own dispatch loop took: the first command waits this long. */
  readonly dispatchLoopMs: number;
  /** From the first dispatch to the last acknowledgement. */
  readonly windowMs: number;
  /** CPU the bot used in that window (all its threads); near windowMs means CPU-bound. */
  readonly botCpuMs: number;
  /** CPU this process (the fakes) used in that window: what competes with the bot for cores. */
  readonly benchCpuMs: number;
  /** CLOCK_MONOTONIC at the first dispatch, in µs: a .cpuprofile's own time base on Linux. */
  readonly startedAtUs: number;
}

/** One bot's rounds of each kind of burst. */
export interface SideResults {
  readonly accepted: BurstResult[];
  readonly refused: BurstResult[];
}

const BENCHMARK = "1 ack burst";
const TARGET_P99_MS = 100;
/** Issue 16: the ledger, the job row and the richer reply may cost at most 20 % over the yardstick. */
const TARGET_RATIO = 1.2;

function latencyFigures(label: string, runs: readonly BurstResult[]): Figure[] {
  const typical = medianSummary(runs.map((run) => run.summary));
  const unit = "ms";
  return [
    { benchmark: BENCHMARK, metric: `${label}: p50`, value: typical.p50, unit },
    { benchmark: BENCHMARK, metric: `${label}: p95`, value: typical.p95, unit },
    {
      benchmark: BENCHMARK,
      metric: `${label}: p99`,
      value: typical.p99,
      unit,
      target: { below: TARGET_P99_MS },
    },
    { benchmark: BENCHMARK, metric: `${label}: max`, value: typical.max, unit },
    {
      benchmark: BENCHMARK,
      metric: `${label}: bot CPU, dispatch → last ack`,
      value: median(runs.map((run) => run.botCpuMs)),
      unit,
    },
  ];
}

/**
 * Ours over the reference, round by round (the two ran back to back, under the same load), then
 * the median of those ratios: a busy moment on the machine moves both sides of one ratio.
 */
export function pairedRatio(
  ours: readonly BurstResult[],
  reference: readonly BurstResult[],
  key: "p50" | "p99",
): number {
  const ratios = ours.map((run, index) => {
    const yardstick = reference[index]?.summary[key] ?? Number.NaN;
    return run.summary[key] / yardstick;
  });
  return round(median(ratios), 2);
}

function referenceFigures(
  label: string,
  ours: readonly BurstResult[],
  reference: readonly BurstResult[],
): Figure[] {
  const typical = medianSummary(reference.map((run) => run.summary));
  const ratio = (key: "p50" | "p99"): Figure => ({
    benchmark: BENCHMARK,
    metric: `${label}: ours ÷ reference, ${key} (median of paired rounds)`,
    value: pairedRatio(ours, reference, key),
    unit: "×",
    target: { below: TARGET_RATIO, inclusive: true },
  });
  return [
    { benchmark: BENCHMARK, metric: `${label}: reference p50`, value: typical.p50, unit: "ms" },
    { benchmark: BENCHMARK, metric: `${label}: reference p99`, value: typical.p99, unit: "ms" },
    {
      benchmark: BENCHMARK,
      metric: `${label}: reference bot CPU, dispatch → last ack`,
      value: median(reference.map((run) => run.botCpuMs)),
      unit: "ms",
    },
    ratio("p50"),
    ratio("p99"),
  ];
}

/** The burst table: our latencies against DESIGN §9, then the reference and the ratios. */
export function ackFigures(burstSize: number, ours: SideResults, reference: SideResults) {
  const accepted = `accepted /video ×${burstSize}`;
  const refused = `refused (no credits) ×${burstSize}`;
  return [
    ...latencyFigures(accepted, ours.accepted),
    ...referenceFigures(accepted, ours.accepted, reference.accepted),
    ...latencyFigures(refused, ours.refused),
    ...referenceFigures(refused, ours.refused, reference.refused),
  ];
}
