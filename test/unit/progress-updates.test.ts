import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Job } from "../../src/db/schema.js";
import type { JobNotifier } from "../../src/services/jobs/notifier.js";
import { createProgressUpdates } from "../../src/services/jobs/progress-updates.js";
import { ManualClock } from "../helpers/clock.js";
import { openTempDatabase, type TempDatabase } from "../helpers/database.js";
import { ADMIN_ID, createCredits, GUILD_ID, reservation } from "../helpers/jobs.js";

const unused = () => Promise.reject(new Error("not part of progress updates"));

/** A notifier whose progress edits finish only when the test says so. */
class SlowMessenger implements JobNotifier {
  edits: string[] = [];
  private release: (() => void)[] = [];

  /** The job as each edit was sent with it. */
  seen = new Map<string, Job>();

  async progress(job: Job) {
    this.edits.push(job.id);
    this.seen.set(job.id, job);
    await new Promise<void>((resolve) => this.release.push(resolve));
  }

  failed = unused;
  video = unused;
  link = unused;
  ready = unused;

  finishAll(): void {
    for (const resolve of this.release.splice(0)) resolve();
  }
}

describe("progress updates", () => {
  let database: TempDatabase;
  let clock: ManualClock;
  let messenger: SlowMessenger;
  let job: Job;

  beforeEach(() => {
    database = openTempDatabase();
    clock = new ManualClock();
    const { ledger, jobs } = createCredits(database, clock);
    ledger.topUp({ guildId: GUILD_ID, amount: 100, actorId: ADMIN_ID });
    job = jobs.reserve(reservation());
    messenger = new SlowMessenger();
  });
  afterEach(() => database.dispose());

  const flush = () => new Promise((resolve) => setImmediate(resolve));

  it("edits at most every 10 s and never twice at once", async () => {
    const progress = createProgressUpdates(messenger, clock, pino({ level: "silent" }));
    progress.show(job, true);
    clock.advance(20_000);
    progress.show(job); // the first edit is still on its way
    expect(messenger.edits).toHaveLength(1);

    messenger.finishAll();
    await flush();
    progress.show(job);
    expect(messenger.edits).toHaveLength(2);
    messenger.finishAll();
    await flush();
    clock.advance(5_000);
    progress.show(job); // too soon
    expect(messenger.edits).toHaveLength(2);
  });

  it("lets the final message wait for an edit still on its way", async () => {
    const progress = createProgressUpdates(messenger, clock, pino({ level: "silent" }));
    progress.show(job, true);
    let finished = false;
    const finishing = progress.finish(job.id).then(() => {
      finished = true;
    });
    await flush();
    expect(finished).toBe(false);
    messenger.finishAll();
    await finishing;
    expect(finished).toBe(true);
  });

  it("sends a few edits at a time; the rest wait as jobs and go out as edits finish", async () => {
    const { ledger, jobs } = createCredits(database, clock, {
      activeJobsPerGuild: 20,
      activeJobsPerUser: 20,
    });
    ledger.topUp({ guildId: GUILD_ID, amount: 1_000, actorId: ADMIN_ID });
    const many = Array.from({ length: 12 }, () => jobs.reserve(reservation()));
    const progress = createProgressUpdates(messenger, clock, pino({ level: "silent" }));
    for (const each of many) progress.show(each, true);
    expect(messenger.edits).toEqual(many.slice(0, 8).map((each) => each.id));

    const [, tenth, eleventh] = many.slice(8);
    progress.show({ ...(tenth as Job), prompt: "as last seen" });
    await progress.finish(eleventh?.id ?? "");
    messenger.finishAll();
    await flush();
    expect(messenger.edits.slice(8)).toEqual([many[8]?.id, tenth?.id, many[11]?.id]);
    expect(messenger.seen.get(tenth?.id ?? "")?.prompt).toBe("as last seen");
  });
});
