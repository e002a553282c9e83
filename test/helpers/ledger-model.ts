import fc from "fast-check";
import { expect } from "vitest";
import { priceOf } from "../../src/domain/pricing.js";
import { UserError } from "../../src/domain/user-error.js";
import type { ConcurrencyLimits, JobReservation } from "../../src/services/jobs/job-store.js";
import type { ManualClock } from "./clock.js";
import { reservation } from "./jobs.js";

/**
 * The model-based ledger test (test/unit/ledger-model.test.ts) with async commands, over any
 * store behind `ModelBackend`: what the ledger should hold is kept with plain arithmetic, and
 * every real call must be refused exactly when the model says so.
 */
export const MODEL_LIMITS: ConcurrencyLimits = { activeJobsPerGuild: 4, activeJobsPerUser: 2 };
const MEMBERS = ["200000000000000001", "200000000000000002", "200000000000000003"];
const DAY_MS = 86_400_000;

/** One server's credits in the store under test; every call concerns `guildId`. */
export interface ModelBackend {
  readonly guildId: string;
  readonly clock: ManualClock;
  topUp(amount: number): Promise<unknown>;
  remove(amount: number): Promise<unknown>;
  reserve(request: JobReservation): Promise<{ id: string }>;
  failAndRefund(jobId: string): Promise<number>;
  settle(jobId: string, consumedCredits: number): Promise<number>;
  /** Moves a settled job out of the active states, as delivery would. */
  finish(jobId: string): Promise<void>;
  setDailyLimit(limit: number | null): Promise<void>;
  balance(): Promise<number>;
}

interface ModelJob {
  id: string;
  userId: string;
  held: number;
  active: boolean;
  day: number;
}

interface Model {
  balance: number;
  dailyLimit: number | null;
  jobs: ModelJob[];
}

type Command = fc.AsyncCommand<Model, ModelBackend>;

const day = (real: ModelBackend) => Math.floor(real.clock.now() / DAY_MS);
const activeJobs = (model: Readonly<Model>) => model.jobs.filter((job) => job.active);

async function expectRefusal(shouldRefuse: boolean, action: () => Promise<unknown>) {
  if (!shouldRefuse) {
    await action();
    return false;
  }
  await expect(action()).rejects.toThrow(UserError);
  return true;
}

const command = (
  name: string,
  run: (model: Model, real: ModelBackend) => Promise<void>,
  check: (model: Readonly<Model>) => boolean = () => true,
): Command => ({ check, run, toString: () => name });

const topUp = (amount: number) =>
  command(`topUp(${amount})`, async (model, real) => {
    const refused = amount < 1 || amount > 1_000_000;
    if (!(await expectRefusal(refused, () => real.topUp(amount)))) model.balance += amount;
  });

const remove = (amount: number) =>
  command(`remove(${amount})`, async (model, real) => {
    const refused = amount > model.balance;
    if (!(await expectRefusal(refused, () => real.remove(amount)))) model.balance -= amount;
  });

type Settings = Pick<JobReservation, "resolution" | "duration" | "audio">;

const reserve = (member: number, settings: Settings) =>
  command(`reserve(${member}, ${JSON.stringify(settings)})`, async (model, real) => {
    const userId = MEMBERS[member] ?? "";
    const price = priceOf(settings);
    const active = activeJobs(model);
    const spent = model.jobs
      .filter((job) => job.userId === userId && job.day === day(real))
      .reduce((sum, job) => sum + job.held, 0);
    const refused =
      model.balance < price ||
      active.filter((job) => job.userId === userId).length >= MODEL_LIMITS.activeJobsPerUser ||
      active.length >= MODEL_LIMITS.activeJobsPerGuild ||
      (model.dailyLimit !== null && spent + price > model.dailyLimit);
    let id = "";
    const request = reservation({ ...settings, guildId: real.guildId, userId, price });
    const attempt = async () => {
      id = (await real.reserve(request)).id;
    };
    if (await expectRefusal(refused, attempt)) return;
    model.balance -= price;
    model.jobs.push({ id, userId, held: price, active: true, day: day(real) });
  });

const refund = (pick: number) =>
  command(
    `refund(#${pick})`,
    async (model, real) => {
      const active = activeJobs(model);
      const job = active[pick % active.length];
      if (!job) return;
      expect(await real.failAndRefund(job.id)).toBe(job.held);
      expect(await real.failAndRefund(job.id)).toBe(0);
      model.balance += job.held;
      Object.assign(job, { held: 0, active: false });
    },
    (model) => activeJobs(model).length > 0,
  );

/** A job finishing: Seedance reports its real cost, and the job leaves the active states. */
const finish = (pick: number, discount: number) =>
  command(
    `finish(#${pick}, -${discount})`,
    async (model, real) => {
      const active = activeJobs(model);
      const job = active[pick % active.length];
      if (!job) return;
      const consumed = Math.max(0, job.held - discount);
      expect(await real.settle(job.id, consumed)).toBe(job.held - consumed);
      await real.finish(job.id);
      model.balance += job.held - consumed;
      Object.assign(job, { held: consumed, active: false });
    },
    (model) => activeJobs(model).length > 0,
  );

const setLimit = (limit: number | null) =>
  command(`setLimit(${limit})`, async (model, real) => {
    await real.setDailyLimit(limit);
    model.dailyLimit = limit;
  });

const nextDay = command("nextDay()", async (_, real) => {
  real.clock.advance(DAY_MS);
});

const resolutions = fc.constantFrom("480p" as const, "720p" as const);
const durations = fc.constantFrom(4 as const, 8 as const, 12 as const);

const reservations = fc
  .tuple(fc.integer({ min: 0, max: MEMBERS.length - 1 }), resolutions, durations, fc.boolean())
  .map(([member, resolution, duration, audio]) => reserve(member, { resolution, duration, audio }));

/** Reservations come up twice as often as other commands, so runs reach the server's cap. */
export const modelCommands = [
  fc.integer({ min: -10, max: 400 }).map(topUp),
  fc.integer({ min: 1, max: 200 }).map(remove),
  reservations,
  reservations,
  fc.nat().map(refund),
  fc.tuple(fc.nat(), fc.integer({ min: 0, max: 10 })).map(([pick, off]) => finish(pick, off)),
  fc.option(fc.integer({ min: 1, max: 120 })).map(setLimit),
  fc.constant(nextDay),
];

/** Runs one command sequence from an empty server, then compares the balance with the model. */
export async function runModel(sequence: Iterable<Command>, real: ModelBackend): Promise<void> {
  const model: Model = { balance: 0, dailyLimit: null, jobs: [] };
  await fc.asyncModelRun(() => ({ model, real }), sequence);
  expect(await real.balance()).toBe(model.balance);
}
