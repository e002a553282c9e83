import type { Logger } from "pino";
import type { Clock } from "../../lib/clock.js";

/** What a check decides; the poller applies it. */
export type PollDecision =
  | { readonly kind: "again"; readonly notBeforeMs?: number | null }
  | { readonly kind: "done" };

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
}

interface Entry {
  dueAt: number;
  intervalMs: number;
  running: boolean;
}

const BACKOFF = 1.5;
const DEFAULT_CONCURRENCY = 16;
const JITTER = 0.2;

export type Poller = ReturnType<typeof createPoller>;

/**
 * Schedules status checks for jobs in flight: first after the base interval, then backing off
 * ×1.5 up to the cap with ±20 % jitter, so a job costs about log₁.₅(duration / base) polls rather
 * than duration / base, and a thousand jobs don't poll in lockstep.
 */
export function createPoller(options: PollerOptions) {
  const { clock } = options;
  const entries = new Map<string, Entry>();
  let wake = new AbortController();
  let loop: Promise<void> | null = null;
  let stopped = true;

  const jittered = (ms: number) => Math.round(ms * (1 - JITTER + 2 * JITTER * options.random()));

  function reschedule(jobId: string, entry: Entry, decision: PollDecision): void {
    if (decision.kind === "done") {
      entries.delete(jobId);
      return;
    }
    entry.intervalMs = Math.min(entry.intervalMs * BACKOFF, options.maxIntervalMs);
    entry.dueAt = clock.now() + Math.max(jittered(entry.intervalMs), decision.notBeforeMs ?? 0);
  }

  async function runCheck(jobId: string, entry: Entry): Promise<void> {
    entry.running = true;
    let decision: PollDecision;
    try {
      decision = await options.check(jobId);
    } catch (error) {
      // A bug in one check must not stop the others; the job keeps its place and is retried.
      options.logger.error({ err: error, jobId }, "Job check failed unexpectedly");
      decision = { kind: "again" };
    }
    entry.running = false;
    if (entries.get(jobId) === entry) reschedule(jobId, entry, decision);
  }

  /** Runs every check that is due now, at most `concurrency` at a time. */
  async function tick(): Promise<void> {
    const now = clock.now();
    const due = [...entries].filter(([, entry]) => !entry.running && entry.dueAt <= now);
    let next = 0;
    const worker = async () => {
      while (next < due.length) {
        const item = due[next++];
        if (item) await runCheck(...item);
      }
    };
    await Promise.all(
      Array.from(
        { length: Math.min(options.concurrency ?? DEFAULT_CONCURRENCY, due.length) },
        worker,
      ),
    );
  }

  function msUntilNextDue(): number {
    let earliest = Number.POSITIVE_INFINITY;
    for (const entry of entries.values()) {
      if (!entry.running && entry.dueAt < earliest) earliest = entry.dueAt;
    }
    return Math.min(Math.max(0, earliest - clock.now()), options.maxIntervalMs);
  }

  async function run(): Promise<void> {
    while (!stopped) {
      await tick();
      if (stopped) break;
      try {
        await clock.sleep(msUntilNextDue(), wake.signal);
      } catch (error) {
        if (!wake.signal.aborted) throw error;
        // Woken early by track() or pollNow(): loop round and look again.
        wake = new AbortController();
      }
    }
  }

  return {
    tick,

    get size(): number {
      return entries.size;
    },

    track(jobId: string): void {
      if (entries.has(jobId)) return;
      const intervalMs = options.baseIntervalMs;
      entries.set(jobId, { dueAt: clock.now() + jittered(intervalMs), intervalMs, running: false });
      wake.abort();
    },

    /** Checks the job at the next opportunity, e.g. when Seedance calls back. */
    pollNow(jobId: string): boolean {
      const entry = entries.get(jobId);
      if (!entry) return false;
      entry.dueAt = clock.now();
      wake.abort();
      return true;
    },

    start(): void {
      if (!stopped) return;
      stopped = false;
      loop = run();
    },

    /** Stops scheduling and waits for the checks already under way. */
    async stop(): Promise<void> {
      stopped = true;
      wake.abort();
      await loop;
      loop = null;
    },
  };
}
