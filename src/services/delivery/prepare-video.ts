import type { Job } from "../../db/schema.js";
import type { LinkReason } from "../jobs/notifier.js";
import type { VideoFitter } from "./fit-video.js";
import { downloadCapBytes, downloadVideo } from "./video-download.js";

/** The video's bytes, ready to upload: within the job's upload limit as far as we know. */
export interface PreparedFile {
  readonly name: string;
  readonly data: Buffer;
  /** Re-encoded to fit the upload limit; the message says so. */
  readonly compressed: boolean;
}

export type PreparedVideo =
  | { readonly kind: "file"; readonly file: PreparedFile }
  | { readonly kind: "link"; readonly reason: LinkReason };

export interface PrepareOptions {
  readonly fitter: Pick<VideoFitter, "fit">;
  readonly downloadTimeoutMs: number;
  readonly fetch?: typeof globalThis.fetch;
}

/** Names the file after the prompt: `red-fox-trotting-through-snow.mp4`, ASCII, ≤ 60 chars. */
function videoFileName(prompt: string): string {
  const slug = prompt
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  const words = slug.split("-").filter(Boolean);
  let name = "";
  for (const word of words) {
    const next = name ? `${name}-${word}` : word;
    if (next.length > 56) break;
    name = next;
  }
  return `${name || "video"}.mp4`;
}

/** Compresses `data` to fit `limit`, or says to send the link instead. */
export async function fitOrLink(
  fitter: Pick<VideoFitter, "fit">,
  name: string,
  data: Buffer,
  limit: number,
): Promise<PreparedVideo> {
  const fitted = await fitter.fit(data, limit);
  return fitted.kind === "fitted"
    ? { kind: "file", file: { name, data: fitted.data, compressed: true } }
    : { kind: "link", reason: "too-large" };
}

/**
 * The video as a file that fits the job's upload limit: downloaded (only an MP4 of the size it
 * claims), and re-encoded with ffmpeg when it is over the limit. A failed download throws so
 * delivery retries it — except on the last try, which settles for the link.
 */
export async function prepareVideo(
  job: Job,
  videoUrl: string,
  options: PrepareOptions,
  lastTry: boolean,
): Promise<PreparedVideo> {
  const limit = job.uploadLimitBytes;
  const video = await downloadVideo(videoUrl, {
    maxBytes: downloadCapBytes(limit),
    timeoutMs: options.downloadTimeoutMs,
    fetch: options.fetch,
  });
  if (video.kind === "too_large") return { kind: "link", reason: "too-large" };
  if (video.kind === "failed") {
    if (lastTry) return { kind: "link", reason: "download-failed" };
    throw new Error(`The video download failed: ${video.reason}`);
  }
  const name = videoFileName(job.prompt);
  if (video.bytes <= limit)
    return { kind: "file", file: { name, data: video.data, compressed: false } };
  return fitOrLink(options.fitter, name, video.data, limit);
}
