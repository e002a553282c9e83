import pino from "pino";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { openJobWakeups } from "../../../src/db/pg/job-wakeups.js";
import type { Job } from "../../../src/db/schema.js";
import { createPgJobLeases } from "../../../src/services/jobs/pg-job-leases.js";
import { createSharedJobs } from "../../../src/services/jobs/shared-jobs.js";
import type { ManualClock } from "../../helpers/clock.js";
import { reservation } from "../../helpers/jobs.js";
import type { TempPostgres } from "../../helpers/pg-database.js";
import { type FundedJobStore, openFundedJobStore } from "../../helpers/pg-jobs.js";

const LEASE_MS = 30_000;
const LIMITS = { activeJobsPerGuild: 100, activeJobsPerUser: 100 };
const silent = pino({ level: "silent" });

/**
 * One bot process sharing the database, with the pipeline's part in callbacks as it behaves:
 * a job it resumes in `reserved` (killed mid-submit) waits for its task, and a callback naming
 * a task adopts a waiting job.
 */
function processNamed(owner: string, database: TempPostgres, clock: ManualClock) {
  const waiting = new Set<string>();
  const adopted: { jobId: string; taskId: string | null }[] = [];
  const shared = createSharedJobs({
    cluster: {
      processId: owner,
      leases: createPgJobLeases(database, clock, { owner, leaseMs: LEASE_MS }),
      openWakeups: (onWakeup) => openJobWakeups(database.pool, onWakeup, silent),
    },
    pipeline: {
      recovery: {
        resumeAll: async () => {},
        resume: (job: Job) => {
          if (job.state === "reserved") waiting.add(job.id);
        },
      },
      heardCallback: (jobId, taskId) => {
        if (!waiting.delete(jobId)) return false;
        adopted.push({ jobId, taskId });
        return true;
      },
    },
    poller: { jobIds: () => [], forget: () => {}, pollNow: () => false },
    clock,
    logger: silent,
    leaseMs: LEASE_MS,
  });
  return { shared, adopted };
}

describe("a callback for another process's job", () => {
  let fixture: FundedJobStore;
  beforeEach(async () => {
    fixture = await openFundedJobStore({ owner: "a", leaseMs: LEASE_MS }, LIMITS);
  });
  afterEach(() => fixture.database.dispose());

  /** A job process "a" sent to Seedance and then died before it had the answer. */
  async function killedMidSubmit(): Promise<Job> {
    const job = await fixture.store.reserve(reservation());
    await fixture.store.recordSubmitAttempt(job.id);
    return job;
  }

  it("adopts the task it names when this process takes over the job of a dead holder", async () => {
    const job = await killedMidSubmit();
    fixture.clock.advance(LEASE_MS + 1);
    const b = processNamed("b", fixture.database, fixture.clock);
    await b.shared.forward(job.id, "task-9");
    expect(b.adopted).toEqual([{ jobId: job.id, taskId: "task-9" }]);
  });

  it("adopts the task a callback named while the dead holder's lease was still valid", async () => {
    const job = await killedMidSubmit();
    const b = processNamed("b", fixture.database, fixture.clock);
    await b.shared.start();
    try {
      // Nobody can take the job yet, and its holder is gone: the wake-up reaches no one.
      await b.shared.forward(job.id, "task-9");
      expect(b.adopted).toEqual([]);
      // The lease lapses; the keeper's next round takes the job over and hands it the task.
      fixture.clock.advance(LEASE_MS + 1);
      await vi.waitFor(() => expect(b.adopted).toEqual([{ jobId: job.id, taskId: "task-9" }]));
    } finally {
      await b.shared.stop();
    }
  });

  it("reaches the live holder, which adopts the task", async () => {
    const job = await killedMidSubmit();
    // Process "a" restarted within its lease: it resumes its job and waits for the callback.
    const a = processNamed("a", fixture.database, fixture.clock);
    const b = processNamed("b", fixture.database, fixture.clock);
    // One after the other: "a" gives its leases back as it starts, and "b" would claim them.
    await a.shared.start();
    await b.shared.start();
    try {
      await b.shared.forward(job.id, "task-9");
      await vi.waitFor(() => expect(a.adopted).toEqual([{ jobId: job.id, taskId: "task-9" }]));
      expect(b.adopted).toEqual([]);
    } finally {
      await Promise.all([a.shared.stop(), b.shared.stop()]);
    }
  });
});
