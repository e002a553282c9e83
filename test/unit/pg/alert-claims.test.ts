import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openPostgres } from "../../../src/db/pg/client.js";
import { createAlertClaims } from "../../../src/services/ops/alert-claims.js";
import type { AlertClaims } from "../../../src/services/ops/operator-alerts.js";
import { createPgAlertClaims } from "../../../src/services/ops/pg-alert-claims.js";
import { ManualClock } from "../../helpers/clock.js";
import { openTempDatabase } from "../../helpers/database.js";
import { openTempPostgres } from "../../helpers/pg-database.js";

const WINDOW_MS = 3_600_000;

interface Claims {
  readonly claims: AlertClaims;
  /** Claims from another process's connections to the same database. */
  another(): Promise<AlertClaims>;
  dispose(): Promise<void>;
}

const DATABASES = {
  async sqlite(clock: ManualClock): Promise<Claims> {
    const database = openTempDatabase();
    return {
      claims: createAlertClaims(database, clock),
      another: async () => createAlertClaims(database, clock),
      dispose: async () => database.dispose(),
    };
  },
  async postgresql(clock: ManualClock): Promise<Claims> {
    const database = await openTempPostgres();
    const others: { close(): Promise<void> }[] = [];
    return {
      claims: createPgAlertClaims(database, clock),
      async another() {
        const other = await openPostgres(database.url, { maxConnections: 4 });
        others.push(other);
        return createPgAlertClaims(other, clock);
      },
      async dispose() {
        await Promise.all(others.map((other) => other.close()));
        await database.dispose();
      },
    };
  },
};

describe.each(Object.keys(DATABASES) as (keyof typeof DATABASES)[])(
  "operator alert claims on %s",
  (kind) => {
    let clock: ManualClock;
    let stored: Claims;

    beforeEach(async () => {
      clock = new ManualClock();
      stored = await DATABASES[kind](clock);
    });
    afterEach(() => stored.dispose());

    it("lets one caller send an alert per window, each key on its own clock", async () => {
      const { claims } = stored;
      expect(await claims.claimAlert("owner-dm:INVALID_API_KEY", WINDOW_MS)).toBe(true);
      expect(await claims.claimAlert("owner-dm:INSUFFICIENT_CREDITS", WINDOW_MS)).toBe(true);
      clock.advance(WINDOW_MS - 1);
      expect(await claims.claimAlert("owner-dm:INVALID_API_KEY", WINDOW_MS)).toBe(false);
      clock.advance(1);
      expect(await claims.claimAlert("owner-dm:INVALID_API_KEY", WINDOW_MS)).toBe(true);
      // The refused claim moved nothing: the window runs from the last sending.
      clock.advance(WINDOW_MS - 1);
      expect(await claims.claimAlert("owner-dm:INVALID_API_KEY", WINDOW_MS)).toBe(false);
    });

    it("gives one alert to one of many callers claiming it at once", async () => {
      const callers = [stored.claims, await stored.another(), await stored.another()];
      for (const round of [1, 2]) {
        const won = await Promise.all(
          callers.flatMap((claims) =>
            [1, 2, 3, 4].map(() => claims.claimAlert("owner-dm:INVALID_API_KEY", WINDOW_MS)),
          ),
        );
        expect(won.filter(Boolean), `round ${round}`).toHaveLength(1);
        clock.advance(WINDOW_MS);
      }
    });
  },
);
