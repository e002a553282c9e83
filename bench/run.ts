import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { benchAckBurst } from "./ack-burst.js";
import { benchAckPg } from "./ack-pg.js";
import { type BotLaunch, REFERENCE_TSX_LAUNCH, TSX_LAUNCH, withNodeArgs } from "./bot-process.js";
import { buildBot } from "./build.js";
import { benchDelivery } from "./delivery.js";
import { benchInFlight } from "./in-flight.js";
import type { HeapProfileKind, HeapProfilePhase } from "./inspector.js";
import { benchLedger } from "./ledger.js";
import { benchLedgerPg } from "./ledger-pg.js";
import { benchPolls } from "./polls.js";
import { readCpuTicks } from "./proc.js";
import {
  type BenchOutcome,
  type Figure,
  machine,
  renderTable,
  verdictOf,
  writeResults,
} from "./report.js";
import { MIB, round } from "./stats.js";

const RESULTS = fileURLToPath(new URL("./results.json", import.meta.url));
const SOAK_RESULTS = fileURLToPath(new URL("./soak-results.json", import.meta.url));

const USAGE = `npm run bench [-- options]
  --only <names>    comma-separated subset: ack,ack-pg,ledger,ledger-pg,in-flight,polls,delivery
  --tsx             run the bot through tsx (as the end-to-end suite does) instead of compiled
  --node-arg <flag> pass a Node flag to every bot child (repeatable), e.g. --node-arg=--max-semi-space-size=4
  --profile <dir>   run every bot child under --cpu-prof, writing .cpuprofile files to <dir>
                    (then: npx tsx bench/profile-summary.ts <file>)
  --heap-profile <dir>  in-flight: sample the bot's allocations while it polls, writing a
                    .heapprofile to <dir> and the bytes per poll (then: npx tsx
                    bench/profile-summary.ts <file>); the RSS figures of such a run are inflated
  --heap-profile-phase polling|creation  polling (default); creation: while the 1,000 jobs are
                    created and submitted instead, with the bytes per job
  --heap-profile-kind allocated|promoted  allocated (default): every allocation, garbage included;
                    promoted: only what survived into the old generation (or is still live)
  --soak <seconds>  in-flight: then watch the live heap this long (results in bench/soak-results.json)
  --strict          exit with status 1 when a target is missed`;

interface HeapProfileOption {
  readonly dir: string | undefined;
  readonly kind: HeapProfileKind;
  readonly phase: HeapProfilePhase;
}

type BenchName = "ack" | "ack-pg" | "ledger" | "ledger-pg" | "in-flight" | "polls" | "delivery";
const ALL: readonly BenchName[] = [
  "polls",
  "ledger",
  "ledger-pg",
  "ack",
  "ack-pg",
  "in-flight",
  "delivery",
];

function parseOptions() {
  const { values } = parseArgs({
    options: {
      only: { type: "string" },
      profile: { type: "string" },
      "heap-profile": { type: "string" },
      "heap-profile-kind": { type: "string", default: "allocated" },
      "heap-profile-phase": { type: "string", default: "polling" },
      tsx: { type: "boolean", default: false },
      "node-arg": { type: "string", multiple: true, default: [] },
      strict: { type: "boolean", default: false },
      soak: { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const only = values.only?.split(",").map((name) => name.trim());
  const unknown = only?.filter((name) => !ALL.includes(name as BenchName)) ?? [];
  if (unknown.length > 0) throw new Error(`Unknown benchmark(s): ${unknown.join(", ")}\n${USAGE}`);
  const profileDir = values.profile ? resolve(values.profile) : undefined;
  const heapProfileDir = values["heap-profile"] ? resolve(values["heap-profile"]) : undefined;
  const heapProfileKind = values["heap-profile-kind"];
  if (heapProfileKind !== "allocated" && heapProfileKind !== "promoted") {
    throw new Error(`Unknown --heap-profile-kind: ${heapProfileKind}\n${USAGE}`);
  }
  const heapProfilePhase = values["heap-profile-phase"];
  if (heapProfilePhase !== "polling" && heapProfilePhase !== "creation") {
    throw new Error(`Unknown --heap-profile-phase: ${heapProfilePhase}\n${USAGE}`);
  }
  for (const dir of [profileDir, heapProfileDir]) if (dir) mkdirSync(dir, { recursive: true });
  return {
    selected: ALL.filter((name) => !only || only.includes(name)),
    // Profiling slows the bot down: figures from such a run show where time goes, not how much.
    nodeArgs: [
      ...(values["node-arg"] ?? []),
      ...(profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : []),
    ],
    profiled: profileDir !== undefined || heapProfileDir !== undefined,
    heapProfile: {
      dir: heapProfileDir,
      kind: heapProfileKind,
      phase: heapProfilePhase,
    } satisfies HeapProfileOption,
    strict: values.strict,
    soakSeconds: values.soak === undefined ? undefined : Number(values.soak),
    tsx: values.tsx,
  };
}

/** Each benchmark, sized as DESIGN §9 and issue 5 ask; together well under five minutes. */
function runners(
  launch: BotLaunch,
  referenceLaunch: BotLaunch,
  soakSeconds: number | undefined,
  heapProfile: HeapProfileOption,
): Record<BenchName, () => Promise<BenchOutcome>> {
  return {
    polls: () => benchPolls({ durationsSeconds: [30, 60, 120, 300] }),
    ledger: async () => benchLedger({ rounds: 15, reservationsPerRound: 1_000 }),
    "ledger-pg": () => benchLedgerPg({ reservations: 1_000, concurrency: 8 }),
    ack: () => benchAckBurst({ rounds: 11, burstSize: 200, launch, referenceLaunch }),
    "ack-pg": () => benchAckPg({ rounds: 5, burstSize: 50, launch }),
    "in-flight": () =>
      benchInFlight({
        jobs: 1_000,
        measureSeconds: 120,
        launch,
        soakSeconds,
        heapProfileDir: heapProfile.dir,
        heapProfileKind: heapProfile.kind,
        heapProfilePhase: heapProfile.phase,
      }),
    delivery: () => benchDelivery({ videos: 20, videoBytes: 8 * MIB, repetitions: 3, launch }),
  };
}

const NEEDS_BOT: readonly BenchName[] = ["ack", "ack-pg", "in-flight", "delivery"];

async function main(): Promise<void> {
  const options = parseOptions();
  const started = performance.now();
  const before = machine();
  const ticksBefore = readCpuTicks();
  const figures: Figure[] = [];
  const details: Record<string, unknown> = {};
  const built =
    options.tsx || !options.selected.some((name) => NEEDS_BOT.includes(name)) ? null : buildBot();
  if (built?.warnings)
    process.stderr.write(`tsc reported problems (built anyway):\n${built.warnings}\n`);
  const launch = withNodeArgs(built?.launch ?? TSX_LAUNCH, options.nodeArgs);
  const referenceLaunch = withNodeArgs(
    built?.referenceLaunch ?? REFERENCE_TSX_LAUNCH,
    options.nodeArgs,
  );
  const run = runners(launch, referenceLaunch, options.soakSeconds, options.heapProfile);
  try {
    for (const name of options.selected) {
      const benchStarted = performance.now();
      process.stderr.write(`• ${name}… `);
      const outcome = await run[name]();
      const seconds = round((performance.now() - benchStarted) / 1000, 1);
      process.stderr.write(`${seconds} s\n`);
      figures.push(...outcome.figures);
      details[name] = { seconds, ...outcome.details };
    }
  } finally {
    built?.remove();
  }
  const after = machine();
  const ticksAfter = readCpuTicks();
  const stolenPercent = round(
    (100 * (ticksAfter.stolen - ticksBefore.stolen)) /
      Math.max(1, ticksAfter.total - ticksBefore.total),
    1,
  );
  const totalSeconds = round((performance.now() - started) / 1000, 1);
  const header =
    `Seedance bot benchmarks — ${before.cores} cores (${before.cpuModel}), ${before.memoryGiB} GiB, ` +
    `Node ${before.node} (heap limit ${before.heapLimitMiB} MiB), ${before.platform}; ` +
    `load avg ${before.loadAverage1m.toFixed(2)} → ${after.loadAverage1m.toFixed(2)}; ` +
    `CPU stolen ${stolenPercent} %; ${totalSeconds} s; bot: ${launch.label}` +
    (before.nodeSupported ? "" : " — NODE OUTSIDE package.json ENGINES") +
    (options.profiled ? " — PROFILED, figures inflated" : "");
  process.stdout.write(`${renderTable(figures, header)}\n`);
  // A soak is its own long run: it keeps the full run's results.json as it is.
  writeResults(options.soakSeconds ? SOAK_RESULTS : RESULTS, {
    date: new Date().toISOString(),
    machine: {
      ...before,
      loadAverage1mAtEnd: after.loadAverage1m,
      cpuStolenPercent: stolenPercent,
    },
    totalSeconds,
    bot: launch.label,
    profiled: options.profiled,
    figures: figures.map((figure) => ({ ...figure, verdict: verdictOf(figure) || undefined })),
    details,
  });
  process.stderr.write(`Results written to ${options.soakSeconds ? SOAK_RESULTS : RESULTS}\n`);
  if (options.strict && figures.some((figure) => verdictOf(figure) === "MISSED")) {
    process.exitCode = 1;
  }
}

await main();
