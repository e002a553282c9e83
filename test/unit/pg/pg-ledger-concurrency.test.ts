import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { systemClock } from "../../../src/lib/clock.js";
import { createPgLedger, type PgLedger } from "../../../src/services/credits/pg-ledger.js";
import { ADMIN_ID, GUILD_ID } from "../../helpers/jobs.js";
import { openTempPostgres, type TempPostgres } from "../../helpers/pg-database.js";
import { assertPgLedgerInvariants } from "../../helpers/pg-invariants.js";
import { race, total } from "../../helpers/worker-race.js";

const WORKER = fileURLToPath(new URL("../../helpers/pg-reserve-worker.ts", import.meta.url));
const MEMBERS = ["400000000000000001", "400000000000000002", "400000000000000003"];

/** test/unit/ledger-concurrency.test.ts on PostgreSQL: processes with two connections each. */
describe("PostgreSQL ledger across processes", () => {
  let database: TempPostgres;
  let ledger: PgLedger;

  beforeEach(async () => {
    database = await openTempPostgres();
    ledger = createPgLedger(database, systemClock);
  });
  afterEach(() => database.dispose());

  const workers = (members: string[], options: object) =>
    members.map((userId) => [database.url, JSON.stringify({ parallel: 2, userId, ...options })]);

  it("never overspends when several processes reserve against one server", async () => {
    const caps = { activeJobsPerGuild: 1_000, activeJobsPerUser: 1_000 };
    await ledger.topUp({ guildId: GUILD_ID, amount: 28 * 25 + 10, actorId: ADMIN_ID });
    const outcomes = await race(WORKER, workers(MEMBERS, { attempts: 20, ...caps }));

    expect(total(outcomes, "reserved")).toBe(25);
    expect(total(outcomes, "refused")).toBe(60 - 25);
    expect(await ledger.balance(GUILD_ID)).toBe(10);
    await assertPgLedgerInvariants(database);
  }, 60_000);

  it("never exceeds the active-job caps when several processes race", async () => {
    const caps = { activeJobsPerGuild: 5, activeJobsPerUser: 2 };
    await ledger.topUp({ guildId: GUILD_ID, amount: 100_000, actorId: ADMIN_ID });
    const outcomes = await race(
      WORKER,
      workers([...MEMBERS, ...MEMBERS], { attempts: 10, ...caps }),
    );

    expect(total(outcomes, "reserved")).toBe(5);
    await assertPgLedgerInvariants(database, caps);
  }, 60_000);

  it("never lets a member past the daily limit from several processes at once", async () => {
    const caps = { activeJobsPerGuild: 1_000, activeJobsPerUser: 1_000 };
    await ledger.topUp({ guildId: GUILD_ID, amount: 100_000, actorId: ADMIN_ID });
    await ledger.setDailyLimit(GUILD_ID, 60);
    const member = MEMBERS[0] ?? "";
    const outcomes = await race(
      WORKER,
      workers([member, member, member], { attempts: 6, ...caps }),
    );

    expect(total(outcomes, "reserved")).toBe(2);
    expect(await ledger.spentToday(GUILD_ID, member)).toBe(56);
    await assertPgLedgerInvariants(database);
  }, 60_000);
});
