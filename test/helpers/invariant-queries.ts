import { ACTIVE_JOB_STATES } from "../../src/domain/job-states.js";

/**
 * The money invariants of issue #2 as plain SQL that SQLite and PostgreSQL both run, so the
 * same checks hold whichever store wrote the rows. Each query lists the rows that break one.
 */
const count = (condition: string) => `SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END)`;
const active = `state IN (${ACTIVE_JOB_STATES.map((state) => `'${state}'`).join(", ")})`;

export const BALANCE_DRIFT = `
  SELECT * FROM (
    SELECT g.id, g.balance, COALESCE(SUM(l.delta), 0) AS total FROM guilds g
    LEFT JOIN ledger_entries l ON l.guild_id = g.id GROUP BY g.id, g.balance
  ) AS t WHERE balance <> total OR balance < 0`;

export const BAD_JOBS = `
  SELECT * FROM (
    SELECT j.id, j.state, j.price,
      ${count("l.kind = 'charge'")} AS charges, ${count("l.kind = 'refund'")} AS refunds,
      COALESCE(SUM(CASE WHEN l.kind = 'charge' THEN -l.delta END), 0) AS charged,
      COALESCE(SUM(l.delta), 0) AS net
    FROM jobs j LEFT JOIN ledger_entries l ON l.job_id = j.id GROUP BY j.id, j.state, j.price
  ) AS t
  WHERE charges <> 1 OR charged <> price OR refunds > 1 OR net > 0
    OR (state = 'refunded' AND (refunds <> 1 OR net <> 0))
    OR (state IN ('delivered', 'succeeded') AND refunds <> 0)`;

const atMost = (limit: number) => {
  if (!Number.isSafeInteger(limit)) throw new TypeError(`Not a cap: ${limit}`);
  return limit;
};

export const membersOverCap = (limit: number) => `
  SELECT guild_id, user_id, COUNT(*) AS active FROM jobs WHERE ${active}
  GROUP BY guild_id, user_id HAVING COUNT(*) > ${atMost(limit)}`;

export const guildsOverCap = (limit: number) => `
  SELECT guild_id, COUNT(*) AS active FROM jobs WHERE ${active}
  GROUP BY guild_id HAVING COUNT(*) > ${atMost(limit)}`;
