import type { Job } from "../../db/schema.js";
import type { JobReservation } from "./job-types.js";
import type { PgJobStore } from "./pg-job-store.js";

interface Pending {
  readonly reservation: JobReservation;
  resolve(job: Job): void;
  reject(error: unknown): void;
}

/**
 * Group commit for reservations on PostgreSQL, as reservation-batcher.ts does for SQLite: the
 * reservations of one event-loop turn share one transaction (one fsync), each in its own
 * savepoint. A burst on one server queues on that server's row lock either way; one commit
 * instead of one each is what keeps a burst of 200 inside Discord's 3-second answer deadline.
 */
export function createPgReservationBatcher(
  store: Pick<PgJobStore, "reserveTogether" | "checkAffordable">,
) {
  let pending: Pending[] = [];

  async function flush(): Promise<void> {
    const batch = pending;
    pending = [];
    try {
      const outcomes = await store.reserveTogether(batch.map((item) => item.reservation));
      batch.forEach((item, index) => {
        const outcome = outcomes[index];
        if (outcome?.ok) item.resolve(outcome.job);
        else item.reject(outcome?.error);
      });
    } catch (error) {
      // The commit itself failed (the connection dropped, say): nothing was charged.
      for (const item of batch) item.reject(error);
    }
  }

  return {
    async reserve(reservation: JobReservation): Promise<Job> {
      // A server that can't pay is refused without waiting for the others' commit.
      await store.checkAffordable(reservation);
      return new Promise((resolve, reject) => {
        pending.push({ reservation, resolve, reject });
        if (pending.length === 1) setImmediate(() => void flush());
      });
    },
  };
}
