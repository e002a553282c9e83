import { describe, expect, it } from "vitest";
import type { HistoryPage } from "../../src/services/credits/history.js";
import type { JobFailure, JobReservation } from "../../src/services/jobs/job-store.js";
import type { ManualClock } from "./clock.js";
import { ADMIN_ID, CHANNEL_ID, GUILD_ID, MEMBER_ID, reservation } from "./jobs.js";

type Maybe<T> = T | Promise<T>;

/** What a history test does to either ledger (SQLite's answers at once, PostgreSQL's later). */
export interface HistoryMoves {
  topUp(amount: number, reason?: string): Maybe<unknown>;
  remove(amount: number): Maybe<unknown>;
  reserve(prompt: string): Maybe<{ id: string }>;
  /** Stores the job's message id, as its first submit attempt does. */
  showMessage(jobId: string, messageId: string): Maybe<unknown>;
  refund(jobId: string): Maybe<unknown>;
  settle(jobId: string, consumedCredits: number): Maybe<unknown>;
  history(page: number): Maybe<HistoryPage>;
}

export const adminChange = (amount: number, reason?: string) => ({
  guildId: GUILD_ID,
  amount,
  actorId: ADMIN_ID,
  reason: reason ?? null,
});

export const jobReservation = (prompt: string) => reservation({ prompt });

const MINUTE = 60_000;
const MESSAGE_ID = "100000000000000042";

/** 23 top-ups: newest first, ten to a page, a page past the end shows the last. */
export async function expectTenToAPage(moves: HistoryMoves) {
  for (let amount = 1; amount <= 23; amount++) await moves.topUp(amount);
  const amounts = (page: HistoryPage) =>
    page.lines.map((line) => (line.kind === "job" ? 0 : line.amount));
  const first = await moves.history(1);
  expect(first.pageCount).toBe(3);
  expect(amounts(first)).toEqual([23, 22, 21, 20, 19, 18, 17, 16, 15, 14]);
  expect(amounts(await moves.history(3))).toEqual([3, 2, 1]);
  expect((await moves.history(99)).page).toBe(3);
}

/**
 * A top-up, a settled job with its message, a refunded job and a removal, a minute apart: the
 * page shows them newest first, each job's money on one line with its prompt and message.
 */
export async function expectMixedHistory(moves: HistoryMoves, clock: ManualClock) {
  const start = clock.now();
  await moves.topUp(100, "monthly budget");
  clock.advance(MINUTE);
  const settled = await moves.reserve("a red fox in the snow");
  await moves.showMessage(settled.id, MESSAGE_ID);
  clock.advance(MINUTE);
  const refunded = await moves.reserve("a *bold* owl");
  await moves.refund(refunded.id);
  clock.advance(MINUTE);
  await moves.remove(10);
  await moves.settle(settled.id, 20);
  const job = (id: string, prompt: string, minutes: number) => ({
    kind: "job",
    jobId: id,
    guildId: GUILD_ID,
    userId: MEMBER_ID,
    prompt,
    channelId: CHANNEL_ID,
    messageChannelId: null,
    charged: 28,
    createdAt: start + minutes * MINUTE,
  });
  expect(await moves.history(1)).toEqual({
    page: 1,
    pageCount: 1,
    lines: [
      {
        kind: "remove",
        amount: 10,
        actorId: ADMIN_ID,
        reason: null,
        createdAt: start + 3 * MINUTE,
      },
      { ...job(refunded.id, "a *bold* owl", 2), messageId: null, refunded: 28, settled: 0 },
      {
        ...job(settled.id, "a red fox in the snow", 1),
        messageId: MESSAGE_ID,
        refunded: 0,
        settled: 8,
      },
      { kind: "topup", amount: 100, actorId: ADMIN_ID, reason: "monthly budget", createdAt: start },
    ],
  });
}

/**
 * A job charged where the second page of raw entries would begin and refunded on the first:
 * pages count lines, so the job stays whole.
 */
export async function expectJobsWholeAcrossPages(moves: HistoryMoves) {
  await moves.topUp(100);
  const job = await moves.reserve("a job on the edge");
  for (let i = 0; i < 9; i++) await moves.topUp(1);
  await moves.refund(job.id);
  const first = await moves.history(1);
  expect(first.pageCount).toBe(2);
  expect(first.lines).toHaveLength(10);
  expect(first.lines[9]).toMatchObject({ kind: "job", jobId: job.id, charged: 28, refunded: 28 });
  expect((await moves.history(2)).lines).toMatchObject([{ kind: "topup", amount: 100 }]);
}

/** A ledger and job store of either database, as the history scenarios use them. */
export interface HistoryStores {
  readonly ledger: {
    topUp(change: ReturnType<typeof adminChange>): Maybe<unknown>;
    remove(change: ReturnType<typeof adminChange>): Maybe<unknown>;
    settleJob(jobId: string, consumedCredits: number): Maybe<unknown>;
    history(guildId: string, page: number): Maybe<HistoryPage>;
  };
  readonly jobs: {
    reserve(reservation: JobReservation): Maybe<{ id: string }>;
    recordSubmitAttempt(jobId: string, messageId: string): Maybe<unknown>;
    failAndRefund(jobId: string, failure: JobFailure): Maybe<unknown>;
  };
}

/**
 * The `history` scenarios on the stores the calling test file sets up (read when each test
 * runs, after its beforeEach), so SQLite and PostgreSQL run the very same ones.
 */
export function describeHistory(stores: () => HistoryStores, clock: () => ManualClock) {
  describe("history", () => {
    const moves: HistoryMoves = {
      topUp: (amount, reason) => stores().ledger.topUp(adminChange(amount, reason)),
      remove: (amount) => stores().ledger.remove(adminChange(amount)),
      reserve: (prompt) => stores().jobs.reserve(jobReservation(prompt)),
      showMessage: (jobId, messageId) => stores().jobs.recordSubmitAttempt(jobId, messageId),
      refund: (jobId) => stores().jobs.failAndRefund(jobId, { code: "failed" }),
      settle: (jobId, consumed) => stores().ledger.settleJob(jobId, consumed),
      history: (page) => stores().ledger.history(GUILD_ID, page),
    };

    it("pages newest first, ten to a page", () => expectTenToAPage(moves));

    it("puts a job's charge, refund and settlement on one line, with its prompt and message", () =>
      expectMixedHistory(moves, clock()));

    it("counts lines, not entries, so a page never splits a job", () =>
      expectJobsWholeAcrossPages(moves));
  });
}
