import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Job } from "../../src/db/schema.js";
import { typicalRenderMs } from "../../src/domain/render-time.js";
import { asynchronous } from "../../src/lib/async.js";
import type { Ledger } from "../../src/services/credits/ledger.js";
import type { JobStore } from "../../src/services/jobs/job-store.js";
import {
  createRenderTimeEstimate,
  pollAnchorOf,
  type RenderTimeOptions,
} from "../../src/services/jobs/render-time-estimate.js";
import { ManualClock } from "../helpers/clock.js";
import { openTempDatabase, type TempDatabase } from "../helpers/database.js";
import { ADMIN_ID, createCredits, GUILD_ID, reservation } from "../helpers/jobs.js";

const HD_8S = { resolution: "720p", duration: 8 } as const;

describe("render time estimate", () => {
  let database: TempDatabase;
  let clock: ManualClock;
  let ledger: Ledger;
  let store: JobStore;

  beforeEach(() => {
    database = openTempDatabase();
    clock = new ManualClock();
    ({ ledger, jobs: store } = createCredits(database, clock, {
      activeJobsPerGuild: 500,
      activeJobsPerUser: 500,
    }));
    ledger.topUp({ guildId: GUILD_ID, amount: 100_000, actorId: ADMIN_ID });
  });
  afterEach(() => database.dispose());

  /** A job with these settings that Seedance took `tookMs` over, ending as `outcome`. */
  function finishedJob(
    tookMs: number,
    outcome: "succeeded" | "failed" = "succeeded",
    settings = {},
  ) {
    const job = store.reserve(reservation(settings));
    store.markSubmitted(job.id, `task-${job.id}`, 60_000);
    clock.advance(tookMs);
    if (outcome === "succeeded") store.markSucceeded(job.id, "https://cdn.example/v.mp4", null);
    else store.failAndRefund(job.id, { code: "TASK_FAILED", detail: "no" });
    return store.get(job.id) as Job;
  }

  /** The estimate as the app builds it: over the store's async port, primed at start-up. */
  async function primedEstimate(options?: RenderTimeOptions) {
    const estimate = createRenderTimeEstimate(asynchronous(store), options);
    await estimate.prime();
    return estimate;
  }

  it("uses the built-in table until five jobs with those settings have finished", async () => {
    for (const took of [40_000, 42_000, 44_000, 46_000]) finishedJob(took);
    expect((await primedEstimate()).expectedMs(HD_8S)).toBe(typicalRenderMs("720p", 8));
    finishedJob(48_000);
    expect((await primedEstimate()).expectedMs(HD_8S)).toBe(44_000);
  });

  it("takes the median of the latest finished jobs with the same settings only", async () => {
    for (const took of [10_000, 10_000, 10_000]) finishedJob(took); // older, beyond `recent`
    for (const took of [50_000, 30_000, 90_000, 40_000]) finishedJob(took);
    finishedJob(5_000, "failed");
    for (const took of [1_000, 1_000, 1_000, 1_000, 1_000]) {
      finishedJob(took, "succeeded", { resolution: "480p", duration: 4, price: 8 });
    }
    const estimate = await primedEstimate({ recent: 4, minimum: 3 });
    expect(estimate.expectedMs(HD_8S)).toBe(45_000);
    expect(estimate.expectedMs({ resolution: "480p", duration: 4 })).toBe(1_000);
  });

  it("reads the table once per settings, again only after a job with them finished", async () => {
    for (let index = 0; index < 5; index++) finishedJob(60_000);
    const estimate = await primedEstimate();
    expect(estimate.expectedMs(HD_8S)).toBe(60_000);
    for (let index = 0; index < 6; index++) finishedJob(80_000);
    expect(estimate.expectedMs(HD_8S)).toBe(60_000);
    await estimate.refresh(HD_8S);
    expect(estimate.expectedMs(HD_8S)).toBe(80_000);
  });

  it("anchors a job's polls on its stored expected finish, or today's estimate without one", () => {
    const job = store.reserve(reservation());
    store.markSubmitted(job.id, "task-1", 75_000);
    const submitted = store.get(job.id) as Job;
    const estimate = { expectedMs: () => 99_000 };
    expect(pollAnchorOf(submitted, estimate)).toEqual({
      submittedAt: clock.now(),
      expectedMs: 75_000,
    });
    expect(pollAnchorOf({ ...submitted, expectedFinishAt: null }, estimate).expectedMs).toBe(
      99_000,
    );
  });
});
