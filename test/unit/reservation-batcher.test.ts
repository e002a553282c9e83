import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Ledger } from "../../src/services/credits/ledger.js";
import { InsufficientCreditsError } from "../../src/services/credits/refusals.js";
import type { JobStore } from "../../src/services/jobs/job-store.js";
import {
  commitReservations,
  createReservationBatcher,
} from "../../src/services/jobs/reservation-batcher.js";
import { ManualClock } from "../helpers/clock.js";
import { openTempDatabase, type TempDatabase } from "../helpers/database.js";
import { assertLedgerInvariants } from "../helpers/invariants.js";
import { ADMIN_ID, createCredits, GUILD_ID, reservation } from "../helpers/jobs.js";

describe("reservation batcher", () => {
  let database: TempDatabase;
  let ledger: Ledger;
  let jobs: JobStore;

  beforeEach(() => {
    database = openTempDatabase();
    ({ ledger, jobs } = createCredits(database, new ManualClock(), {
      activeJobsPerGuild: 50,
      activeJobsPerUser: 50,
    }));
  });
  afterEach(() => {
    assertLedgerInvariants(database);
    database.dispose();
  });

  it("commits a burst together, refusing only the reservations the balance can't cover", async () => {
    ledger.topUp({ guildId: GUILD_ID, amount: 28 * 2 + 10, actorId: ADMIN_ID });
    const batcher = createReservationBatcher(jobs, (batch) =>
      commitReservations(database, jobs, batch),
    );
    const outcomes = await Promise.allSettled([1, 2, 3].map(() => batcher.reserve(reservation())));

    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      "fulfilled",
      "fulfilled",
      "rejected",
    ]);
    const refusal = outcomes[2];
    expect(refusal?.status === "rejected" && refusal.reason).toBeInstanceOf(
      InsufficientCreditsError,
    );
    expect(ledger.balance(GUILD_ID)).toBe(10);
  });

  it("refuses a server that can't afford the job without waiting for the batch's commit", async () => {
    ledger.topUp({ guildId: GUILD_ID, amount: 10, actorId: ADMIN_ID });
    const batcher = createReservationBatcher(jobs, (batch) =>
      commitReservations(database, jobs, batch),
    );
    // The batch commits on a later turn of the event loop; the refusal comes before any turn.
    let turned = false;
    setImmediate(() => {
      turned = true;
    });
    const error = await batcher.reserve(reservation()).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(InsufficientCreditsError);
    expect(turned).toBe(false);
    expect(ledger.balance(GUILD_ID)).toBe(10);
  });

  it("starts a new batch for reservations made after a flush", async () => {
    ledger.topUp({ guildId: GUILD_ID, amount: 100, actorId: ADMIN_ID });
    const batcher = createReservationBatcher(jobs, (batch) =>
      commitReservations(database, jobs, batch),
    );
    const first = await batcher.reserve(reservation());
    const second = await batcher.reserve(reservation());
    expect(first.id).not.toBe(second.id);
    expect(ledger.balance(GUILD_ID)).toBe(100 - 56);
  });
});
