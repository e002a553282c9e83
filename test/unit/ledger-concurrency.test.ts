import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { systemClock } from "../../src/lib/clock.js";
import { createLedger } from "../../src/services/credits/ledger.js";
import { openTempDatabase, type TempDatabase } from "../helpers/database.js";
import { assertLedgerInvariants } from "../helpers/invariants.js";
import { ADMIN_ID, GUILD_ID } from "../helpers/jobs.js";

const WORKER = fileURLToPath(new URL("../helpers/reserve-worker.ts", import.meta.url));

interface Outcome {
  reserved: number;
  refused: number;
}

function startWorker(path: string, options: object): Promise<ChildProcess> {
  const child = fork(WORKER, [path, JSON.stringify(options)], { execArgv: ["--import", "tsx"] });
  return new Promise((resolve, reject) => {
    child.once("message", () => resolve(child));
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`worker exited early with ${code}`)));
  });
}

/** Starts the workers, releases them together, and collects what each managed to reserve. */
async function race(path: string, workers: object[]): Promise<Outcome[]> {
  const children = await Promise.all(workers.map((options) => startWorker(path, options)));
  const outcomes = children.map(
    (child) =>
      new Promise<Outcome>((resolve, reject) => {
        child.removeAllListeners("exit");
        child.once("message", (outcome) => resolve(outcome as Outcome));
        child.once("exit", (code) => code !== 0 && reject(new Error(`worker failed: ${code}`)));
      }),
  );
  for (const child of children) child.send("go");
  return Promise.all(outcomes);
}

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
    const outcomes = await race(
      database.path,
      members.map((userId) => ({ attempts: 20, userId, ...caps })),
    );

    const reserved = outcomes.reduce((sum, outcome) => sum + outcome.reserved, 0);
    expect(reserved).toBe(25);
    expect(outcomes.reduce((sum, outcome) => sum + outcome.refused, 0)).toBe(60 - 25);
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
    const outcomes = await race(
      database.path,
      [...members, ...members].map((userId) => ({ attempts: 10, userId, ...caps })),
    );

    expect(outcomes.reduce((sum, outcome) => sum + outcome.reserved, 0)).toBe(5);
    assertLedgerInvariants(database, caps);
  }, 30_000);
});
