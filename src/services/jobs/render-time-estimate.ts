import type { Job } from "../../db/schema.js";
import { typicalRenderMs } from "../../domain/render-time.js";
import { DURATIONS, RESOLUTIONS } from "../../domain/video-settings.js";
import type { JobStorePort } from "../storage/storage.js";
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
 * jobs (submission → Seedance reported it done). Estimates are read once at start-up and again
 * when a job with those settings finishes, never per poll: `expectedMs` answers at once from
 * what was learned, or from the built-in table.
 */
export function createRenderTimeEstimate(
  jobs: Pick<JobStorePort, "recentRenderTimes">,
  options: RenderTimeOptions = DEFAULTS,
) {
  const learned = new Map<string, number>();
  const keyOf = (settings: RenderSettings) => `${settings.resolution}/${settings.duration}`;

  async function learn(settings: RenderSettings): Promise<void> {
    const took = (await jobs.recentRenderTimes(settings, options.recent)).sort((a, b) => a - b);
    if (took.length < options.minimum) return;
    const middle = Math.floor(took.length / 2);
    const median =
      took.length % 2 === 1
        ? (took[middle] ?? 0)
        : ((took[middle - 1] ?? 0) + (took[middle] ?? 0)) / 2;
    learned.set(keyOf(settings), Math.max(1, Math.round(median)));
  }

  return {
    /** Learns every setting's render time; start-up awaits it before resuming jobs. */
    async prime(): Promise<void> {
      const every = RESOLUTIONS.flatMap((resolution) =>
        DURATIONS.map((duration) => learn({ resolution, duration })),
      );
      await Promise.all(every);
    },

    /** For the poll schedule and the progress bar's "usually about …". */
    expectedMs(settings: RenderSettings): number {
      return (
        learned.get(keyOf(settings)) ?? typicalRenderMs(settings.resolution, settings.duration)
      );
    },

    /** A job with these settings finished: learn again, including it. */
    refresh: learn,
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
