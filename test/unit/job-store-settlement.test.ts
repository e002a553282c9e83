import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLedger, type Ledger } from "../../src/services/credits/ledger.js";
import { createJobStore, type JobStore } from "../../src/services/jobs/job-store.js";
import { ManualClock } from "../helpers/clock.js";
import { openTempDatabase, type TempDatabase } from "../helpers/database.js";
import { assertLedgerInvariants } from "../helpers/invariants.js";
import { ADMIN_ID, GUILD_ID, reservation } from "../helpers/jobs.js";

/** Settling a finished job against what Seedance says it cost (the job is priced 28). */
describe("job store settlement", () => {
  let database: TempDatabase;
  let ledger: Ledger;
  let store: JobStore;
  let logs: { level: number; msg: string; jobId?: string; reported?: unknown }[];

  beforeEach(() => {
    database = openTempDatabase();
    const clock = new ManualClock();
    logs = [];
    const logger = pino(
      { level: "debug" },
      { write: (line: string) => logs.push(JSON.parse(line)) },
    );
    ledger = createLedger(database, clock);
    ledger.topUp({ guildId: GUILD_ID, amount: 100, actorId: ADMIN_ID });
    const limits = { activeJobsPerGuild: 5, activeJobsPerUser: 5 };
    store = createJobStore(database, ledger, clock, limits, logger);
  });
  afterEach(() => {
    assertLedgerInvariants(database);
    database.dispose();
  });

  function submittedJob(): string {
    const job = store.reserve(reservation());
    store.markSubmitted(job.id, `task-${job.id}`, 60_000);
    return job.id;
  }

  it("gives back the difference when Seedance charged less", () => {
    const jobId = submittedJob();
    expect(store.markSucceeded(jobId, "https://video.example/1.mp4", 20)).toBe(true);
    expect(store.get(jobId)?.consumedCredits).toBe(20);
    expect(ledger.balance(GUILD_ID)).toBe(100 - 20);
  });

  it.each([12.5, -3, 281, 5_000_000, 1e20])(
    "ignores a reported cost of %s: no settlement, nothing stored, one warning",
    (reported) => {
      const jobId = submittedJob();
      expect(store.markSucceeded(jobId, "https://video.example/1.mp4", reported)).toBe(true);
      expect(store.markSucceeded(jobId, "https://video.example/1.mp4", reported)).toBe(false);
      const job = store.get(jobId);
      expect(job?.state).toBe("succeeded");
      expect(job?.consumedCredits).toBeNull();
      expect(ledger.balance(GUILD_ID)).toBe(100 - 28);
      const warnings = logs.filter((line) => line.level === 40 && line.jobId === jobId);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatchObject({ reported });
    },
  );
});
