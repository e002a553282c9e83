import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Job } from "../../../src/db/schema.js";
import { createLeaseKeeper } from "../../../src/services/jobs/lease-keeper.js";
import { createPgJobLeases } from "../../../src/services/jobs/pg-job-leases.js";
import type { PgJobStore } from "../../../src/services/jobs/pg-job-store.js";
import type { ManualClock } from "../../helpers/clock.js";
import { reservation } from "../../helpers/jobs.js";
import type { TempPostgres } from "../../helpers/pg-database.js";
import { openFundedJobStore } from "../../helpers/pg-jobs.js";

const LEASE_MS = 30_000;
const LIMITS = { activeJobsPerGuild: 100, activeJobsPerUser: 100 };

/** One bot process's view: its leases, what it resumed, and what it is polling. */
function processNamed(owner: string, database: TempPostgres, clock: ManualClock) {
  const resumed: Job[] = [];
  const polling = new Set<string>();
  const keeper = createLeaseKeeper({
    leases: createPgJobLeases(database, clock, { owner, leaseMs: LEASE_MS }),
    clock,
    logger: pino({ level: "silent" }),
    leaseMs: LEASE_MS,
    resume: (job) => {
      resumed.push(job);
      polling.add(job.id);
    },
    polling: () => [...polling],
    lost: (jobId) => polling.delete(jobId),
  });
  return { keeper, resumed, polling };
}

describe("the lease keeper on PostgreSQL", () => {
  let database: TempPostgres;
  let clock: ManualClock;
  let store: PgJobStore;

  beforeEach(async () => {
    ({ database, clock, store } = await openFundedJobStore(
      { owner: "a", leaseMs: LEASE_MS },
      LIMITS,
    ));
  });
  afterEach(() => database.dispose());

  it("resumes its own jobs after a restart under the same process id", async () => {
    const job = await store.reserve(reservation());
    await store.markSubmitted(job.id, "task-1", 60_000);
    const restarted = processNamed("a", database, clock);
    await restarted.keeper.start();
    expect(restarted.resumed.map((resumed) => resumed.id)).toEqual([job.id]);
    await restarted.keeper.stop();
  });

  it("takes over a dead process's jobs once their lease expires, and only then", async () => {
    const jobs = [await store.reserve(reservation()), await store.reserve(reservation())];
    for (const [index, job] of jobs.entries()) {
      await store.markSubmitted(job.id, `task-${index}`, 60_000);
    }
    // Process "a" holds both (it reserved them) and then dies: no more renewals.
    const survivor = processNamed("b", database, clock);
    await survivor.keeper.round();
    expect(survivor.resumed).toEqual([]);
    clock.advance(LEASE_MS);
    await survivor.keeper.round();
    expect(survivor.resumed.map((job) => job.id).sort()).toEqual(jobs.map((j) => j.id).sort());
    // Taken once: a later round claims nothing more.
    await survivor.keeper.round();
    expect(survivor.resumed).toHaveLength(2);
  });

  it("stops polling a job whose lease another process took over", async () => {
    const job = await store.reserve(reservation());
    await store.markSubmitted(job.id, "task-1", 60_000);
    const slow = processNamed("slow", database, clock);
    clock.advance(LEASE_MS);
    await slow.keeper.round();
    expect([...slow.polling]).toEqual([job.id]);
    // "slow" stalls past its lease; "fast" takes the job over.
    clock.advance(LEASE_MS);
    const fast = processNamed("fast", database, clock);
    await fast.keeper.round();
    expect([...fast.polling]).toEqual([job.id]);
    await slow.keeper.round();
    expect([...slow.polling]).toEqual([]);
  });

  it("claims a single job at once when its callback arrives and nobody holds it", async () => {
    const job = await store.reserve(reservation());
    await store.markSubmitted(job.id, "task-1", 60_000);
    const other = processNamed("b", database, clock);
    expect(await other.keeper.claim(job.id)).toBe(false);
    clock.advance(LEASE_MS);
    expect(await other.keeper.claim(job.id)).toBe(true);
    expect(other.resumed.map((resumed) => resumed.id)).toEqual([job.id]);
  });

  it("gives every lease back on a clean stop, so another process needn't wait", async () => {
    const job = await store.reserve(reservation());
    await store.markSubmitted(job.id, "task-1", 60_000);
    const first = processNamed("a", database, clock);
    await first.keeper.start();
    await first.keeper.stop();
    const second = processNamed("b", database, clock);
    await second.keeper.round();
    expect(second.resumed.map((resumed) => resumed.id)).toEqual([job.id]);
  });
});
