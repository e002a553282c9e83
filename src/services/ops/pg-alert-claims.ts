import { lte } from "../../db/drizzle/core.js";
import type { PgBotDatabase } from "../../db/pg/client.js";
import { operatorAlerts } from "../../db/pg/schema.js";
import type { Clock } from "../../lib/clock.js";
import type { AlertClaims } from "./operator-alerts.js";

/**
 * alert-claims.ts on PostgreSQL. Two processes claiming one key at once both reach the row; the
 * second waits for the first's row lock, then re-checks the WHERE against the time the first
 * stored, so only one of them gets a row back.
 */
export function createPgAlertClaims(database: PgBotDatabase, clock: Clock): AlertClaims {
  const { db } = database;
  return {
    async claimAlert(key, windowMs) {
      const now = clock.now();
      const claimed = await db
        .insert(operatorAlerts)
        .values({ key, sentAt: now })
        .onConflictDoUpdate({
          target: operatorAlerts.key,
          set: { sentAt: now },
          setWhere: lte(operatorAlerts.sentAt, now - windowMs),
        })
        .returning({ key: operatorAlerts.key });
      return claimed.length === 1;
    },
  };
}
