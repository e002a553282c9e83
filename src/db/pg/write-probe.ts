import type { Logger } from "pino";
import type { PgBotDatabase } from "./client.js";

/** How long the probe waits for a row lock another transaction holds. */
const PROBE_LOCK_TIMEOUT_MS = 250;
/** How long it waits in all, a free pooled connection included: a health check must answer. */
const PROBE_TIMEOUT_MS = 2_000;

/**
 * write-probe.ts on PostgreSQL: one write in a transaction that is rolled back, so nothing
 * changes. It proves what a charge needs and a `SELECT 1` would not: the server is reachable
 * and a primary (a standby or a read-only database refuses the write), the bot's role may write,
 * and a row lock can be had. Answers false instead of throwing, and logs why.
 */
export async function checkPgWritable(database: PgBotDatabase, logger?: Logger): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<Error>((resolve) => {
    timer = setTimeout(
      () => resolve(new Error(`No write within ${PROBE_TIMEOUT_MS} ms`)),
      PROBE_TIMEOUT_MS,
    );
  });
  // Settles either way, so a probe that loses the race still ends (freeing its connection)
  // without an unhandled rejection.
  const probe = probeWrite(database).then(
    () => null,
    (error: unknown) => error,
  );
  const failure = await Promise.race([probe, timedOut]);
  clearTimeout(timer);
  if (failure === null) return true;
  logger?.warn({ err: failure }, "Database write probe failed");
  return false;
}

async function probeWrite(database: PgBotDatabase): Promise<void> {
  const client = await database.pool.connect();
  try {
    await client.query("BEGIN");
    try {
      await client.query(`SET LOCAL lock_timeout = ${PROBE_LOCK_TIMEOUT_MS}`);
      await client.query(
        "INSERT INTO bot_state (key, value) VALUES ('health_probe', '') " +
          "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      );
    } finally {
      await client.query("ROLLBACK");
    }
  } finally {
    client.release();
  }
}
