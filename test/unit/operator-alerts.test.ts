import { Writable } from "node:stream";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import type { BotDatabase } from "../../src/db/client.js";
import { createAlertClaims } from "../../src/services/ops/alert-claims.js";
import { createOperatorAlerts } from "../../src/services/ops/operator-alerts.js";
import { SeedanceError, type SeedanceErrorCode } from "../../src/services/seedance/errors.js";
import { ManualClock } from "../helpers/clock.js";
import { openTempDatabase, type TempDatabase } from "../helpers/database.js";

const HOUR = 3_600_000;
const OWNERS = ["100000000000000001", "100000000000000002"];

function seedanceError(code: SeedanceErrorCode, httpStatus: number): SeedanceError {
  return new SeedanceError(code, `Seedance answered ${httpStatus}`, {
    httpStatus,
    retryable: false,
    retryAfterMs: null,
    certainlyNotAccepted: true,
  });
}
const outOfCredits = () => seedanceError("INSUFFICIENT_CREDITS", 402);
const badKey = () => seedanceError("INVALID_API_KEY", 401);

interface LogLine {
  level: number;
  msg: string;
  code?: string;
  userId?: string;
}

const databases: TempDatabase[] = [];
afterEach(() => {
  for (const database of databases.splice(0)) database.dispose();
});

function openDatabase(): TempDatabase {
  const database = openTempDatabase();
  databases.push(database);
  return database;
}

interface Setup {
  notify?: (userId: string, text: string) => Promise<void>;
  owners?: string[];
  /** Another process's database and clock: the alerts of several processes share them. */
  database?: BotDatabase;
  clock?: ManualClock;
}

function setup({ notify = async () => {}, owners = OWNERS, ...shared }: Setup = {}) {
  const clock = shared.clock ?? new ManualClock();
  const database = shared.database ?? openDatabase();
  const logs: LogLine[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs.push(JSON.parse(String(chunk)) as LogLine);
      done();
    },
  });
  const dms: { userId: string; text: string }[] = [];
  const alerts = createOperatorAlerts({
    logger: pino({ level: "debug" }, sink),
    clock,
    claims: createAlertClaims(database, clock),
    ownerIds: () => owners,
    notifyOwner: async (userId, text) => {
      dms.push({ userId, text });
      await notify(userId, text);
    },
  });
  const errors = () => logs.filter((line) => line.level === 50);
  return { clock, database, logs, errors, dms, alerts };
}

describe("operator alerts", () => {
  it("logs once and DMs each owner once for two 402s within the hour", async () => {
    const { alerts, dms, errors, clock } = setup();
    alerts.report(outOfCredits());
    clock.advance(10 * 60_000);
    alerts.report(outOfCredits());
    await alerts.idle();
    expect(dms.map((dm) => dm.userId)).toEqual(OWNERS);
    expect(dms[0]?.text).toContain("out of credits");
    expect(errors()).toHaveLength(1);
    expect(errors()[0]?.code).toBe("INSUFFICIENT_CREDITS");
  });

  it("logs and DMs again once the hour has passed and it still fails", async () => {
    const { alerts, dms, errors, clock } = setup();
    alerts.report(outOfCredits());
    clock.advance(HOUR);
    alerts.report(outOfCredits());
    await alerts.idle();
    expect(dms).toHaveLength(2 * OWNERS.length);
    expect(errors()).toHaveLength(2);
  });

  it("keeps each code apart: a bad key is news even during a credits incident", async () => {
    const { alerts, dms, errors } = setup();
    alerts.report(outOfCredits());
    alerts.report(badKey());
    await alerts.idle();
    expect(errors().map((line) => line.code)).toEqual(["INSUFFICIENT_CREDITS", "INVALID_API_KEY"]);
    expect(dms).toHaveLength(2 * OWNERS.length);
    expect(dms.at(-1)?.text).toContain("SEEDANCE_API_KEY");
  });

  it("logs a new incident after resolved(), but doesn't DM again within the hour", async () => {
    const { alerts, dms, errors, logs, clock } = setup();
    alerts.report(outOfCredits());
    alerts.resolved();
    expect(logs.some((line) => line.msg === "Seedance problem resolved")).toBe(true);
    clock.advance(5 * 60_000);
    alerts.report(outOfCredits());
    await alerts.idle();
    expect(errors()).toHaveLength(2);
    expect(dms).toHaveLength(OWNERS.length);
  });

  it("ignores errors the operator can't fix", async () => {
    const { alerts, dms, errors } = setup();
    alerts.report(seedanceError("INTERNAL_ERROR", 500));
    alerts.report(seedanceError("INVALID_PROMPT", 400));
    await alerts.idle();
    expect(dms).toHaveLength(0);
    expect(errors()).toHaveLength(0);
  });

  it("logs a failing DM instead of throwing, and still DMs the other owners", async () => {
    const { alerts, dms, errors } = setup({
      notify: async (userId) => {
        if (userId === OWNERS[0]) throw new Error("Cannot send messages to this user");
      },
    });
    expect(() => alerts.report(outOfCredits())).not.toThrow();
    await alerts.idle();
    expect(dms.map((dm) => dm.userId)).toEqual(OWNERS);
    const failures = errors().filter((line) => line.msg.startsWith("Could not DM"));
    expect(failures.map((line) => line.userId)).toEqual([OWNERS[0]]);
  });

  it("warns when there is no owner to tell", async () => {
    const { alerts, dms, logs } = setup({ owners: [] });
    alerts.report(badKey());
    await alerts.idle();
    expect(dms).toHaveLength(0);
    expect(logs.some((line) => line.level === 40 && line.msg.includes("BOT_OWNER_IDS"))).toBe(true);
  });

  it("DMs the owners once between the processes sharing a database, and again after the hour", async () => {
    const first = setup();
    const second = setup({ database: first.database, clock: first.clock });
    first.alerts.report(outOfCredits());
    await first.alerts.idle();
    second.alerts.report(outOfCredits());
    await second.alerts.idle();
    expect(first.dms).toHaveLength(OWNERS.length);
    expect(second.dms).toHaveLength(0);
    // Each process still logs what it saw: the logs are its own.
    expect([...first.errors(), ...second.errors()]).toHaveLength(2);

    first.clock.advance(HOUR);
    second.alerts.report(outOfCredits());
    first.alerts.report(outOfCredits());
    await Promise.all([first.alerts.idle(), second.alerts.idle()]);
    expect(second.dms).toHaveLength(OWNERS.length);
    expect(first.dms).toHaveLength(OWNERS.length);
  });

  it("logs a claim the database can't make, and DMs nobody", async () => {
    const { alerts, database, dms, errors } = setup();
    database.close();
    alerts.report(badKey());
    await alerts.idle();
    expect(dms).toHaveLength(0);
    expect(errors().map((line) => line.msg)).toContain(
      "Could not claim the owners' DM about Seedance",
    );
  });
});
