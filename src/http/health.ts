import type Database from "better-sqlite3";
import type { Logger } from "pino";

export interface HealthReport {
  gatewayConnected: boolean;
  databaseWritable: boolean;
  jobsInFlight: number;
}

export interface HealthBody {
  status: "ok" | "unhealthy";
  gateway: "connected" | "disconnected";
  database: "writable" | "not writable";
  jobsInFlight: number;
  /** Present only when unhealthy: what an operator should look at, in words. */
  problems?: string[];
}

/** The /healthz answer: 200 when both the gateway and the database are fine, else 503. */
export function healthBody(report: HealthReport): { healthy: boolean; body: HealthBody } {
  const problems = [
    ...(report.gatewayConnected ? [] : ["Discord gateway disconnected"]),
    ...(report.databaseWritable ? [] : ["database not writable"]),
  ];
  const healthy = problems.length === 0;
  return {
    healthy,
    body: {
      status: healthy ? "ok" : "unhealthy",
      gateway: report.gatewayConnected ? "connected" : "disconnected",
      database: report.databaseWritable ? "writable" : "not writable",
      jobsInFlight: report.jobsInFlight,
      ...(healthy ? {} : { problems }),
    },
  };
}

/** How long a probe waits for another process's write lock; the bot's own busy_timeout is 5 s. */
const PROBE_BUSY_TIMEOUT_MS = 250;

/**
 * A cheap write probe: take the write lock and write one row, then roll back, so nothing changes
 * on disk. It proves the file is not read-only and the lock can be had, which is what a charge
 * needs. It answers false instead of throwing, and logs why (when given a logger). The busy
 * timeout is lowered for the probe so a health check can't block the event loop for seconds.
 */
export function checkDatabaseWritable(sqlite: Database.Database, logger?: Logger): boolean {
  try {
    probeWrite(sqlite);
    return true;
  } catch (error) {
    logger?.warn({ err: error }, "Database write probe failed");
    return false;
  }
}

function probeWrite(sqlite: Database.Database): void {
  const busyTimeout = Number(sqlite.pragma("busy_timeout", { simple: true }));
  sqlite.pragma(`busy_timeout = ${PROBE_BUSY_TIMEOUT_MS}`);
  try {
    sqlite.exec("BEGIN IMMEDIATE");
    try {
      sqlite
        .prepare("INSERT OR REPLACE INTO bot_state (key, value) VALUES ('health_probe', '')")
        .run();
    } finally {
      sqlite.exec("ROLLBACK");
    }
  } finally {
    sqlite.pragma(`busy_timeout = ${busyTimeout}`);
  }
}
