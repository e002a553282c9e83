/** The words every layer shares for a video's settings (DESIGN §2, seedance-api.md). */
export const ASPECT_RATIOS = ["16:9", "9:16", "1:1", "4:3", "3:4", "21:9", "9:21"] as const;
export type AspectRatio = (typeof ASPECT_RATIOS)[number];

export const RESOLUTIONS = ["480p", "720p"] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

export const DURATIONS = [4, 8, 12] as const;
export type Duration = (typeof DURATIONS)[number];

/** Text to video, or image to video. */
export const JOB_KINDS = ["text", "image"] as const;
export type JobKind = (typeof JOB_KINDS)[number];

export const PROMPT_MAX = 2000;

/** What a member asked for: enough to price a job and to make it again. */
export interface JobSettings {
  readonly kind: JobKind;
  readonly prompt: string;
  readonly aspectRatio: AspectRatio;
  readonly resolution: Resolution;
  readonly duration: Duration;
  readonly audio: boolean;
  readonly fixedLens: boolean;
  readonly imageUrl: string | null;
}

/** The settings of a stored job, without the rest of its row. */
export function settingsOf(job: JobSettings): JobSettings {
  const { kind, prompt, aspectRatio, resolution, duration, audio, fixedLens, imageUrl } = job;
  return { kind, prompt, aspectRatio, resolution, duration, audio, fixedLens, imageUrl };
}
