import pg from "pg";
import { startPostgresServer } from "../test/helpers/postgres-server.js";
import { measureBurst, type Side, startSide } from "./ack-burst.js";
import type { BurstResult } from "./ack-figures.js";
import type { BotLaunch } from "./bot-process.js";
import type { BenchOutcome, Figure } from "./report.js";
import { medianSummary, round } from "./stats.js";

export interface AckPgOptions {
  readonly rounds: number;
  readonly burstSize: number;
  readonly launch: BotLaunch;
}

type Outcomes = { accepted: BurstResult[]; refused: BurstResult[] };

/**
 * Issue 17: the acknowledgement burst with the bot on PostgreSQL (a throwaway local server,
 * fsync on) next to the same bot on SQLite, in one run, alternating which goes first. On
 * PostgreSQL each reservation is its own transaction (no group commit) and every read before
 * the reply is a round trip to the server.
 */
export async function benchAckPg(options: AckPgOptions): Promise<BenchOutcome> {
  const server = await startPostgresServer({ durable: true });
  const sides: Side[] = [];
  try {
    const admin = new pg.Client({ connectionString: server.url("postgres") });
    await admin.connect();
    await admin.query("CREATE DATABASE bench_ack");
    await admin.end();
    const sqlite = await startSide(options.launch, true);
    sides.push(sqlite);
    const postgres = await startSide(options.launch, true, {
      DATABASE_URL: server.url("bench_ack"),
    });
    sides.push(postgres);
    const results = new Map<Side, Outcomes>(
      sides.map((side) => [side, { accepted: [], refused: [] }]),
    );
    for (const side of sides) await measureBurst(side, options.burstSize, true); // warm-up
    for (let index = 0; index < options.rounds; index++) {
      const order = index % 2 === 0 ? [sqlite, postgres] : [postgres, sqlite];
      for (const accepted of [true, false]) {
        for (const side of order) {
          results
            .get(side)
            ?.[accepted ? "accepted" : "refused"].push(
              await measureBurst(side, options.burstSize, accepted),
            );
        }
      }
    }
    const ofSqlite = results.get(sqlite) as Outcomes;
    const ofPostgres = results.get(postgres) as Outcomes;
    return {
      figures: [
        ...figures("accepted /video", ofSqlite.accepted, ofPostgres.accepted),
        ...figures("refusals", ofSqlite.refused, ofPostgres.refused),
      ],
      details: {
        rounds: options.rounds,
        burstSize: options.burstSize,
        sqlite: ofSqlite,
        postgres: ofPostgres,
      },
    };
  } finally {
    await Promise.all(sides.map((side) => side.harness.close()));
    await server.stop();
  }
}

function figures(what: string, sqlite: BurstResult[], postgres: BurstResult[]): Figure[] {
  const onSqlite = medianSummary(sqlite.map((run) => run.summary));
  const onPostgres = medianSummary(postgres.map((run) => run.summary));
  const benchmark = `ack on PostgreSQL vs SQLite (${what})`;
  return (["p50", "p99"] as const).flatMap((key) => [
    { benchmark, metric: `SQLite ${key}`, value: round(onSqlite[key], 1), unit: "ms" },
    { benchmark, metric: `PostgreSQL ${key}`, value: round(onPostgres[key], 1), unit: "ms" },
    {
      benchmark,
      metric: `PostgreSQL ÷ SQLite ${key}`,
      value: round(onPostgres[key] / onSqlite[key], 2),
      unit: "×",
    },
  ]);
}
