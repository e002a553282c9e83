import type Database from "better-sqlite3";
import type { Logger } from "pino";

/** How long a probe waits for another process's write lock; shorter than the bot's own busy_timeout. */
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
