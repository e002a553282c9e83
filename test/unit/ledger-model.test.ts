import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { priceOf } from "../../src/domain/pricing.js";
import { UserError } from "../../src/domain/user-error.js";
import type { Ledger } from "../../src/services/credits/ledger.js";
import type { JobStore } from "../../src/services/jobs/job-store.js";
import { ManualClock } from "../helpers/clock.js";
import { openTempDatabase, type TempDatabase } from "../helpers/database.js";
import { assertLedgerInvariants } from "../helpers/invariants.js";
import { createCredits, reservation } from "../helpers/jobs.js";

const LIMITS = { activeJobsPerGuild: 4, activeJobsPerUser: 2 };
const MEMBERS = ["200000000000000001", "200000000000000002", "200000000000000003"];
const DAY_MS = 86_400_000;

/** What the ledger should hold, kept with plain arithmetic. */
interface Model {
  balance: number;
  dailyLimit: number | null;
  jobs: {
    id: string;
    userId: string;
    held: number;
    active: boolean;
    settled: boolean;
    day: number;
  }[];
}

interface Real {
  ledger: Ledger;
  jobs: JobStore;
  database: TempDatabase;
  clock: ManualClock;
  guildId: string;
}

const day = (real: Real) => Math.floor(real.clock.now() / DAY_MS);

const spentToday = (model: Model, userId: string, today: number) =>
  model.jobs
    .filter((job) => job.userId === userId && job.day === today)
    .reduce((sum, job) => sum + job.held, 0);

/** Runs `action` and checks it was refused exactly when the model says it must be. */
function expectRefusal(shouldRefuse: boolean, action: () => unknown): boolean {
  if (!shouldRefuse) {
    action();
    return false;
  }
  expect(action).toThrow(UserError);
  return true;
}

class TopUp implements fc.Command<Model, Real> {
  constructor(readonly amount: number) {}
  check = () => true;
  run(model: Model, real: Real) {
    const valid = this.amount >= 1 && this.amount <= 1_000_000;
    const add = () =>
      real.ledger.topUp({ guildId: real.guildId, amount: this.amount, actorId: "1" });
    if (!expectRefusal(!valid, add)) model.balance += this.amount;
  }
  toString = () => `topUp(${this.amount})`;
}

class Remove implements fc.Command<Model, Real> {
  constructor(readonly amount: number) {}
  check = () => true;
  run(model: Model, real: Real) {
    const remove = () =>
      real.ledger.remove({ guildId: real.guildId, amount: this.amount, actorId: "1" });
    if (!expectRefusal(this.amount > model.balance, remove)) model.balance -= this.amount;
  }
  toString = () => `remove(${this.amount})`;
}

class Reserve implements fc.Command<Model, Real> {
  constructor(
    readonly member: number,
    readonly resolution: "480p" | "720p",
    readonly duration: 4 | 8 | 12,
    readonly audio: boolean,
  ) {}
  check = () => true;
  run(model: Model, real: Real) {
    const userId = MEMBERS[this.member] ?? "";
    const price = priceOf(this);
    const active = model.jobs.filter((job) => job.active);
    const refused =
      model.balance < price ||
      active.filter((job) => job.userId === userId).length >= LIMITS.activeJobsPerUser ||
      active.length >= LIMITS.activeJobsPerGuild ||
      (model.dailyLimit !== null &&
        spentToday(model, userId, day(real)) + price > model.dailyLimit);
    let jobId = "";
    const reserve = () => {
      jobId = real.jobs.reserve(reservation({ ...this, guildId: real.guildId, userId, price })).id;
    };
    if (expectRefusal(refused, reserve)) return;
    model.balance -= price;
    model.jobs.push({
      id: jobId,
      userId,
      held: price,
      active: true,
      settled: false,
      day: day(real),
    });
  }
  toString = () => `reserve(${this.member}, ${this.resolution}, ${this.duration}, ${this.audio})`;
}

class Refund implements fc.Command<Model, Real> {
  constructor(readonly pick: number) {}
  check = (model: Readonly<Model>) => model.jobs.some((job) => job.active);
  run(model: Model, real: Real) {
    const active = model.jobs.filter((job) => job.active);
    const job = active[this.pick % active.length];
    if (!job) return;
    expect(real.jobs.failAndRefund(job.id, { code: "failed" })).toBe(job.held);
    expect(real.jobs.failAndRefund(job.id, { code: "again" })).toBe(0);
    model.balance += job.held;
    Object.assign(job, { held: 0, active: false });
  }
  toString = () => `refund(#${this.pick})`;
}

/** A job finishing: Seedance reports its real cost, and the job leaves the active states. */
class Finish implements fc.Command<Model, Real> {
  constructor(
    readonly pick: number,
    readonly discount: number,
  ) {}
  check = (model: Readonly<Model>) => model.jobs.some((job) => job.active);
  run(model: Model, real: Real) {
    const active = model.jobs.filter((job) => job.active);
    const job = active[this.pick % active.length];
    if (!job) return;
    const consumed = Math.max(0, job.held - this.discount);
    expect(real.ledger.settleJob(job.id, consumed)).toBe(job.held - consumed);
    real.database.sqlite.prepare("UPDATE jobs SET state = 'delivered' WHERE id = ?").run(job.id);
    model.balance += job.held - consumed;
    Object.assign(job, { held: consumed, active: false, settled: true });
  }
  toString = () => `finish(#${this.pick}, -${this.discount})`;
}

class SetLimit implements fc.Command<Model, Real> {
  constructor(readonly limit: number | null) {}
  check = () => true;
  run(model: Model, real: Real) {
    real.ledger.setDailyLimit(real.guildId, this.limit);
    model.dailyLimit = this.limit;
  }
  toString = () => `setLimit(${this.limit})`;
}

class NextDay implements fc.Command<Model, Real> {
  check = () => true;
  run(_: Model, real: Real) {
    real.clock.advance(DAY_MS);
  }
  toString = () => "nextDay()";
}

const commands = [
  fc.integer({ min: -10, max: 400 }).map((amount) => new TopUp(amount)),
  fc.integer({ min: 1, max: 200 }).map((amount) => new Remove(amount)),
  fc
    .tuple(
      fc.integer({ min: 0, max: MEMBERS.length - 1 }),
      fc.constantFrom("480p" as const, "720p" as const),
      fc.constantFrom(4 as const, 8 as const, 12 as const),
      fc.boolean(),
    )
    .map((args) => new Reserve(...args)),
  fc.nat().map((pick) => new Refund(pick)),
  fc.tuple(fc.nat(), fc.integer({ min: 0, max: 10 })).map(([pick, off]) => new Finish(pick, off)),
  fc.option(fc.integer({ min: 1, max: 120 })).map((limit) => new SetLimit(limit)),
  fc.constant(new NextDay()),
];

describe("ledger model", () => {
  let database: TempDatabase;
  let runs = 0;

  beforeAll(() => {
    database = openTempDatabase();
  });
  afterAll(() => database.dispose());

  it("matches a simple model and keeps every invariant over random sequences", () => {
    fc.assert(
      fc.property(fc.commands(commands, { maxCommands: 80, size: "max" }), (sequence) => {
        // A fresh server per run keeps runs independent while sharing one real database file.
        const guildId = String(300000000000000000n + BigInt(++runs));
        const clock = new ManualClock();
        const { ledger, jobs } = createCredits(database, clock, LIMITS);
        const model: Model = { balance: 0, dailyLimit: null, jobs: [] };
        fc.modelRun(() => ({ model, real: { ledger, jobs, database, clock, guildId } }), sequence);
        expect(ledger.balance(guildId)).toBe(model.balance);
        assertLedgerInvariants(database, LIMITS);
      }),
      { seed: 20261126, numRuns: 150 },
    );
  });
});
