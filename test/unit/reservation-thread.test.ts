import { Worker } from "node:worker_threads";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Ledger } from "../../src/services/credits/ledger.js";
import {
  DailyLimitError,
  DatabaseBusyError,
  InsufficientCreditsError,
  TooManyActiveJobsError,
} from "../../src/services/credits/refusals.js";
import type { JobStore } from "../../src/services/jobs/job-store.js";
import {
  type ReservationThread,
  startReservationThread,
} from "../../src/services/storage/reservation-thread-client.js";
import { ManualClock } from "../helpers/clock.js";
import { openTempDatabase, type TempDatabase } from "../helpers/database.js";
import { assertLedgerInvariants } from "../helpers/invariants.js";
import { ADMIN_ID, createCredits, GUILD_ID, reservation } from "../helpers/jobs.js";

const LIMITS = { activeJobsPerGuild: 3, activeJobsPerUser: 2 };
const silent = pino({ enabled: false });

describe("the reservation thread", () => {
  let database: TempDatabase;
  let ledger: Ledger;
  let jobs: JobStore;
  let thread: ReservationThread;
  const clock = new ManualClock(Date.UTC(2026, 11, 2, 12));

  beforeEach(async () => {
    database = openTempDatabase();
    ({ ledger, jobs } = createCredits(database, clock, LIMITS));
    thread = await startReservationThread({ path: database.path, limits: LIMITS }, silent);
  });
  afterEach(async () => {
    await thread.close();
    assertLedgerInvariants(database);
    database.dispose();
  });

  const errorOf = (outcome: { ok: boolean; error?: unknown } | undefined) =>
    outcome && !outcome.ok ? outcome.error : null;

  it("commits a batch on its own connection, stamped with the main thread's time", async () => {
    ledger.topUp({ guildId: GUILD_ID, amount: 100, actorId: ADMIN_ID });
    const outcomes = await thread.commit(
      [reservation(), reservation({ userId: "2" })],
      clock.now(),
    );

    expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, true]);
    const first = outcomes[0];
    const stored = first?.ok ? jobs.get(first.value.id) : null;
    expect(stored).toMatchObject({ state: "reserved", createdAt: clock.now(), price: 28 });
    expect(first?.ok && first.value).toEqual(stored);
    expect(ledger.balance(GUILD_ID)).toBe(100 - 2 * 28);
  });

  it("hands back each refusal as its own class, with what the member is told", async () => {
    ledger.topUp({ guildId: GUILD_ID, amount: 28 * 3 + 5, actorId: ADMIN_ID });
    const outcomes = await thread.commit(
      [reservation(), reservation(), reservation(), reservation({ userId: "2" })],
      clock.now(),
    );

    expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, true, false, true]);
    const tooMany = errorOf(outcomes[2]);
    expect(tooMany).toBeInstanceOf(TooManyActiveJobsError);
    expect(tooMany).toMatchObject({ scope: "member", limit: 2, key: "refusals.tooManyMember" });

    const [broke] = await thread.commit([reservation({ userId: "3" })], clock.now());
    expect(errorOf(broke)).toBeInstanceOf(InsufficientCreditsError);
    expect(errorOf(broke)).toMatchObject({ cost: 28, balance: 5 });
    expect((errorOf(broke) as Error).message).toMatch(/costs \*\*28 credits\*\*/);
  });

  it("applies the daily limit to what the member spent today", async () => {
    ledger.topUp({ guildId: GUILD_ID, amount: 1_000, actorId: ADMIN_ID });
    ledger.setDailyLimit(GUILD_ID, 40);
    const [first, second] = await thread.commit([reservation(), reservation()], clock.now());
    expect(first?.ok).toBe(true);
    expect(errorOf(second)).toBeInstanceOf(DailyLimitError);
    expect(errorOf(second)).toMatchObject({ limit: 40, spentToday: 28, cost: 28 });
  });

  it("refuses the whole batch as busy when another connection holds the write lock", async () => {
    ledger.topUp({ guildId: GUILD_ID, amount: 100, actorId: ADMIN_ID });
    database.sqlite.exec("BEGIN IMMEDIATE");
    try {
      await expect(thread.commit([reservation()], clock.now())).rejects.toBeInstanceOf(
        DatabaseBusyError,
      );
    } finally {
      database.sqlite.exec("ROLLBACK");
    }
    expect(ledger.balance(GUILD_ID)).toBe(100);
    expect(thread.problem()).toBeNull();
  });

  it("finishes the commits under way before it closes, then takes no more", async () => {
    ledger.topUp({ guildId: GUILD_ID, amount: 100, actorId: ADMIN_ID });
    const underWay = thread.commit([reservation()], clock.now());
    await thread.close();
    expect((await underWay)[0]?.ok).toBe(true);
    await expect(thread.commit([reservation()], clock.now())).rejects.toThrow(/closing/);
    expect(ledger.balance(GUILD_ID)).toBe(100 - 28);
  });
});

describe("starting the reservation thread", () => {
  it("fails at start-up, not at the first command, when it can't open the database", async () => {
    await expect(
      startReservationThread({ path: "/nonexistent-folder/bot.db", limits: LIMITS }, silent),
    ).rejects.toThrow(/unable to open database file|directory does not exist/);
  });
});

describe("a reservation thread that stops after start-up", () => {
  /** A stand-in thread that says it is ready, then does `onCommit` with the first request. */
  const dyingThread = (onCommit: string) => () =>
    new Worker(
      `const { parentPort } = require("node:worker_threads");
       parentPort.postMessage({ ready: true });
       parentPort.once("message", () => { ${onCommit} });`,
      { eval: true },
    );

  it("rejects the commit it was given, and every later one, when the thread exits", async () => {
    const thread = await startReservationThread(
      { path: ":memory:", limits: LIMITS },
      silent,
      dyingThread("process.exit(3)"),
    );
    expect(thread.problem()).toBeNull();

    await expect(thread.commit([reservation()], Date.now())).rejects.toThrow(
      "The reservation thread exited (code 3)",
    );
    expect(thread.problem()).toBe("The reservation thread exited (code 3)");
    await expect(thread.commit([reservation()], Date.now())).rejects.toThrow(/exited \(code 3\)/);
  });

  it("logs the thread's error and reports it as the storage's problem", async () => {
    const logged: unknown[] = [];
    const logger = pino({ level: "error" }, { write: (line: string) => logged.push(line) });
    const thread = await startReservationThread(
      { path: ":memory:", limits: LIMITS },
      logger,
      dyingThread('throw new Error("disk on fire")'),
    );

    await expect(thread.commit([reservation()], Date.now())).rejects.toThrow(
      "The reservation thread failed: disk on fire",
    );
    expect(thread.problem()).toBe("The reservation thread failed: disk on fire");
    expect(String(logged[0])).toContain("The reservation thread failed");
  });
});
