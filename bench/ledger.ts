import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { openDatabase } from "../src/db/client.js";
import { MAX_TOP_UP } from "../src/domain/credits.js";
import { systemClock } from "../src/lib/clock.js";
import { createLedger } from "../src/services/credits/ledger.js";
import { prepareLedgerStatements } from "../src/services/credits/ledger-statements.js";
import { prepareJobStatements } from "../src/services/jobs/job-statements.js";
import { createJobStore, type JobReservation } from "../src/services/jobs/job-store.js";
import { reservation } from "../test/helpers/jobs.js";
import { prepareBareReservation } from "./ledger-bare.js";
import type { BenchOutcome } from "./report.js";
import { median, round } from "./stats.js";

export interface LedgerBenchOptions {
  readonly rounds: number;
  readonly reservationsPerRound: number;
}

/**
 * Spread over many servers and members so each server holds a realistic handful of active jobs:
 * the cap check counts a server's active jobs, and in production the cap keeps that count small.
 */
const GUILDS = 500;
const USERS_PER_GUILD = 20;
const NO_CAP = { activeJobsPerGuild: Number.MAX_SAFE_INTEGER, activeJobsPerUser: 1e9 };

interface Round {
  readonly drizzlePerSecond: number;
  readonly barePerSecond: number;
  /** Drizzle's time over bare time for the same number of reservations. */
  readonly ratio: number;
}

const roundedRound = (r: Round): Round => ({
  drizzlePerSecond: round(r.drizzlePerSecond, 0),
  barePerSecond: round(r.barePerSecond, 0),
  ratio: round(r.ratio, 3),
});

const guildId = (index: number) => String(700_000_000_000_000_000n + BigInt(index % GUILDS));
const userId = (index: number) =>
  String(800_000_000_000_000_000n + BigInt(index % (GUILDS * USERS_PER_GUILD)));

/** Reservations per second: the drizzle ledger against the same transaction on bare SQLite. */
export function benchLedger(options: LedgerBenchOptions): BenchOutcome {
  const folder = mkdtempSync(join(tmpdir(), "seedance-bot-bench-ledger-"));
  const database = openDatabase(join(folder, "bot.db"));
  try {
    const ledger = createLedger(database, systemClock);
    const jobs = createJobStore(database, ledger, systemClock, NO_CAP, pino({ level: "silent" }));
    const bare = prepareBareReservation(
      database.sqlite,
      prepareLedgerStatements(database.db),
      prepareJobStatements(database.db),
      NO_CAP,
    );
    bare.checkParameters(reservation());
    for (let index = 0; index < GUILDS; index++) {
      ledger.topUp({ guildId: guildId(index), amount: MAX_TOP_UP, actorId: "bench" });
    }

    let sequence = 0;
    const next = (): JobReservation => {
      sequence += 1;
      return reservation({
        guildId: guildId(sequence),
        userId: userId(sequence),
        interactionToken: `token-${sequence}`,
      });
    };
    const timeBatch = (reserve: (r: JobReservation) => unknown): number => {
      // Inputs are built before the clock starts: only the reservation itself is timed.
      const inputs = Array.from({ length: options.reservationsPerRound }, next);
      const started = performance.now();
      for (const input of inputs) reserve(input);
      return (performance.now() - started) / 1000;
    };
    const drizzleRun = (r: JobReservation) => jobs.reserve(r);

    // One untimed round of each warms the JIT and SQLite's page cache.
    timeBatch(drizzleRun);
    timeBatch(bare.reserve);
    const runRounds = () => {
      const rounds: Round[] = [];
      for (let index = 0; index < options.rounds; index++) {
        // ABBA order: whichever goes second in a round gets a warmer cache, so alternate.
        const drizzleFirst = index % 2 === 0;
        const first = timeBatch(drizzleFirst ? drizzleRun : bare.reserve);
        const second = timeBatch(drizzleFirst ? bare.reserve : drizzleRun);
        const [drizzleSeconds, bareSeconds] = drizzleFirst ? [first, second] : [second, first];
        rounds.push({
          drizzlePerSecond: options.reservationsPerRound / drizzleSeconds,
          barePerSecond: options.reservationsPerRound / bareSeconds,
          ratio: drizzleSeconds / bareSeconds,
        });
      }
      return rounds;
    };
    const rounds = runRounds();
    // Informational: without the fsync that dominates each commit, what is left is CPU, and
    // the ratio shows the ORM's own overhead. The target applies to the real setting above.
    database.sqlite.pragma("synchronous = OFF");
    const cpuOnly = runRounds();
    database.sqlite.pragma("synchronous = FULL");

    const drizzlePerSecond = median(rounds.map((r) => r.drizzlePerSecond));
    const barePerSecond = median(rounds.map((r) => r.barePerSecond));
    const ratio = median(rounds.map((r) => r.ratio));
    const cpuOnlyRatio = median(cpuOnly.map((r) => r.ratio));
    const benchmark = "2 ledger";
    return {
      figures: [
        { benchmark, metric: "reserveForJob", value: round(drizzlePerSecond, 0), unit: "res/s" },
        { benchmark, metric: "bare better-sqlite3", value: round(barePerSecond, 0), unit: "res/s" },
        {
          benchmark,
          metric: "cost ratio (median of rounds)",
          value: round(ratio, 2),
          unit: "×",
          target: { below: 2, inclusive: true },
        },
        {
          benchmark,
          metric: `cost ratio, fsync off (CPU only: ${round(median(cpuOnly.map((r) => r.drizzlePerSecond)), 0)} vs ${round(median(cpuOnly.map((r) => r.barePerSecond)), 0)} res/s)`,
          value: round(cpuOnlyRatio, 2),
          unit: "×",
        },
      ],
      details: {
        reservationsPerRound: options.reservationsPerRound,
        guilds: GUILDS,
        pragmas: {
          journalMode: database.sqlite.pragma("journal_mode", { simple: true }),
          synchronous: database.sqlite.pragma("synchronous", { simple: true }),
        },
        rounds: rounds.map(roundedRound),
        cpuOnlyRounds: cpuOnly.map(roundedRound),
      },
    };
  } finally {
    database.close();
    rmSync(folder, { recursive: true, force: true });
  }
}
