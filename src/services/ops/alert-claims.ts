import type { BotDatabase } from "../../db/client.js";
import { lte } from "../../db/drizzle/core.js";
import { operatorAlerts } from "../../db/schema.js";
import { asynchronous } from "../../lib/async.js";
import type { Clock } from "../../lib/clock.js";
import type { AlertClaims } from "./operator-alerts.js";

/**
 * Operator alert de-duplication in SQLite's `operator_alerts`. One statement decides: the row is
 * inserted, or its time moved on only when the last sending is a window old, and RETURNING says
 * whether this caller was the one that did it.
 */
export function createAlertClaims(database: BotDatabase, clock: Clock): AlertClaims {
  const { db } = database;
  return asynchronous({
    claimAlert(key: string, windowMs: number): boolean {
      const now = clock.now();
      const claimed = db
        .insert(operatorAlerts)
        .values({ key, sentAt: now })
        .onConflictDoUpdate({
          target: operatorAlerts.key,
          set: { sentAt: now },
          setWhere: lte(operatorAlerts.sentAt, now - windowMs),
        })
        .returning({ key: operatorAlerts.key })
        .all();
      return claimed.length === 1;
    },
  });
}
