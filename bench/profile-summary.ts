import { readFileSync } from "node:fs";
import { relative } from "node:path";

/**
 * Summarises a `.cpuprofile` (from `npm run bench -- --profile`): where the bot's CPU time went,
 * by self time and by inclusive time, with frames from node_modules grouped by package. Given a
 * `.heapprofile` (from `--heap-profile`), the same for the bytes allocated.
 *
 *   npx tsx bench/profile-summary.ts <file.cpuprofile|file.heapprofile> [top=25] [fromMs] [toMs]
 *
 * fromMs/toMs restrict the samples to a window (ms since the profile started), e.g. one burst.
 */

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

const ROOT = process.cwd();

function label({ functionName, url, lineNumber }: CallFrame): string {
  const name = functionName || "(anonymous)";
  if (!url) return name;
  const path = url.startsWith("file://") ? relative(ROOT, new URL(url).pathname) : url;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1];
  return pkg ? `${name} [${pkg}]` : `${name} ${path}:${lineNumber + 1}`;
}

export function summarizeProfile(profile: CpuProfile, fromMs = 0, toMs = Number.POSITIVE_INFINITY) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  let elapsed = 0;
  profile.samples.forEach((id, index) => {
    const delta = (profile.timeDeltas[index] ?? 0) / 1000;
    elapsed += delta;
    if (elapsed < fromMs || elapsed > toMs) return;
    const node = byId.get(id);
    if (!node) return;
    total += delta;
    const own = label(node.callFrame);
    self.set(own, (self.get(own) ?? 0) + delta);
    // Each distinct frame on the stack gets the sample once, so recursion isn't double counted.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at);
      if (!frame) break;
      const name = label(frame.callFrame);
      if (seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + delta);
    }
  });
  const top = (map: Map<string, number>, count: number) =>
    [...map].sort((a, b) => b[1] - a[1]).slice(0, count);
  return { totalMs: total, self: top.bind(null, self), inclusive: top.bind(null, inclusive) };
}

interface HeapNode {
  readonly callFrame: CallFrame;
  readonly selfSize: number;
  readonly children: readonly HeapNode[];
}

/** Bytes allocated by each frame itself and under it (a frame counted once per stack). */
export function summarizeHeapProfile(head: HeapNode) {
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const add = (map: Map<string, number>, name: string, bytes: number) =>
    map.set(name, (map.get(name) ?? 0) + bytes);
  let total = 0;
  const walk = (node: HeapNode, stack: readonly string[]) => {
    const name = label(node.callFrame);
    const names = stack.includes(name) ? stack : [...stack, name];
    total += node.selfSize;
    add(self, name, node.selfSize);
    for (const frame of names) add(inclusive, frame, node.selfSize);
    for (const child of node.children) walk(child, names);
  };
  walk(head, []);
  const top = (map: Map<string, number>, count: number) =>
    [...map].sort((a, b) => b[1] - a[1]).slice(0, count);
  return { total, self: top.bind(null, self), inclusive: top.bind(null, inclusive) };
}

function printRows(title: string, rows: [string, number][], total: number, unit: string) {
  const lines = rows.map(
    ([name, amount]) =>
      `${amount.toFixed(1).padStart(9)} ${unit} ${((100 * amount) / total).toFixed(1).padStart(5)} %  ${name}`,
  );
  process.stdout.write(`\n${title}\n${lines.join("\n")}\n`);
}

function main(): void {
  const [file, topArg, fromArg, toArg] = process.argv.slice(2);
  if (!file) {
    console.error("usage: tsx bench/profile-summary.ts <file.cpuprofile> [top] [fromMs] [toMs]");
    process.exit(2);
  }
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile | { head: HeapNode };
  const count = Number(topArg ?? 25);
  if ("head" in profile) {
    const heap = summarizeHeapProfile(profile.head);
    const mib = (rows: [string, number][]): [string, number][] =>
      rows.map(([name, bytes]) => [name, bytes / 1024 / 1024]);
    const totalMiB = heap.total / 1024 / 1024;
    process.stdout.write(`${file}: ${totalMiB.toFixed(1)} MiB allocated (sampled)\n`);
    printRows("Allocated by the frame itself", mib(heap.self(count)), totalMiB, "MiB");
    printRows("Allocated under the frame", mib(heap.inclusive(count)), totalMiB, "MiB");
    return;
  }
  const summary = summarizeProfile(profile, Number(fromArg ?? 0), Number(toArg ?? Infinity));
  process.stdout.write(`${file}: ${summary.totalMs.toFixed(0)} ms sampled\n`);
  printRows("Self time", summary.self(count), summary.totalMs, "ms");
  printRows("Inclusive time", summary.inclusive(count), summary.totalMs, "ms");
}

main();
