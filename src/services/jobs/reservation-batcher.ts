import type { BotDatabase } from "../../db/client.js";
import type { Job } from "../../db/schema.js";
import { immediateTransaction } from "../../db/transaction.js";
import { createTurnBatcher, type Settled } from "../../lib/turn-batcher.js";
import { DatabaseBusyError } from "../credits/refusals.js";
import type { JobReservation, JobStore } from "./job-store.js";

/** better-sqlite3's error for a lock still held after busy_timeout. */
const isBusy = (error: unknown) =>
  error instanceof Error && (error as { code?: unknown }).code === "SQLITE_BUSY";

export type ReservationBatcher = ReturnType<typeof createReservationBatcher>;

/**
 * Group commit for reservations. Every reservation that arrives in the same event-loop turn
 * shares one `BEGIN IMMEDIATE … COMMIT`, so a burst of commands pays for one fsync instead of
 * one each; that fsync was most of an acknowledgement's cost. Each reservation still runs its
 * checks and writes atomically in a savepoint of its own, so a refusal rolls back only itself,
 * and nothing waits on the network: the wait is one turn of the event loop.
 */
export function createReservationBatcher(database: BotDatabase, store: JobStore) {
  function attempt(reservation: JobReservation): Settled<Job> {
    try {
      return { ok: true, value: store.reserve(reservation) };
    } catch (error) {
      return { ok: false, error };
    }
  }

  const reserveInTurn = createTurnBatcher((reservations: readonly JobReservation[]) => {
    try {
      return immediateTransaction(database, () => reservations.map(attempt));
    } catch (error) {
      // The commit itself failed (disk full, the lock held elsewhere): nothing was charged.
      throw isBusy(error) ? new DatabaseBusyError() : error;
    }
  });

  return {
    reserve(reservation: JobReservation): Promise<Job> {
      // The usual refusal needs no commit: its answer doesn't wait for the others' (issue 16).
      try {
        store.checkAffordable(reservation);
      } catch (error) {
        return Promise.reject(error);
      }
      return reserveInTurn(reservation);
    },
  };
}
