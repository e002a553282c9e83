import fc from "fast-check";
import { afterAll, beforeAll, describe, it } from "vitest";
import { ManualClock } from "../../helpers/clock.js";
import {
  MODEL_LIMITS,
  type ModelBackend,
  modelCommands,
  runModel,
} from "../../helpers/ledger-model.js";
import { openTempPostgres, type TempPostgres } from "../../helpers/pg-database.js";
import { assertPgLedgerInvariants } from "../../helpers/pg-invariants.js";
import { createPgCredits } from "../../helpers/pg-jobs.js";

/** The PostgreSQL store behind the model test's backend: one fresh server per run. */
function pgBackend(database: TempPostgres, guildId: string): ModelBackend {
  const clock = new ManualClock();
  const { ledger, jobs } = createPgCredits(database, clock, MODEL_LIMITS);
  const change = (amount: number) => ({ guildId, amount, actorId: "1" });
  return {
    guildId,
    clock,
    topUp: (amount) => ledger.topUp(change(amount)),
    remove: (amount) => ledger.remove(change(amount)),
    reserve: (request) => jobs.reserve(request),
    failAndRefund: (jobId) => jobs.failAndRefund(jobId, { code: "failed" }),
    settle: (jobId, consumed) => ledger.settleJob(jobId, consumed),
    async finish(jobId) {
      await database.pool.query("UPDATE jobs SET state = 'delivered' WHERE id = $1", [jobId]);
    },
    setDailyLimit: (limit) => ledger.setDailyLimit(guildId, limit),
    balance: () => ledger.balance(guildId),
  };
}

describe("ledger model on PostgreSQL", () => {
  let database: TempPostgres;
  let runs = 0;

  beforeAll(async () => {
    database = await openTempPostgres();
  });
  afterAll(() => database.dispose());

  it("matches a simple model and keeps every invariant over random sequences", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.commands(modelCommands, { maxCommands: 80, size: "max" }),
        async (sequence) => {
          // A fresh server per run keeps runs independent while sharing one real database.
          const guildId = String(300000000000000000n + BigInt(++runs));
          await runModel(sequence, pgBackend(database, guildId));
          await assertPgLedgerInvariants(database, MODEL_LIMITS);
        },
      ),
      { seed: 20261126, numRuns: 100 },
    );
  }, 120_000);
});
