import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Job } from "../../src/db/schema.js";
import type { JobMessenger } from "../../src/discord/job-messenger.js";
import { createLedger } from "../../src/services/ledger.js";
import { createProgressUpdates } from "../../src/services/progress-updates.js";
import { ManualClock } from "../helpers/clock.js";
import { openTempDatabase, type TempDatabase } from "../helpers/database.js";
import { ADMIN_ID, GUILD_ID, reservation } from "../helpers/jobs.js";

/** A messenger whose edits finish only when the test says so. */
class SlowMessenger implements JobMessenger {
  edits: string[] = [];
  private release: (() => void)[] = [];

  async show(job: Job) {
    this.edits.push(job.id);
    await new Promise<void>((resolve) => this.release.push(resolve));
    return { route: "interaction" as const, messageId: null };
  }

  async ping() {}

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
    const ledger = createLedger(database, clock, { activeJobsPerGuild: 5, activeJobsPerUser: 5 });
    ledger.topUp({ guildId: GUILD_ID, amount: 100, actorId: ADMIN_ID });
    job = ledger.reserveForJob(reservation());
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
});
