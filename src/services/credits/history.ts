import type { AnyColumn, SQL } from "../../db/drizzle/core.js";
import { sql } from "../../db/drizzle/core.js";
import type { LedgerKind } from "../../domain/credits.js";

export const HISTORY_PAGE_SIZE = 10;

/** An admin's top-up or removal: one entry, one line. */
export interface AdminLine {
  readonly kind: "topup" | "remove";
  /** Always positive; the kind says which way it went. */
  readonly amount: number;
  readonly actorId: string | null;
  readonly reason: string | null;
  readonly createdAt: number;
}

/** A job with all its money on one line: the charge, and what came back of it. */
export interface JobLine {
  readonly kind: "job";
  readonly jobId: string;
  readonly guildId: string;
  /** The member who was charged. */
  readonly userId: string | null;
  readonly prompt: string;
  readonly channelId: string;
  readonly messageId: string | null;
  readonly messageChannelId: string | null;
  readonly charged: number;
  readonly refunded: number;
  /** Given back because Seedance charged less than was reserved. */
  readonly settled: number;
  readonly createdAt: number;
}

export type HistoryLine = AdminLine | JobLine;

export interface HistoryPage {
  readonly lines: HistoryLine[];
  readonly page: number;
  readonly pageCount: number;
}

/**
 * One group of entries as both databases read it: its first entry (a job's charge, or the
 * admin's entry alone), the sums of the group, and the job when the group is one.
 */
export interface HistoryRow {
  readonly kind: LedgerKind;
  readonly guildId: string;
  readonly delta: number;
  readonly jobId: string | null;
  readonly actorId: string | null;
  readonly reason: string | null;
  readonly createdAt: number;
  readonly charged: number;
  readonly refunded: number;
  readonly settled: number;
  readonly job: {
    readonly prompt: string;
    readonly channelId: string;
    readonly messageId: string | null;
    readonly messageChannelId: string | null;
  } | null;
}

const ENTRY_FIELDS = [
  "kind",
  "guildId",
  "delta",
  "jobId",
  "actorId",
  "reason",
  "createdAt",
] as const;
const JOB_FIELDS = ["prompt", "channelId", "messageId", "messageChannelId"] as const;
const SUMS = ["charged", "refunded", "settled"] as const;

type Columns<Name extends string> = { readonly [name in Name]: AnyColumn };
/** The tables' columns the history reads, in either database's schema. */
type EntryColumns = Columns<"id" | (typeof ENTRY_FIELDS)[number]>;
type JobColumns = Columns<(typeof JOB_FIELDS)[number]>;

function pick<T, K extends keyof T>(from: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((key) => [key, from[key]])) as Pick<T, K>;
}

/**
 * The SQL both databases group the history with: a job's entries are one group, every other
 * entry its own (its id is the group key, where a job's is null); newest first by first entry.
 */
export function historyGroups<E extends EntryColumns>(entries: E) {
  const { id, jobId, kind, delta } = entries;
  const total = (of: LedgerKind, amount: SQL) =>
    sql<number>`coalesce(sum(CASE WHEN ${kind} = ${of} THEN ${amount} END), 0)`.mapWith(Number);
  return {
    lineCount: sql<number>`count(DISTINCT ${jobId}) + count(*) - count(${jobId})`.mapWith(Number),
    groupBy: [sql`${jobId}`, sql`CASE WHEN ${jobId} IS NULL THEN ${id} END`] as const,
    newestFirst: sql`min(${id}) DESC`,
    columns: {
      firstId: sql<number>`min(${id})`.mapWith(Number).as("first_id"),
      charged: total("charge", sql`-${delta}`).as("charged"),
      refunded: total("refund", sql`${delta}`).as("refunded"),
      settled: total("adjust", sql`${delta}`).as("settled"),
    },
  };
}

/** A group's row (`HistoryRow`): its first entry, joined, with the group's sums and job. */
export function historySelection<
  E extends EntryColumns,
  J extends JobColumns,
  G extends { readonly [sum in (typeof SUMS)[number]]: unknown },
>(entries: E, jobs: J, groups: G) {
  return { ...pick(entries, ENTRY_FIELDS), ...pick(groups, SUMS), job: pick(jobs, JOB_FIELDS) };
}

/** Pages count lines (groups), never raw entries, so a page never splits a job. */
export function historyPaging(lineCount: number, requested: number) {
  const pageCount = Math.max(1, Math.ceil(lineCount / HISTORY_PAGE_SIZE));
  const page = Math.min(Math.max(1, Math.trunc(requested) || 1), pageCount);
  return { page, pageCount, limit: HISTORY_PAGE_SIZE, offset: (page - 1) * HISTORY_PAGE_SIZE };
}

export function historyLine(row: HistoryRow): HistoryLine {
  if (row.jobId !== null && row.job !== null) {
    return {
      kind: "job",
      jobId: row.jobId,
      guildId: row.guildId,
      userId: row.actorId,
      ...row.job,
      charged: row.charged,
      refunded: row.refunded,
      settled: row.settled,
      createdAt: row.createdAt,
    };
  }
  // The schema makes every job entry name its job, so an entry alone is an admin's.
  if (row.kind !== "topup" && row.kind !== "remove") {
    throw new Error(`A ${row.kind} entry without its job in the history of ${row.guildId}`);
  }
  return {
    kind: row.kind,
    amount: Math.abs(row.delta),
    actorId: row.actorId,
    reason: row.reason,
    createdAt: row.createdAt,
  };
}
