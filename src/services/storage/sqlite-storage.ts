import type { Logger } from "pino";
import { type BotDatabase, openDatabase } from "../../db/client.js";
import { checkDatabaseWritable } from "../../db/write-probe.js";
import { asynchronous } from "../../lib/async.js";
import type { Clock } from "../../lib/clock.js";
import { createLedger } from "../credits/ledger.js";
import { createJobStore } from "../jobs/job-store.js";
import type { ConcurrencyLimits } from "../jobs/job-types.js";
import { commitReservations, createReservationBatcher } from "../jobs/reservation-batcher.js";
import { createAlertClaims } from "../ops/alert-claims.js";
import { createSettingsStore } from "../settings/settings-store.js";
import { sqliteBotState } from "./bot-state.js";
import { startReservationThread } from "./reservation-thread-client.js";
import type { Storage } from "./storage.js";

export interface SqliteStorage extends Storage {
  readonly kind: "sqlite";
  /** The open file, for what only SQLite has: backups and the file-replaced check. */
  readonly database: BotDatabase;
}

/**
 * The default store: one SQLite file, opened (and migrated) here. Its stores are synchronous, so
 * each call commits before it returns; the port only wraps the results in promises. New jobs'
 * reservations, the one write a burst of commands makes, commit on a thread of their own
 * (unless SQLITE_RESERVATION_THREAD=false: then on the event loop, the same group commit).
 */
export async function openSqliteStorage(
  path: string,
  clock: Clock,
  options: { readonly limits: ConcurrencyLimits; readonly reservationThread: boolean },
  logger: Logger,
): Promise<SqliteStorage> {
  const { limits } = options;
  const database = openDatabase(path);
  const ledger = createLedger(database, clock);
  const jobs = createJobStore(database, ledger, clock, limits, logger);
  const thread = options.reservationThread
    ? await startReservationThread({ path, limits }, logger)
    : null;
  const reservations = createReservationBatcher(jobs, (batch) =>
    thread ? thread.commit(batch, clock.now()) : commitReservations(database, jobs, batch),
  );
  return {
    kind: "sqlite",
    database,
    jobs: asynchronous(jobs),
    ledger: asynchronous(ledger),
    settings: asynchronous(createSettingsStore(database, clock)),
    botState: sqliteBotState(database.db),
    alerts: createAlertClaims(database, clock),
    cluster: null,
    reserve: (reservation) => reservations.reserve(reservation),
    problem: () => database.fileProblem() ?? thread?.problem() ?? null,
    writable: async () => checkDatabaseWritable(database.sqlite, logger),
    close: async () => {
      await thread?.close();
      database.close();
    },
  };
}
