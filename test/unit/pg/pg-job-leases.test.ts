import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openPostgres, type PgBotDatabase } from "../../../src/db/pg/client.js";
import { createPgJobLeases } from "../../../src/services/jobs/pg-job-leases.js";
import type { PgJobStore } from "../../../src/services/jobs/pg-job-store.js";
import { ManualClock } from "../../helpers/clock.js";
import { ADMIN_ID, GUILD_ID, reservation } from "../../helpers/jobs.js";
import { openTempPostgres, type TempPostgres } from "../../helpers/pg-database.js";
import { createPgCredits } from "../../helpers/pg-jobs.js";

const LEASE_MS = 30_000;

describe("job leases on PostgreSQL", () => {
  let database: TempPostgres;
  let clock: ManualClock;
  let store: PgJobStore;
  const sessions: PgBotDatabase[] = [];

  beforeEach(async () => {
    database = await openTempPostgres();
    clock = new ManualClock();
    const credits = createPgCredits(database, clock, {
      activeJobsPerGuild: 100,
      activeJobsPerUser: 100,
    });
    store = credits.jobs;
    await credits.ledger.topUp({ guildId: GUILD_ID, amount: 10_000, actorId: ADMIN_ID });
  });
  afterEach(async () => {
    await Promise.all(sessions.splice(0).map((session) => session.close()));
    await database.dispose();
  });

  const leases = (owner: string, on: PgBotDatabase = database) =>
    createPgJobLeases(on, clock, { owner, leaseMs: LEASE_MS });

  async function reserveJobs(count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      ids.push((await store.reserve(reservation())).id);
      clock.advance(1); // distinct creation times make "oldest first" observable
    }
    return ids;
  }

  it("claims free unfinished jobs oldest first, and never a job another process holds", async () => {
    const [first, second, third, finished] = await reserveJobs(4);
    await store.failAndRefund(finished ?? "", { code: "failed" });
    const a = leases("process-a");
    const b = leases("process-b");

    expect((await a.claim(2)).map((job) => job.id)).toEqual([first, second]);
    const claimedByB = await b.claim(10);
    expect(claimedByB.map((job) => job.id)).toEqual([third]);
    expect(claimedByB[0]).toMatchObject({
      leaseOwner: "process-b",
      leaseExpiresAt: clock.now() + LEASE_MS,
    });
    expect(await b.claim(10)).toEqual([]);
    expect(await a.holds(first ?? "")).toBe(true);
    expect(await b.holds(first ?? "")).toBe(false);
  });

  it("lets another process take over a lease that expired, and only then", async () => {
    const [job] = await reserveJobs(1);
    const a = leases("process-a");
    const b = leases("process-b");
    await a.claim(1);

    clock.advance(LEASE_MS - 1);
    expect(await b.claim(1)).toEqual([]);
    clock.advance(1);
    expect((await b.claim(1)).map((claimed) => claimed.id)).toEqual([job]);
    expect(await a.holds(job ?? "")).toBe(false);
    expect(await a.renew()).toEqual([]);
    expect(await b.renew()).toEqual([job]);
  });

  it("keeps a renewed lease, and frees released ones at once", async () => {
    const ids = await reserveJobs(3);
    const a = leases("process-a");
    const b = leases("process-b");
    await a.claim(3);

    clock.advance(LEASE_MS - 1);
    expect((await a.renew()).sort()).toEqual([...ids].sort());
    clock.advance(LEASE_MS - 1);
    expect(await b.claim(3)).toEqual([]);

    expect(await b.release(ids[0] ?? "")).toBe(false);
    expect(await a.release(ids[0] ?? "")).toBe(true);
    expect((await b.claim(3)).map((job) => job.id)).toEqual([ids[0]]);
    expect(await a.releaseAll()).toBe(2);
    expect(await b.claim(3)).toHaveLength(2);
  });

  it("never gives one job to two claimers racing on separate connections", async () => {
    const ids = await reserveJobs(40);
    const claimers = await Promise.all(
      ["p1", "p2", "p3", "p4"].map(async (owner) => {
        const session = await openPostgres(database.url, { maxConnections: 2 });
        sessions.push(session);
        return leases(owner, session);
      }),
    );
    const claimAll = async (claimer: (typeof claimers)[number]) => {
      const taken: string[] = [];
      for (;;) {
        const batch = await claimer.claim(3);
        if (batch.length === 0) return taken;
        taken.push(...batch.map((job) => job.id));
      }
    };

    for (const round of ["fresh", "expired"]) {
      const taken = await Promise.all(claimers.map(claimAll));
      const all = taken.flat();
      expect(new Set(all).size, `${round}: no job taken twice`).toBe(all.length);
      expect(all.sort(), `${round}: every job taken`).toEqual([...ids].sort());
      clock.advance(LEASE_MS); // every lease runs out: the second round is a takeover race
    }
  });
});
