import type { Logger } from "pino";
import { openPostgres } from "../../db/pg/client.js";
import { openJobWakeups } from "../../db/pg/job-wakeups.js";
import { checkPgWritable } from "../../db/pg/write-probe.js";
import type { Clock } from "../../lib/clock.js";
import { createPgLedger } from "../credits/pg-ledger.js";
import type { ConcurrencyLimits } from "../jobs/job-store.js";
import { createPgJobLeases, type LeaseOptions, type PgJobLeases } from "../jobs/pg-job-leases.js";
import { createPgJobStore } from "../jobs/pg-job-store.js";
import { createPgReservationBatcher } from "../jobs/pg-reservation-batcher.js";
import { createPgAlertClaims } from "../ops/pg-alert-claims.js";
import { createPgSettingsStore } from "../settings/pg-settings-store.js";
import { pgBotState } from "./bot-state.js";
import type { Cluster, Storage } from "./storage.js";

export interface PgStorageOptions {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly limits: ConcurrencyLimits;
  /** This process's lease holder id and lease length (pg-job-leases.ts). */
  readonly lease: LeaseOptions;
  /** Connections this process may hold (openPostgres' default when left out). */
  readonly maxConnections?: number;
}

/** The storage on PostgreSQL, with the job leases the app renews while it runs. */
export interface PgStorage extends Storage {
  readonly kind: "postgresql";
  readonly cluster: Cluster & { readonly leases: PgJobLeases };
}

/**
 * Everything the bot keeps, on PostgreSQL (issue 17): opens the pool (migrating the database
 * as it does), then builds each store on it. The job store moves only the jobs this process
 * holds the lease of; the leases themselves are the app's to claim, renew and release.
 */
export async function createPgStorage(url: string, options: PgStorageOptions): Promise<PgStorage> {
  const { clock, logger, limits, lease } = options;
  const database = await openPostgres(url, {
    maxConnections: options.maxConnections,
    onIdleError: (error) => logger.error({ err: error }, "An idle PostgreSQL connection failed"),
  });
  const ledger = createPgLedger(database, clock);
  const jobs = createPgJobStore(database, ledger, clock, { limits, logger, lease });
  const reservations = createPgReservationBatcher(jobs);
  return {
    kind: "postgresql",
    jobs,
    ledger,
    settings: createPgSettingsStore(database, clock),
    botState: pgBotState(database.db),
    alerts: createPgAlertClaims(database, clock),
    cluster: {
      processId: lease.owner,
      leases: createPgJobLeases(database, clock, lease),
      openWakeups: (onWakeup) => openJobWakeups(database.pool, onWakeup, logger),
    },
    reserve: (reservation) => reservations.reserve(reservation),
    problem: () => null,
    writable: () => checkPgWritable(database, logger),
    close: () => database.close(),
  };
}
