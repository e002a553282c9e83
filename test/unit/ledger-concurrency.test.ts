import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { systemClock } from "../../src/lib/clock.js";
import { createLedger } from "../../src/services/credits/ledger.js";
import { openTempDatabase, type TempDatabase } from "../helpers/database.js";
import { assertLedgerInvariants } from "../helpers/invariants.js";
import { ADMIN_ID, GUILD_ID } from "../helpers/jobs.js";
import { race, total } from "../helpers/worker-race.js";

const WORKER = fileURLToPath(new URL("../helpers/reserve-worker.ts", import.meta.url));

/** Races reserve workers on the SQLite file: its path and each worker's options. */
const raceOn = (path: string, workers: object[]) =>
  race(
    WORKER,
    workers.map((options) => [path, JSON.stringify(options)]),
  );

describe("ledger across processes", () => {
  let database: TempDatabase;

  beforeEach(() => {
    database = openTempDatabase();
  });
  afterEach(() => database.dispose());

  it("never overspends when several processes reserve against one server", async () => {
    const caps = { activeJobsPerGuild: 1_000, activeJobsPerUser: 1_000 };
    createLedger(database, systemClock).topUp({
      guildId: GUILD_ID,
      amount: 28 * 25 + 10,
      actorId: ADMIN_ID,
    });
    const members = ["400000000000000001", "400000000000000002", "400000000000000003"];
    const outcomes = await raceOn(
      database.path,
      members.map((userId) => ({ attempts: 20, userId, ...caps })),
    );

    expect(total(outcomes, "reserved")).toBe(25);
    expect(total(outcomes, "refused")).toBe(60 - 25);
    expect(createLedger(database, systemClock).balance(GUILD_ID)).toBe(10);
    assertLedgerInvariants(database);
  }, 30_000);

  it("never exceeds the active-job caps when several processes race", async () => {
    const caps = { activeJobsPerGuild: 5, activeJobsPerUser: 2 };
    createLedger(database, systemClock).topUp({
      guildId: GUILD_ID,
      amount: 100_000,
      actorId: ADMIN_ID,
    });
    const members = ["400000000000000001", "400000000000000002", "400000000000000003"];
    const outcomes = await raceOn(
      database.path,
      [...members, ...members].map((userId) => ({ attempts: 10, userId, ...caps })),
    );

    expect(total(outcomes, "reserved")).toBe(5);
    assertLedgerInvariants(database, caps);
  }, 30_000);
});
