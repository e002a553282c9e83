import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openPostgres, type PgBotDatabase } from "../../../src/db/pg/client.js";
import { type JobWakeup, openJobWakeups } from "../../../src/db/pg/job-wakeups.js";
import { openTempPostgres, type TempPostgres } from "../../helpers/pg-database.js";

const JOB_ID = "6f1c2a8e-3b7d-4c1e-9a2f-0d5e8b7c6a41";
const silent = pino({ level: "silent" });

/** Resolves with the first wake-up `count` listeners heard, or times out. */
function heard(into: JobWakeup[], count: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const look = () => {
      if (into.length >= count) return resolve();
      if (Date.now() - started > 5_000) return reject(new Error("no wake-up arrived"));
      setTimeout(look, 10);
    };
    look();
  });
}

describe("job wake-ups over LISTEN/NOTIFY", () => {
  let database: TempPostgres;
  let otherProcess: PgBotDatabase;

  beforeEach(async () => {
    database = await openTempPostgres();
    otherProcess = await openPostgres(database.url, { maxConnections: 2 });
  });
  afterEach(async () => {
    await otherProcess.close();
    await database.dispose();
  });

  it("carries a callback received by one process to every other one", async () => {
    const received: JobWakeup[] = [];
    const listener = await openJobWakeups(database.pool, (w) => received.push(w), silent);
    const sender = await openJobWakeups(otherProcess.pool, () => {}, silent);
    await sender.send({ jobId: JOB_ID, taskId: "task-7" });
    await heard(received, 1);
    expect(received).toEqual([{ jobId: JOB_ID, taskId: "task-7" }]);
    await Promise.all([listener.close(), sender.close()]);
  });

  it("ignores a payload that isn't a job wake-up", async () => {
    const received: JobWakeup[] = [];
    const listener = await openJobWakeups(database.pool, (w) => received.push(w), silent);
    await otherProcess.pool.query("SELECT pg_notify('seedance_job_wakeup', 'not json')");
    await otherProcess.pool.query(
      'SELECT pg_notify(\'seedance_job_wakeup\', \'{"jobId":"nope","taskId":null}\')',
    );
    const sender = await openJobWakeups(otherProcess.pool, () => {}, silent);
    await sender.send({ jobId: JOB_ID, taskId: null });
    await heard(received, 1);
    expect(received).toEqual([{ jobId: JOB_ID, taskId: null }]);
    await Promise.all([listener.close(), sender.close()]);
  });
});
