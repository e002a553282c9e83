import { readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { getHeapStatistics } from "node:v8";

/** A goal from DESIGN §9 (or the issue) that a figure must stay under. */
export interface Target {
  readonly below: number;
  /** `<` or `≤`, as the target is worded. */
  readonly inclusive?: boolean;
}

export interface Figure {
  readonly benchmark: string;
  readonly metric: string;
  readonly value: number;
  readonly unit: string;
  readonly target?: Target;
}

export interface BenchOutcome {
  readonly figures: readonly Figure[];
  /** Raw per-run data behind the figures, written to results.json only. */
  readonly details: Record<string, unknown>;
}

export type Verdict = "met" | "MISSED" | "";

export function verdictOf(figure: Figure): Verdict {
  const { target, value } = figure;
  if (!target) return "";
  const ok = target.inclusive ? value <= target.below : value < target.below;
  return ok ? "met" : "MISSED";
}

/** How far under (positive) or over (negative) the target, as a share of the target. */
export function marginOf(figure: Figure): number | null {
  const { target, value } = figure;
  return target ? (target.below - value) / target.below : null;
}

const packageJson = new URL("../package.json", import.meta.url);

/** Whether this Node's major line is one package.json's engines name ("22.x || 24.x"). */
function supportedNode(): boolean {
  const { engines } = JSON.parse(readFileSync(packageJson, "utf8")) as {
    engines?: { node?: string };
  };
  const majors = [...(engines?.node ?? "").matchAll(/(\d+)\.x/g)].map((match) => match[1]);
  return majors.includes(process.versions.node.split(".")[0]);
}

export function machine() {
  const cpu = cpus();
  return {
    cores: cpu.length,
    cpuModel: cpu[0]?.model ?? "unknown",
    node: process.version,
    /** The bot runs on this Node too; a line outside the engines is not what users run. */
    nodeSupported: supportedNode(),
    memoryGiB: Math.round(totalmem() / 1024 ** 3),
    /**
     * V8 sizes its heap, and on Node 24 its young generation, from the machine's memory (or a
     * container's limit): the same bot's RSS differs with it.
     */
    heapLimitMiB: Math.round(getHeapStatistics().heap_size_limit / 1024 ** 2),
    platform: `${process.platform} ${process.arch}`,
    /** Other work on the machine skews every figure; the load shows whether there was some. */
    loadAverage1m: loadavg()[0] ?? 0,
  };
}

const formatNumber = (value: number) =>
  Number.isInteger(value)
    ? value.toLocaleString("en-US")
    : value.toLocaleString("en-US", { maximumFractionDigits: value < 10 ? 2 : 1 });

function row(figure: Figure): string[] {
  const margin = marginOf(figure);
  const target = figure.target
    ? `${figure.target.inclusive ? "≤" : "<"} ${formatNumber(figure.target.below)} ${figure.unit}`
    : "";
  return [
    figure.benchmark,
    figure.metric,
    `${formatNumber(figure.value)} ${figure.unit}`.trim(),
    target,
    margin === null ? "" : `${margin >= 0 ? "" : "-"}${Math.abs(Math.round(margin * 100))} %`,
    verdictOf(figure),
  ];
}

/** One plain-text table: readable in a terminal and pasteable into an issue. */
export function renderTable(figures: readonly Figure[], header: string): string {
  const rows = [
    ["benchmark", "metric", "value", "target", "margin", "verdict"],
    ...figures.map(row),
  ];
  const widths = rows[0]?.map((_, column) =>
    Math.max(...rows.map((cells) => (cells[column] ?? "").length)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths?.[column] ?? 0)).join(" | ")} |`;
  const rule = `|${(widths ?? []).map((width) => "-".repeat(width + 2)).join("|")}|`;
  const [head, ...body] = rows;
  return [header, line(head ?? []), rule, ...body.map(line)].join("\n");
}

export function writeResults(path: string, results: unknown): void {
  writeFileSync(path, `${JSON.stringify(results, null, 2)}\n`);
}
