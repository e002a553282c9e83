import { expect } from "vitest";
import type { BotDatabase } from "../../src/db/client.js";
import type { ConcurrencyLimits } from "../../src/services/jobs/job-store.js";

/** The money invariants of issue #2, checked with plain SQL against whatever the code wrote. */
export function assertLedgerInvariants(database: BotDatabase, limits?: ConcurrencyLimits): void {
  const { sqlite } = database;

  const drift = sqlite
    .prepare(
      `SELECT g.id, g.balance, COALESCE(SUM(l.delta), 0) AS total FROM guilds g
       LEFT JOIN ledger_entries l ON l.guild_id = g.id GROUP BY g.id
       HAVING g.balance <> total OR g.balance < 0`,
    )
    .all();
  expect(drift, "cached balance equals the sum of entries and is never negative").toEqual([]);

  const badJobs = sqlite
    .prepare(
      `SELECT j.id, j.state, j.price,
         SUM(l.kind = 'charge') AS charges, SUM(l.kind = 'refund') AS refunds,
         COALESCE(SUM(CASE WHEN l.kind = 'charge' THEN -l.delta END), 0) AS charged,
         COALESCE(SUM(l.delta), 0) AS net
       FROM jobs j LEFT JOIN ledger_entries l ON l.job_id = j.id GROUP BY j.id
       HAVING charges <> 1 OR charged <> j.price OR refunds > 1 OR net > 0
         OR (j.state = 'refunded' AND (refunds <> 1 OR net <> 0))
         OR (j.state IN ('delivered', 'succeeded') AND refunds <> 0)`,
    )
    .all();
  expect(badJobs, "one charge of the price, at most one refund, never more back").toEqual([]);

  if (limits) {
    const overCap = sqlite
      .prepare(
        `SELECT guild_id, user_id, COUNT(*) AS active FROM jobs
         WHERE state IN ('reserved', 'submitted') GROUP BY guild_id, user_id
         HAVING active > ?`,
      )
      .all(limits.activeJobsPerUser);
    expect(overCap, "active jobs per member within the cap").toEqual([]);
    const guildOverCap = sqlite
      .prepare(
        `SELECT guild_id, COUNT(*) AS active FROM jobs
         WHERE state IN ('reserved', 'submitted') GROUP BY guild_id HAVING active > ?`,
      )
      .all(limits.activeJobsPerGuild);
    expect(guildOverCap, "active jobs per server within the cap").toEqual([]);
  }
}
