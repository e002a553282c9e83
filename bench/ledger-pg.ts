import pg from "pg";
import { openPostgres } from "../src/db/pg/client.js";
import { MAX_TOP_UP } from "../src/domain/credits.js";
import { systemClock } from "../src/lib/clock.js";
import type { JobReservation } from "../src/services/jobs/job-store.js";
import { reservation } from "../test/helpers/jobs.js";
import { createPgCredits } from "../test/helpers/pg-jobs.js";
import { startPostgresServer } from "../test/helpers/postgres-server.js";
import type { BenchOutcome } from "./report.js";
import { median, round } from "./stats.js";

export interface PgLedgerBenchOptions {
  readonly reservations: number;
  /** Reservations in flight at once in the concurrent runs (one connection each). */
  readonly concurrency: number;
}

const GUILDS = 500;
const NO_CAP = { activeJobsPerGuild: Number.MAX_SAFE_INTEGER, activeJobsPerUser: 1e9 };
const guildId = (index: number) => String(700_000_000_000_000_000n + BigInt(index % GUILDS));

/**
 * Reservations per second on PostgreSQL, next to benchLedger's SQLite figures: a throwaway local
 * server with fsync on (as SQLite's synchronous=FULL), one reservation at a time, several at
 * once over many servers, and several at once on one server (where the row lock serialises).
 */
export async function benchLedgerPg(options: PgLedgerBenchOptions): Promise<BenchOutcome> {
  const server = await startPostgresServer({ durable: true });
  try {
    const admin = new pg.Client({ connectionString: server.url("postgres") });
    await admin.connect();
    await admin.query("CREATE DATABASE bench");
    await admin.end();
    const database = await openPostgres(server.url("bench"), {
      maxConnections: options.concurrency,
    });
    try {
      return await measure(database, options);
    } finally {
      await database.close();
    }
  } finally {
    await server.stop();
  }
}

async function measure(
  database: Awaited<ReturnType<typeof openPostgres>>,
  options: PgLedgerBenchOptions,
): Promise<BenchOutcome> {
  const { ledger, jobs } = createPgCredits(database, systemClock, NO_CAP);
  for (let index = 0; index < GUILDS; index++) {
    await ledger.topUp({ guildId: guildId(index), amount: MAX_TOP_UP, actorId: "bench" });
  }
  let sequence = 0;
  const next = (sameGuild: boolean): JobReservation => {
    sequence += 1;
    return reservation({
      guildId: guildId(sameGuild ? 0 : sequence),
      userId: String(800_000_000_000_000_000n + BigInt(sequence)),
    });
  };
  const latencies: number[] = [];
  const run = async (inFlight: number, sameGuild: boolean) => {
    const started = performance.now();
    const lane = async () => {
      for (let i = 0; i < options.reservations / inFlight; i++) {
        const input = next(sameGuild);
        const began = performance.now();
        await jobs.reserve(input);
        if (inFlight === 1) latencies.push(performance.now() - began);
      }
    };
    await Promise.all(Array.from({ length: inFlight }, lane));
    return round(options.reservations / ((performance.now() - started) / 1000), 0);
  };

  await run(options.concurrency, false); // warms the pool, the JIT and the server's caches
  latencies.length = 0;
  const sequential = await run(1, false);
  const spread = await run(options.concurrency, false);
  const oneGuild = await run(options.concurrency, true);
  const benchmark = "2b ledger on PostgreSQL";
  const unit = "res/s";
  return {
    figures: [
      { benchmark, metric: "reserve, one at a time", value: sequential, unit },
      {
        benchmark,
        metric: "reserve, median latency",
        value: round(median(latencies), 2),
        unit: "ms",
      },
      {
        benchmark,
        metric: `reserve, ${options.concurrency} at once, many servers`,
        value: spread,
        unit,
      },
      {
        benchmark,
        metric: `reserve, ${options.concurrency} at once, one server`,
        value: oneGuild,
        unit,
      },
    ],
    details: { ...options, guilds: GUILDS, fsync: "on", synchronousCommit: "on" },
  };
}
