import { openPostgres } from "../../src/db/pg/client.js";
import type { ConcurrencyLimits } from "../../src/services/jobs/job-store.js";
import { adminQuery, createTestDatabase, databaseUrl } from "../helpers/pg-database.js";
import { assertPgLedgerInvariants } from "../helpers/pg-invariants.js";

export interface E2ePostgres {
  /** The bot processes' DATABASE_URL. */
  readonly url: string;
  /** `{ DATABASE_URL }`, to spread into a harness's `env`. */
  readonly env: { readonly DATABASE_URL: string };
  /** The money invariants (and the caps, when given) on what the bots wrote. */
  checkLedger(limits?: ConcurrencyLimits): Promise<void>;
  /** Drops the database, cutting any connection a killed bot left behind. */
  dispose(): Promise<void>;
}

/**
 * A database of its own on the test run's PostgreSQL server (vitest globalSetup) for bot
 * processes to share. `migrated: false` leaves it empty, so the bots' start-up migrates it, all
 * at once as a scaled-out deployment's first start does.
 */
export async function createPostgresDatabase(
  options: { migrated?: boolean } = {},
): Promise<E2ePostgres> {
  const name = await createTestDatabase(options.migrated === false);
  const url = databaseUrl(name);
  return {
    url,
    env: { DATABASE_URL: url },
    async checkLedger(limits) {
      const database = await openPostgres(url, { maxConnections: 1 });
      try {
        await assertPgLedgerInvariants(database, limits);
      } finally {
        await database.close();
      }
    },
    dispose: () => adminQuery(`DROP DATABASE ${name} WITH (FORCE)`),
  };
}
