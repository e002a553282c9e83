import type { Job } from "../../db/schema.js";
import { typicalRenderMs } from "../../domain/render-time.js";
import type { JobQueries } from "./job-queries.js";
import type { PollAnchor } from "./poll-schedule.js";

/** What the render time depends on. */
export type RenderSettings = Pick<Job, "resolution" | "duration">;

export interface RenderTimeOptions {
  /** The median of this many latest finished jobs with the same settings... */
  readonly recent: number;
  /** ...once there are at least this many; until then, the built-in table. */
  readonly minimum: number;
}

const DEFAULTS: RenderTimeOptions = { recent: 20, minimum: 5 };

export type RenderTimeEstimate = ReturnType<typeof createRenderTimeEstimate>;

/**
 * How long a job with these settings will probably take, learned from this bot's own finished
 * jobs (submission → Seedance reported it done). One small indexed read per settings, cached
 * until a job with those settings finishes: never a query per poll.
 */
export function createRenderTimeEstimate(
  jobs: Pick<JobQueries, "recentRenderTimes">,
  options: RenderTimeOptions = DEFAULTS,
) {
  const cache = new Map<string, number>();
  const keyOf = (settings: RenderSettings) => `${settings.resolution}/${settings.duration}`;

  function learn(settings: RenderSettings): number {
    const took = jobs.recentRenderTimes(settings, options.recent).sort((a, b) => a - b);
    if (took.length < options.minimum)
      return typicalRenderMs(settings.resolution, settings.duration);
    const middle = Math.floor(took.length / 2);
    const median =
      took.length % 2 === 1
        ? (took[middle] ?? 0)
        : ((took[middle - 1] ?? 0) + (took[middle] ?? 0)) / 2;
    return Math.max(1, Math.round(median));
  }

  return {
    /** For the poll schedule and the progress bar's "usually about …". */
    expectedMs(settings: RenderSettings): number {
      const key = keyOf(settings);
      const cached = cache.get(key);
      if (cached !== undefined) return cached;
      const learned = learn(settings);
      cache.set(key, learned);
      return learned;
    },

    /** A job with these settings finished: the next estimate reads the jobs table again. */
    refresh(settings: RenderSettings): void {
      cache.delete(keyOf(settings));
    },
  };
}

/**
 * A job's poll anchor from its row: the expected finish stored at submission, or (for jobs
 * submitted before that column existed) today's estimate.
 */
export function pollAnchorOf(
  job: Pick<Job, "resolution" | "duration" | "createdAt" | "submittedAt" | "expectedFinishAt">,
  estimate: Pick<RenderTimeEstimate, "expectedMs">,
): PollAnchor {
  const submittedAt = job.submittedAt ?? job.createdAt;
  const expectedMs =
    job.expectedFinishAt === null ? estimate.expectedMs(job) : job.expectedFinishAt - submittedAt;
  return { submittedAt, expectedMs: Math.max(1, expectedMs) };
}
