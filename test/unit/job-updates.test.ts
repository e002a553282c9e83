import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq } from "../../src/db/drizzle/core.js";
import { jobs } from "../../src/db/schema.js";
import { createJobUpdates } from "../../src/services/jobs/job-statements.js";
import type { JobStore } from "../../src/services/jobs/job-store.js";
import { ManualClock } from "../helpers/clock.js";
import { openTempDatabase, type TempDatabase } from "../helpers/database.js";
import { ADMIN_ID, createCredits, GUILD_ID, reservation } from "../helpers/jobs.js";

describe("prepared job reads and updates", () => {
  let database: TempDatabase;
  let store: JobStore;
  let updateJob: ReturnType<typeof createJobUpdates>;

  beforeEach(() => {
    database = openTempDatabase();
    const credits = createCredits(database, new ManualClock());
    credits.ledger.topUp({ guildId: GUILD_ID, amount: 1_000, actorId: ADMIN_ID });
    store = credits.jobs;
    updateJob = createJobUpdates(database.db);
  });
  afterEach(() => database.dispose());

  it("changes a job only from the states it names, however often one shape is reused", () => {
    const first = store.reserve(reservation());
    const second = store.reserve(reservation());
    expect(updateJob(first.id, { state: "submitted", taskId: "t1" }, { from: ["reserved"] })).toBe(
      1,
    );
    expect(updateJob(first.id, { state: "submitted", taskId: "t2" }, { from: ["reserved"] })).toBe(
      0,
    );
    expect(updateJob(second.id, { state: "submitted", taskId: "t3" }, { from: ["reserved"] })).toBe(
      1,
    );
    expect([store.get(first.id)?.taskId, store.get(second.id)?.taskId]).toEqual(["t1", "t3"]);
  });

  it("maps values as the schema says, sets nulls, skips undefined and counts in place", () => {
    const job = store.reserve(reservation());
    updateJob(job.id, { noticePending: true, errorMessage: "x", messageId: undefined });
    updateJob(job.id, { errorMessage: null }, { increment: "deliveryAttempts" });
    updateJob(job.id, {}, { increment: "deliveryAttempts" });
    expect(store.get(job.id)).toMatchObject({
      noticePending: true,
      errorMessage: null,
      messageId: null,
      deliveryAttempts: 2,
    });
  });

  it("reads a job exactly as drizzle's own select does", () => {
    const job = store.reserve(reservation({ imageUrl: "https://cdn.example/a.png" }));
    updateJob(job.id, { noticePending: true, errorMessage: null }, { increment: "submitAttempts" });
    const viaDrizzle = database.db.select().from(jobs).where(eq(jobs.id, job.id)).get();
    expect(store.get(job.id)).toStrictEqual(viaDrizzle);
    expect(store.get("no-such-job")).toBeUndefined();
  });
});
