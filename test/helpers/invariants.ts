import { expect } from "vitest";
import type { BotDatabase } from "../../src/db/client.js";
import type { ConcurrencyLimits } from "../../src/services/jobs/job-store.js";
import { BAD_JOBS, BALANCE_DRIFT, guildsOverCap, membersOverCap } from "./invariant-queries.js";

/** The money invariants of issue #2, checked with plain SQL against whatever the code wrote. */
export function assertLedgerInvariants(database: BotDatabase, limits?: ConcurrencyLimits): void {
  const rows = (query: string) => database.sqlite.prepare(query).all();
  checkInvariants(rows(BALANCE_DRIFT), rows(BAD_JOBS));
  if (limits) {
    checkCaps(
      rows(membersOverCap(limits.activeJobsPerUser)),
      rows(guildsOverCap(limits.activeJobsPerGuild)),
    );
  }
}

export function checkInvariants(drift: unknown[], badJobs: unknown[]): void {
  expect(drift, "cached balance equals the sum of entries and is never negative").toEqual([]);
  expect(badJobs, "one charge of the price, at most one refund, never more back").toEqual([]);
}

export function checkCaps(membersOver: unknown[], guildsOver: unknown[]): void {
  expect(membersOver, "active jobs per member within the cap").toEqual([]);
  expect(guildsOver, "active jobs per server within the cap").toEqual([]);
}
