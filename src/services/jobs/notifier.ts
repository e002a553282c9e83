import type { Job } from "../../db/schema.js";
import type { JobFailure } from "./job-store.js";

/** Where a message about a job ended up (DESIGN §4's route chain). */
export type NoticeRoute = "interaction" | "channel_edit" | "channel_post" | "dm";

export interface Shown {
  readonly route: NoticeRoute;
  /** The message now showing the job; a new one when the route posted instead of editing. */
  readonly messageId: string | null;
}

export type VideoOutcome = ({ readonly kind: "shown" } & Shown) | { readonly kind: "too-large" };

export interface VideoFile {
  readonly name: string;
  readonly data: Uint8Array;
}

/**
 * What the job services need to tell members, and nothing about how: `src/discord/` implements
 * it with the renderers and the route chain (interaction webhook → channel edit → channel post →
 * DM). A method that can't reach the member at all rejects; delivery retries it.
 */
export interface JobNotifier {
  /** Edits the job's message with its progress; never posts a new one. */
  progress(job: Job): Promise<void>;
  failed(job: Job, failure: JobFailure, refunded: number): Promise<Shown>;
  /** Uploads the video; Discord refusing it as too large is an outcome, not an error. */
  video(job: Job, file: VideoFile): Promise<VideoOutcome>;
  /** Shows the video as a link, for when it can't be uploaded. */
  link(job: Job, url: string): Promise<Shown>;
  /** A short new message that notifies the member (edits never do). Best effort. */
  ready(job: Job): Promise<void>;
}
