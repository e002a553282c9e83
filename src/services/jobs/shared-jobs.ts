import type { Logger } from "pino";
import type { JobWakeup, JobWakeups } from "../../db/pg/job-wakeups.js";
import type { Clock } from "../../lib/clock.js";
import type { Cluster } from "../storage/storage.js";
import { createLeaseKeeper } from "./lease-keeper.js";
import type { JobPipeline } from "./pipeline.js";
import type { Poller } from "./poller.js";
import { createUnheardCallbacks } from "./unheard-callbacks.js";

export interface SharedJobsOptions {
  readonly cluster: Cluster;
  readonly pipeline: Pick<JobPipeline, "recovery" | "heardCallback">;
  readonly poller: Pick<Poller, "jobIds" | "forget" | "pollNow">;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly leaseMs: number;
}

export type SharedJobs = ReturnType<typeof createSharedJobs>;

/**
 * The jobs of several processes on one database (issue 17): each process works only on the
 * jobs it holds a lease on, takes over those of processes that died, and passes a callback it
 * received for someone else's job on to the holder.
 */
export function createSharedJobs(options: SharedJobsOptions) {
  const { cluster, pipeline, poller, logger } = options;
  // Every process hears every wake-up, so whichever one takes the job over has its callback.
  const unheard = createUnheardCallbacks(options.clock, 2 * options.leaseMs);
  const keeper = createLeaseKeeper({
    leases: cluster.leases,
    clock: options.clock,
    logger,
    leaseMs: options.leaseMs,
    // Its last holder may have died before hearing a callback: check it now, not on schedule.
    resume: (job) => {
      pipeline.recovery.resume(job);
      const taskId = unheard.take(job.id);
      if (taskId !== null) pipeline.heardCallback(job.id, taskId);
      poller.pollNow(job.id);
    },
    polling: () => poller.jobIds(),
    lost: (jobId) => poller.forget(jobId),
  });
  let wakeups: JobWakeups | null = null;

  /** Every process hears every wake-up; only the one polling the job (or adopting it) acts. */
  function onWakeup({ jobId, taskId }: JobWakeup): void {
    if (pipeline.heardCallback(jobId, taskId) || poller.pollNow(jobId)) {
      logger.debug({ jobId }, "Another process received this job's callback: polling now");
    } else if (taskId !== null) {
      unheard.keep(jobId, taskId);
    }
  }

  return {
    /** Listens, then claims the jobs this process resumes (its own first start included). */
    async start(): Promise<void> {
      wakeups = await cluster.openWakeups(onWakeup);
      await keeper.start();
    },

    /**
     * A callback for a job this process isn't polling: its holder polls it now; if its holder
     * died, this process takes it over at once rather than when the lease keeper next looks.
     */
    async forward(jobId: string, taskId: string | null): Promise<void> {
      // Taken over here, it resumes with this task: one taken over mid-submit waits for it.
      if (taskId !== null) unheard.keep(jobId, taskId);
      if (await keeper.claim(jobId)) {
        logger.info({ jobId }, "Took over a job whose callback arrived here");
        return;
      }
      await wakeups?.send({ jobId, taskId });
    },

    async stop(): Promise<void> {
      await keeper.stop();
      await wakeups?.close();
    },
  };
}
