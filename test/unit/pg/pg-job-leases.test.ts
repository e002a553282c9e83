import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openPostgres, type PgBotDatabase } from "../../../src/db/pg/client.js";
import { createPgJobLeases } from "../../../src/services/jobs/pg-job-leases.js";
import { JobLeaseLostError, type PgJobStore } from "../../../src/services/jobs/pg-job-store.js";
import { ManualClock } from "../../helpers/clock.js";
import { ADMIN_ID, GUILD_ID, reservation } from "../../helpers/jobs.js";
import { openTempPostgres, type TempPostgres } from "../../helpers/pg-database.js";
import { createPgCredits } from "../../helpers/pg-jobs.js";

const LEASE_MS = 30_000;
const LIMITS = { activeJobsPerGuild: 100, activeJobsPerUser: 100 };
const SHOWN = { messageId: "message-1", channelId: null };
/** The process that reserves the tests' jobs, and lets them go before the test claims them. */
const RESERVER = "reserver";

describe("job leases on PostgreSQL", () => {
  let database: TempPostgres;
  let clock: ManualClock;
  let store: PgJobStore;
  const sessions: PgBotDatabase[] = [];

  beforeEach(async () => {
    database = await openTempPostgres();
    clock = new ManualClock();
    const credits = createPgCredits(database, clock, LIMITS, {
      owner: RESERVER,
      leaseMs: LEASE_MS,
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

  /** The job store of the process named `owner`, on the same database. */
  const storeOf = (owner: string) =>
    createPgCredits(database, clock, LIMITS, { owner, leaseMs: LEASE_MS }).jobs;

  /** Jobs reserved by another process that then stopped cleanly: free for anyone to claim. */
  async function reserveJobs(count: number, before?: (ids: string[]) => Promise<void>) {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      ids.push((await store.reserve(reservation())).id);
      clock.advance(1); // distinct creation times make "oldest first" observable
    }
    await before?.(ids);
    await leases(RESERVER).releaseAll();
    return ids;
  }

  it("leases a job to the process that reserved it", async () => {
    const job = await store.reserve(reservation());
    expect(await leases(RESERVER).holds(job.id)).toBe(true);
    expect(await leases("process-b").claim(10)).toEqual([]);
    clock.advance(LEASE_MS);
    expect(await leases(RESERVER).holds(job.id)).toBe(false);
    expect((await leases("process-b").claim(10)).map((claimed) => claimed.id)).toEqual([job.id]);
  });

  it("claims free unfinished jobs oldest first, and never a job another process holds", async () => {
    const [first, second, third] = await reserveJobs(4, async ([, , , finished]) => {
      await store.failAndRefund(finished ?? "", { code: "failed" }, false);
    });
    const a = leases("process-a");
    const b = leases("process-b");

    expect((await a.claim(2)).map((job) => job.id)).toEqual([first, second]);
    const claimedByB = await b.claim(10);
    expect(claimedByB.map((job) => job.id)).toEqual([third]);
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
    expect(await a.renew([job ?? ""])).toEqual({ held: [], lost: [job] });
    expect(await b.renew([job ?? ""])).toEqual({ held: [job], lost: [] });
  });

  it("keeps a renewed lease, and frees released ones at once", async () => {
    const ids = await reserveJobs(3);
    const a = leases("process-a");
    const b = leases("process-b");
    await a.claim(3);

    clock.advance(LEASE_MS - 1);
    expect((await a.renew()).held.sort()).toEqual([...ids].sort());
    clock.advance(LEASE_MS - 1);
    expect(await b.claim(3)).toEqual([]);

    expect(await b.release(ids[0] ?? "")).toBe(false);
    expect(await a.release(ids[0] ?? "")).toBe(true);
    expect((await b.claim(3)).map((job) => job.id)).toEqual([ids[0]]);
    expect(await a.releaseAll()).toBe(2);
    expect(await b.claim(3)).toHaveLength(2);
  });

  it("leases a refunded job until its failure notice lands", async () => {
    const [owed, told] = await reserveJobs(2, async (ids) => {
      for (const id of ids) await store.failAndRefund(id, { code: "failed" });
      await store.markNoticeDelivered(ids[1] ?? "", SHOWN);
    });
    const b = leases("process-b");
    expect((await b.claim(10)).map((job) => job.id)).toEqual([owed]);
    await storeOf("process-b").markNoticeDelivered(owed ?? "", SHOWN);
    expect(await b.renew([owed ?? "", told ?? ""])).toEqual({ held: [], lost: [told] });
  });

  it("takes over one job a callback names, only once its lease is free or expired", async () => {
    const job = await store.reserve(reservation());
    const b = leases("process-b");
    expect(await b.claimJob(job.id)).toBeUndefined();
    clock.advance(LEASE_MS);
    expect(await b.claimJob(job.id)).toMatchObject({ id: job.id, state: "reserved" });
    expect(await b.claimJob(job.id)).toBeUndefined();
    expect(await b.holds(job.id)).toBe(true);
  });

  it("moves a job only for the process that holds its lease", async () => {
    const job = await store.reserve(reservation());
    const other = storeOf("process-b");
    await expect(other.recordSubmitAttempt(job.id, "message-b")).rejects.toBeInstanceOf(
      JobLeaseLostError,
    );
    expect(await other.markSubmitted(job.id, "task-b", 60_000)).toBe(false);
    expect(await other.failAndRefund(job.id, { code: "failed" })).toBe(0);
    await other.recordDeliveryAttempt(job.id);
    expect(await store.get(job.id)).toMatchObject({
      state: "reserved",
      submitAttempts: 0,
      messageId: null,
      deliveryAttempts: 0,
    });

    await store.recordSubmitAttempt(job.id, "message-a");
    expect(await store.markSubmitted(job.id, "task-a", 60_000)).toBe(true);
    expect(await store.markSucceeded(job.id, "https://video.example/a.mp4", null)).toBe(true);
    expect(await other.markDelivered(job.id, "attachment", SHOWN)).toBe(false);
    expect(await store.markDelivered(job.id, "attachment", SHOWN)).toBe(true);
  });

  it("after an expired lease is taken over, the new holder moves the job and the old can't", async () => {
    const job = await store.reserve(reservation());
    await store.recordSubmitAttempt(job.id, "message-a");
    expect(await store.markSubmitted(job.id, "task-a", 60_000)).toBe(true);
    clock.advance(LEASE_MS);
    expect((await leases("process-b").claim(1)).map((claimed) => claimed.id)).toEqual([job.id]);
    const taker = storeOf("process-b");

    expect(await store.markSucceeded(job.id, "https://video.example/a.mp4", null)).toBe(false);
    expect(await store.failAndRefund(job.id, { code: "failed" })).toBe(0);
    await expect(store.recordFirstSubmitAttempts([job])).rejects.toBeInstanceOf(JobLeaseLostError);
    expect(await taker.failAndRefund(job.id, { code: "failed" })).toBe(28);
    await store.markNoticeDelivered(job.id, SHOWN);
    expect(await taker.pendingNotices()).toMatchObject([{ id: job.id, submitAttempts: 1 }]);
    await taker.markNoticeDelivered(job.id, SHOWN);
    expect(await taker.pendingNotices()).toEqual([]);
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
