import { describe, expect, it } from "vitest";
import { createUnheardCallbacks } from "../../src/services/jobs/unheard-callbacks.js";
import { ManualClock } from "../helpers/clock.js";

const KEEP_MS = 60_000;

describe("callbacks no process acted on", () => {
  it("hands a job its callback's task once, while the holder's lease may still run", () => {
    const clock = new ManualClock();
    const unheard = createUnheardCallbacks(clock, KEEP_MS);
    unheard.keep("job-1", "task-1");
    clock.advance(KEEP_MS - 1);

    expect(unheard.take("job-1")).toBe("task-1");
    expect(unheard.take("job-1")).toBeNull();
    expect(unheard.take("job-2")).toBeNull();
  });

  it("forgets a callback once the lease it waited out has surely lapsed", () => {
    const clock = new ManualClock();
    const unheard = createUnheardCallbacks(clock, KEEP_MS);
    unheard.keep("job-1", "task-1");
    clock.advance(KEEP_MS);

    expect(unheard.take("job-1")).toBeNull();
  });

  it("keeps the latest task a job's callbacks named, for as long from the latest", () => {
    const clock = new ManualClock();
    const unheard = createUnheardCallbacks(clock, KEEP_MS);
    unheard.keep("job-1", "task-1");
    clock.advance(KEEP_MS / 2);
    unheard.keep("job-2", "task-2");
    unheard.keep("job-1", "task-1b");
    clock.advance(KEEP_MS / 2 + 1);

    // job-1's second callback came after job-2's: an expired entry ahead of it must not hide it.
    expect(unheard.take("job-1")).toBe("task-1b");
    expect(unheard.take("job-2")).toBe("task-2");
  });
});
