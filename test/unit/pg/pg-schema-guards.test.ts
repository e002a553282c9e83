import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import type { PgJob, PgLedgerEntry } from "../../../src/db/pg/schema.js";
import type { Job, LedgerEntry } from "../../../src/db/schema.js";
import { ManualClock } from "../../helpers/clock.js";
import { ADMIN_ID, GUILD_ID, reservation } from "../../helpers/jobs.js";
import { openTempPostgres, type TempPostgres } from "../../helpers/pg-database.js";
import { assertPgLedgerInvariants } from "../../helpers/pg-invariants.js";
import { createPgCredits } from "../../helpers/pg-jobs.js";

/** The guards PostgreSQL holds on its own, whatever the code does (drizzle-pg/). */
describe("PostgreSQL schema guards", () => {
  let database: TempPostgres;
  let jobId: string;
  const sql = (statement: string, values: unknown[] = []) => database.pool.query(statement, values);

  beforeAll(async () => {
    database = await openTempPostgres();
    const { ledger, jobs } = createPgCredits(database, new ManualClock());
    await ledger.topUp({ guildId: GUILD_ID, amount: 100, actorId: ADMIN_ID });
    jobId = (await jobs.reserve(reservation())).id;
  });
  afterAll(() => database.dispose());

  it("gives the same row types as SQLite, plus the lease columns", () => {
    expectTypeOf<Omit<PgJob, "leaseOwner" | "leaseExpiresAt">>().toEqualTypeOf<Job>();
    expectTypeOf<PgLedgerEntry>().toEqualTypeOf<LedgerEntry>();
  });

  it("refuses to update, delete or truncate ledger entries", async () => {
    await expect(sql("UPDATE ledger_entries SET delta = 999")).rejects.toThrow(/append-only/);
    await expect(sql("DELETE FROM ledger_entries")).rejects.toThrow(/append-only/);
    await expect(sql("TRUNCATE ledger_entries CASCADE")).rejects.toThrow(/append-only/);
  });

  it("refuses a negative balance", async () => {
    await expect(sql("UPDATE guilds SET balance = -1")).rejects.toThrow(
      /guilds_balance_non_negative/,
    );
  });

  it("refuses an entry whose sign does not match its kind, or a fraction of a credit", async () => {
    const insert = (delta: number | string, kind: string) =>
      sql("INSERT INTO ledger_entries (guild_id, delta, kind, created_at) VALUES ($1, $2, $3, 0)", [
        GUILD_ID,
        delta,
        kind,
      ]);
    await expect(insert(-5, "topup")).rejects.toThrow(/ledger_delta_sign_matches_kind/);
    await expect(insert(0, "remove")).rejects.toThrow(/ledger_delta_sign_matches_kind/);
    await expect(insert("2.5", "topup")).rejects.toThrow(/invalid input syntax for type integer/);
    await expect(insert(5, "bonus")).rejects.toThrow(/violates check constraint/);
  });

  it("refuses a second charge, and job entries that name no job", async () => {
    const charge = (job: string | null) =>
      sql(
        "INSERT INTO ledger_entries (guild_id, delta, kind, job_id, created_at) VALUES ($1, -1, 'charge', $2, 0)",
        [GUILD_ID, job],
      );
    await expect(charge(jobId)).rejects.toThrow(/ledger_one_charge_per_job/);
    await expect(charge(null)).rejects.toThrow(/ledger_job_entries_name_their_job/);
  });

  it("refuses an unknown job state and half a lease", async () => {
    await expect(sql("UPDATE jobs SET state = 'lost'")).rejects.toThrow(/jobs_state_known/);
    await expect(sql("UPDATE jobs SET lease_expires_at = NULL")).rejects.toThrow(
      /jobs_lease_complete/,
    );
  });

  it("has the invariants helper catch a balance that drifted from its entries", async () => {
    await sql("INSERT INTO guilds (id, balance, created_at) VALUES ('199999999999999998', 5, 0)");
    await expect(assertPgLedgerInvariants(database)).rejects.toThrow(/cached balance/);
    await sql("UPDATE guilds SET balance = 0 WHERE id = '199999999999999998'");
    await assertPgLedgerInvariants(database);
  });
});
