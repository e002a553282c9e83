import type { Logger } from "pino";
import type { Job } from "../../db/schema.js";
import type { Clock } from "../../lib/clock.js";
import type { SeedanceClient } from "../seedance/client.js";
import type { JobStorePort } from "../storage/storage.js";
import type { JobFailures } from "./job-failure.js";
import type { RenderTimeEstimate } from "./render-time-estimate.js";

export interface AdoptionOptions {
  readonly store: JobStorePort;
  readonly seedance: SeedanceClient;
  readonly failures: JobFailures;
  readonly renderTimes: Pick<RenderTimeEstimate, "expectedMs">;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly track: (job: Job) => void;
  /** Checks a tracked job at once: its callback says the task just changed. */
  readonly pollNow: (jobId: string) => void;
  readonly background: (work: Promise<unknown>) => void;
  readonly shutdown: AbortSignal;
  /** How long a job found `reserved` waits for its task's callback before it is refunded. */
  readonly graceMs?: number;
}

const DEFAULT_GRACE_MS = 120_000;

/**
 * A job found `reserved` at start-up whose generate may have reached Seedance (the bot died
 * while waiting for the answer): with callbacks on, Seedance calls the job's signed URL when its
 * task changes. For a grace period that callback may hand the job its task — checked with
 * GET /status, and by the task's prompt — instead of refunding a video Seedance is making anyway.
 */
export function createAdoption(options: AdoptionOptions) {
  const { store, seedance, clock, logger } = options;
  const waiting = new Set<string>();

  async function refundUnlessAdopted(job: Job): Promise<void> {
    const stopped = await clock.sleep(options.graceMs ?? DEFAULT_GRACE_MS, options.shutdown).then(
      () => false,
      () => true, // shutting down: the job stays reserved for the next start
    );
    if (stopped || !waiting.delete(job.id)) return;
    await options.failures.fail(job, { code: "INTERRUPTED" });
  }

  async function adopt(jobId: string, taskId: string): Promise<void> {
    const job = await store.get(jobId);
    if (!job) return;
    const status = await seedance.getStatus(taskId);
    if (status.prompt !== null && status.prompt !== job.prompt) {
      logger.warn({ jobId: job.id, taskId }, "A callback named a task for another prompt");
      return;
    }
    if (!waiting.delete(job.id)) return;
    const expectedMs = options.renderTimes.expectedMs(job);
    if (!(await store.markSubmitted(job.id, taskId, expectedMs))) return;
    logger.info({ jobId: job.id, taskId }, "Adopted the task of a job interrupted mid-submit");
    const adopted = await store.get(job.id);
    if (!adopted) return;
    options.track(adopted);
    options.pollNow(job.id);
  }

  return {
    /** Holds the refund of an interrupted job for the grace period. */
    wait(job: Job): void {
      waiting.add(job.id);
      logger.info({ jobId: job.id }, "Waiting for Seedance's callback before refunding");
      options.background(refundUnlessAdopted(job));
    },

    /** A signed callback for the job named this task: adopt it if the job is waiting. */
    offer(jobId: string, taskId: string | null): boolean {
      if (taskId === null || !waiting.has(jobId)) return false;
      options.background(
        adopt(jobId, taskId).catch((error: unknown) =>
          logger.warn({ err: error, jobId, taskId }, "Could not check a callback's task"),
        ),
      );
      return true;
    },
  };
}
