import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.js";
import { systemClock } from "../../src/lib/clock.js";
import { createLedger } from "../../src/services/credits/ledger.js";
import { openTempDatabase, type TempDatabase } from "../helpers/database.js";
import { assertLedgerInvariants } from "../helpers/invariants.js";
import { GUILD_ID } from "../helpers/jobs.js";

const WORKER = fileURLToPath(new URL("../helpers/topup-worker.ts", import.meta.url));

let database: TempDatabase;
beforeEach(() => {
  database = openTempDatabase();
  database.close();
});
afterEach(() => database.dispose());

it("keeps every committed top-up when the writer is killed with SIGKILL", async () => {
  const child = fork(WORKER, [database.path], { execArgv: ["--import", "tsx"] });
  let lastConfirmed = 0;
  await new Promise<void>((resolve) => {
    child.on("message", (balance) => {
      lastConfirmed = Math.max(lastConfirmed, Number(balance));
      if (lastConfirmed === 200) child.kill("SIGKILL");
    });
    child.once("exit", () => resolve());
  });

  const reopened = openDatabase(database.path);
  try {
    const balance = createLedger(reopened, systemClock).balance(GUILD_ID);
    expect(balance).toBeGreaterThanOrEqual(lastConfirmed);
    assertLedgerInvariants(reopened);
  } finally {
    reopened.close();
  }
}, 30_000);
