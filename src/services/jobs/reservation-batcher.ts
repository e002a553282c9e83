import type { BotDatabase } from "../../db/client.js";
import type { Job } from "../../db/schema.js";
import { immediateTransaction } from "../../db/transaction.js";
import { DatabaseBusyError } from "../credits/refusals.js";
import type { JobReservation, JobStore } from "./job-store.js";

/** better-sqlite3's error for a lock still held after busy_timeout. */
const isBusy = (error: unknown) =>
  error instanceof Error && (error as { code?: unknown }).code === "SQLITE_BUSY";

interface Pending {
  readonly reservation: JobReservation;
  resolve(job: Job): void;
  reject(error: unknown): void;
}

type Outcome = { ok: true; job: Job } | { ok: false; error: unknown };

export type ReservationBatcher = ReturnType<typeof createReservationBatcher>;

/**
 * Group commit for reservations. Every reservation that arrives in the same event-loop turn
 * shares one `BEGIN IMMEDIATE … COMMIT`, so a burst of commands pays for one fsync instead of
 * one each; that fsync was most of an acknowledgement's cost. Each reservation still runs its
 * checks and writes atomically in a savepoint of its own, so a refusal rolls back only itself,
 * and nothing waits on the network: the wait is one turn of the event loop.
 */
export function createReservationBatcher(database: BotDatabase, store: JobStore) {
  let pending: Pending[] = [];

  function attempt(reservation: JobReservation): Outcome {
    try {
      return { ok: true, job: store.reserve(reservation) };
    } catch (error) {
      return { ok: false, error };
    }
  }

  function flush(): void {
    const batch = pending;
    pending = [];
    let outcomes: Outcome[];
    try {
      outcomes = immediateTransaction(database, () =>
        batch.map((item) => attempt(item.reservation)),
      );
    } catch (error) {
      // The commit itself failed (disk full, the lock held elsewhere): nothing was charged.
      const refusal = isBusy(error) ? new DatabaseBusyError() : error;
      for (const item of batch) item.reject(refusal);
      return;
    }
    batch.forEach((item, index) => {
      const outcome = outcomes[index];
      if (outcome?.ok) item.resolve(outcome.job);
      else item.reject(outcome?.error);
    });
  }

  return {
    reserve(reservation: JobReservation): Promise<Job> {
      // The usual refusal needs no commit: its answer doesn't wait for the others' (issue 16).
      try {
        store.checkAffordable(reservation);
      } catch (error) {
        return Promise.reject(error);
      }
      return new Promise((resolve, reject) => {
        pending.push({ reservation, resolve, reject });
        if (pending.length === 1) setImmediate(flush);
      });
    },
  };
}
