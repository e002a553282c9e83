import type { Job } from "../../db/schema.js";
import { createTurnBatcher } from "../../lib/turn-batcher.js";
import type { JobReservation } from "./job-types.js";
import type { PgJobStore } from "./pg-job-store.js";

/**
 * Group commit for reservations on PostgreSQL, as reservation-batcher.ts does for SQLite: the
 * reservations of one event-loop turn share one transaction (one fsync), each in its own
 * savepoint. A burst on one server queues on that server's row lock either way; one commit
 * instead of one each is what keeps a burst of 200 inside Discord's 3-second answer deadline.
 * If the commit itself fails (the connection dropped, say), nothing was charged.
 */
export function createPgReservationBatcher(
  store: Pick<PgJobStore, "reserveTogether" | "checkAffordable">,
) {
  const reserveInTurn = createTurnBatcher((reservations: readonly JobReservation[]) =>
    store.reserveTogether(reservations),
  );

  return {
    async reserve(reservation: JobReservation): Promise<Job> {
      // A server that can't pay is refused without waiting for the others' commit.
      await store.checkAffordable(reservation);
      return reserveInTurn(reservation);
    },
  };
}
