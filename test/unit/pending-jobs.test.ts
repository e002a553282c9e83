import { describe, expect, it } from "vitest";
import { createPendingJobs } from "../../src/lib/pending-jobs.js";
import { ManualClock } from "../helpers/clock.js";

describe("pending jobs", () => {
  it("gives a held job back once, only to its member in its server", () => {
    const pending = createPendingJobs<string>(new ManualClock(), 60_000);
    const id = pending.hold("g", "u", "job");
    expect(pending.take(id, "g", "someone else")).toBeUndefined();
    expect(pending.take(id, "other guild", "u")).toBeUndefined();
    expect(pending.take(id, "g", "u")?.value).toBe("job");
    expect(pending.take(id, "g", "u")).toBeUndefined();
  });

  it("forgets a job once its time is up", () => {
    const clock = new ManualClock();
    const pending = createPendingJobs<string>(clock, 60_000);
    const id = pending.hold("g", "u", "job");
    clock.advance(60_000);
    expect(pending.take(id, "g", "u")).toBeUndefined();
    expect(pending.size).toBe(0);
  });
});
