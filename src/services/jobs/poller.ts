import type { Logger } from "pino";
import type { Clock } from "../../lib/clock.js";
import { JITTER, nextPoll, type PollAnchor } from "./poll-schedule.js";

/** Status requests that may wait on the network at once. */
const DEFAULT_CONCURRENCY = 16;
/**
 * A poll may start this much before it is due, so that one wake-up starts every poll due in the
 * window: at hundreds of polls a second, a wake-up per poll was a timer and a promise each.
 */
const DISPATCH_AHEAD_MS = 25;
/** The reason a sleep is cut short; one object, not an AbortError (and its stack) per wake-up. */
const WOKEN = Object.freeze({ woken: true });

/** What a check decides; the poller applies it. */
export type PollDecision =
  | { readonly kind: "again"; readonly notBeforeMs?: number | null }
  | { readonly kind: "done" };

/** Poll counts go to metrics, never to the database: no fsync on the poll path. */
export interface PollMetrics {
  readonly statusPolls: { inc(): void };
  readonly pollsPerJob: { observe(polls: number): void };
}

export interface PollerOptions {
  readonly clock: Clock;
  readonly logger: Logger;
  /** Uniform in [0, 1); injected so tests can pin the jitter. */
  readonly random: () => number;
  readonly baseIntervalMs: number;
  readonly maxIntervalMs: number;
  /** How many checks may be waiting on the network at once. */
  readonly concurrency?: number;
  readonly check: (jobId: string) => Promise<PollDecision>;
  readonly metrics: PollMetrics;
}

interface Entry {
  readonly jobId: string;
  readonly anchor: PollAnchor;
  dueAt: number;
  /** The planned poll (from submission) that `dueAt` stands for; null for an extra poll. */
  plannedMs: number | null;
  polls: number;
  running: boolean;
}

export type Poller = ReturnType<typeof createPoller>;

/**
 * Checks jobs in flight, each on its own schedule around its expected finish (poll-schedule.ts).
 * A pool of `concurrency` slots keeps pulling whichever jobs are due, so a status request that
 * hangs until its timeout holds one slot, never the other jobs' polls.
 */
export function createPoller(options: PollerOptions) {
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const { clock, metrics } = options;
  const entries = new Map<string, Entry>();
  const inFlight = new Set<Promise<void>>();
  // Kept across sleeps until it is used (a signal aborts once); a sleep that ends on time takes
  // its listener off it.
  let wake: AbortController | null = null;
  /** When the loop's sleep ends; a job due sooner must wake it. */
  let loopWakesAt = Number.POSITIVE_INFINITY;
  let loop: Promise<void> | null = null;
  let stopped = true;
  let closing = false;

  function schedule(entry: Entry, afterMs: number): void {
    const { anchor } = entry;
    const { baseIntervalMs, maxIntervalMs } = options;
    const planned = nextPoll(
      { expectedMs: anchor.expectedMs, baseIntervalMs, maxIntervalMs },
      afterMs,
    );
    entry.plannedMs = planned.atMs;
    entry.dueAt = anchor.submittedAt + planned.atMs + (2 * options.random() - 1) * planned.spreadMs;
  }

  function apply(jobId: string, entry: Entry, decision: PollDecision, servedMs: number): void {
    if (decision.kind === "done") {
      entries.delete(jobId);
      metrics.pollsPerJob.observe(entry.polls);
      return;
    }
    const now = clock.now();
    // Skips planned polls that passed while this one waited: no burst after a slow answer.
    schedule(entry, Math.max(now - entry.anchor.submittedAt, servedMs));
    entry.dueAt = Math.max(entry.dueAt, now + (decision.notBeforeMs ?? 0));
  }

  async function decide(jobId: string): Promise<PollDecision> {
    try {
      return await options.check(jobId);
    } catch (error) {
      // A bug in one check must not stop the others; the job keeps its place and is retried.
      options.logger.error({ err: error, jobId }, "Job check failed unexpectedly");
      return { kind: "again" };
    }
  }

  function wakeBy(dueAt: number): void {
    if (dueAt < loopWakesAt) wake?.abort(WOKEN);
  }

  function begin(entry: Entry): void {
    entry.running = true;
    entry.polls += 1;
    metrics.statusPolls.inc();
    const servedMs = entry.plannedMs ?? 0;
    const work = decide(entry.jobId).then((decision) => {
      entry.running = false;
      if (entries.get(entry.jobId) === entry) apply(entry.jobId, entry, decision, servedMs);
      inFlight.delete(work);
      // A slot is free and a due time moved: pull the next due job now, and re-aim the loop
      // only if something is now due before it wakes.
      if (!closing) wakeBy(dispatch());
    });
    inFlight.add(work);
  }

  /** The waiting job due first, or null. A scan, not a sorted copy: this runs for every poll. */
  function earliestWaiting(): Entry | null {
    let earliest: Entry | null = null;
    for (const entry of entries.values()) {
      if (!entry.running && (earliest === null || entry.dueAt < earliest.dueAt)) earliest = entry;
    }
    return earliest;
  }

  /**
   * Starts due checks, most overdue first, while slots are free. Returns when the next waiting
   * job falls due, or +∞ when every slot is taken (a finishing check dispatches again).
   */
  function dispatch(): number {
    const now = clock.now();
    while (inFlight.size < concurrency) {
      const next = earliestWaiting();
      if (next === null || next.dueAt > now + DISPATCH_AHEAD_MS) {
        return next?.dueAt ?? Number.POSITIVE_INFINITY;
      }
      begin(next);
    }
    return Number.POSITIVE_INFINITY;
  }

  async function run(): Promise<void> {
    while (!stopped) {
      const now = clock.now();
      const controller = wake?.signal.aborted === false ? wake : new AbortController();
      wake = controller;
      loopWakesAt = Math.min(dispatch(), now + options.maxIntervalMs);
      try {
        await clock.sleep(loopWakesAt - now, controller.signal);
      } catch (error) {
        // Woken early by track(), pollNow() or a finished check: loop round and look again.
        if (!controller.signal.aborted) throw error;
      } finally {
        loopWakesAt = Number.POSITIVE_INFINITY;
      }
    }
    wake = null;
  }

  return {
    /**
     * Starts what is due, for tests and simulations on a manual clock; resolves after one turn
     * of the event loop, once checks that answer at once have been applied (a check still on
     * the network keeps its slot, as in the real loop).
     */
    async tick(): Promise<void> {
      dispatch();
      await new Promise((resolve) => setImmediate(resolve));
    },

    get size(): number {
      return entries.size;
    },

    /** Follows a job from its submission; after a restart, picks its schedule up where it is. */
    track(jobId: string, anchor: PollAnchor): void {
      if (entries.has(jobId)) return;
      const entry: Entry = { jobId, anchor, dueAt: 0, plannedMs: null, polls: 0, running: false };
      const elapsed = clock.now() - anchor.submittedAt;
      schedule(entry, elapsed);
      // Resumed mid-schedule: a planned poll may have fallen in the downtime, so check soon.
      const soon = clock.now() + options.baseIntervalMs * (1 + JITTER * (2 * options.random() - 1));
      if (elapsed >= options.baseIntervalMs && soon < entry.dueAt) {
        entry.dueAt = soon;
        entry.plannedMs = null;
      }
      entries.set(jobId, entry);
      wakeBy(entry.dueAt);
    },

    /** The jobs being polled. */
    jobIds(): string[] {
      return [...entries.keys()];
    },

    /**
     * Stops polling a job another process now holds; a check under way finishes, but its
     * decision is dropped.
     */
    forget(jobId: string): void {
      entries.delete(jobId);
    },

    /** Checks the job at the next opportunity, e.g. when Seedance calls back. */
    pollNow(jobId: string): boolean {
      const entry = entries.get(jobId);
      if (!entry) return false;
      entry.dueAt = clock.now();
      entry.plannedMs = null;
      wakeBy(entry.dueAt);
      return true;
    },

    start(): void {
      if (!stopped) return;
      stopped = false;
      closing = false;
      loop = run();
    },

    /** Stops scheduling and waits for the checks already under way. */
    async stop(): Promise<void> {
      stopped = true;
      closing = true;
      wake?.abort();
      await loop;
      loop = null;
      await Promise.allSettled([...inFlight]);
    },
  };
}
