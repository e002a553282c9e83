import type { Logger } from "pino";
import type { Job } from "../../db/schema.js";
import type { Clock } from "../../lib/clock.js";

/** The lease operations the keeper needs (PostgreSQL's pg-job-leases.ts). */
export interface JobLeases {
  /** Takes up to `limit` jobs that nobody holds or whose lease expired. */
  claim(limit: number): Promise<Job[]>;
  /** Extends this process's leases; says which of the `tracked` jobs it no longer holds. */
  renew(tracked: Iterable<string>): Promise<{ readonly lost: readonly string[] }>;
  /** Takes one job if it is free or its lease expired. */
  claimJob(jobId: string): Promise<Job | undefined>;
  /** Gives every lease back, so other processes need not wait for them to expire. */
  releaseAll(): Promise<number>;
}

export interface LeaseKeeperOptions {
  readonly leases: JobLeases;
  readonly clock: Clock;
  readonly logger: Logger;
  /** How long a lease lasts: renewed three times within it, so one slow round is harmless. */
  readonly leaseMs: number;
  /** Picks a claimed job up where its last holder left it, as start-up recovery does. */
  readonly resume: (job: Job) => void;
  /** The jobs this process is polling. */
  readonly polling: () => readonly string[];
  /** Stops polling a job whose lease another process now holds. */
  readonly lost: (jobId: string) => void;
  /** How many jobs one round takes over at most, so a process isn't flooded after a crash. */
  readonly claimBatch?: number;
}

/**
 * Keeps this process's job leases alive and takes over the jobs of processes that died
 * (issue 17). Every round renews what it holds, lets go of what it lost, then claims jobs
 * that are free or whose lease ran out and resumes them.
 */
export function createLeaseKeeper(options: LeaseKeeperOptions) {
  const { leases, clock, logger } = options;
  const intervalMs = Math.max(1, Math.floor(options.leaseMs / 3));
  const shutdown = new AbortController();
  let loop: Promise<void> | null = null;

  async function round(): Promise<void> {
    const { lost } = await leases.renew(options.polling());
    for (const jobId of lost) {
      logger.warn({ jobId }, "Lost a job's lease to another process; no longer polling it");
      options.lost(jobId);
    }
    const claimed = await leases.claim(options.claimBatch ?? 50);
    for (const job of claimed) options.resume(job);
    if (claimed.length > 0) logger.info({ count: claimed.length }, "Took over jobs");
  }

  async function run(): Promise<void> {
    while (!shutdown.signal.aborted) {
      try {
        await round();
      } catch (error) {
        // The database may be briefly unreachable; leases last three rounds.
        logger.warn({ err: error }, "Could not renew or claim job leases");
      }
      await clock.sleep(intervalMs, shutdown.signal).catch(() => undefined);
    }
  }

  return {
    /**
     * The first round claims what this process resumes at start-up; then one per interval.
     * Leases still held under this id from before a restart (same PROCESS_ID, e.g. a container
     * restarted) go back first, so they are claimed and resumed rather than silently renewed.
     */
    async start(): Promise<void> {
      await leases.releaseAll();
      await round();
      loop = (async () => {
        await clock.sleep(intervalMs, shutdown.signal).catch(() => undefined);
        await run();
      })();
    },

    /** One renew-and-claim round now (the loop runs one per interval). */
    round,

    /** Takes over one job now if its holder died (its callback just arrived here). */
    async claim(jobId: string): Promise<boolean> {
      const job = await leases.claimJob(jobId);
      if (job) options.resume(job);
      return job !== undefined;
    },

    /** After the pipeline stopped: give every lease back at once. */
    async stop(): Promise<void> {
      shutdown.abort();
      await loop;
      const released = await leases.releaseAll();
      logger.info({ released }, "Released job leases");
    },
  };
}
