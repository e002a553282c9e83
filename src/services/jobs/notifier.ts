import type { Job } from "../../db/schema.js";
import type { JobFailure } from "./job-store.js";

/** Where a message about a job ended up (DESIGN §4's route chain). */
export type NoticeRoute = "interaction" | "channel_edit" | "channel_post" | "dm";

export interface Shown {
  readonly route: NoticeRoute;
  /** The message now showing the job; a new one when the route posted instead of editing. */
  readonly messageId: string | null;
  /** The channel of that message (a DM channel for the `dm` route). */
  readonly channelId: string | null;
}

export type VideoOutcome = ({ readonly kind: "shown" } & Shown) | { readonly kind: "too-large" };

export interface VideoFile {
  readonly name: string;
  /** Usually backed by a temporary file; readable again for each attempt. */
  readonly data: Blob;
  /** Re-encoded to fit the upload limit; the message says so. */
  readonly compressed: boolean;
}

/** Why the video is shown as a link rather than a file. */
export type LinkReason = "too-large" | "download-failed";

/** What the ready ping says: the video is there, or it couldn't be made and the credits are back. */
export type JobEnding =
  | { readonly kind: "video" }
  | { readonly kind: "failed"; readonly refunded: number };

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
  link(job: Job, url: string, reason: LinkReason): Promise<Shown>;
  /** A short new message replying to the job's message, pinging only the member. Best effort. */
  ready(job: Job, ending: JobEnding): Promise<void>;
}
