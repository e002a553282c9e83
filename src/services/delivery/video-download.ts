import { checkMp4, matchesContentLength } from "./mp4.js";
import { botUserAgent } from "./user-agent.js";

/**
 * - `ok`: a whole MP4 (ftyp box, boxes tiling the file, size matching Content-Length) of `bytes`
 *   ≤ `maxBytes`. It may still be over the upload limit: compare `bytes` and compress if so.
 * - `too_large`: over `maxBytes`; `bytes` is the declared size, or null when only streaming
 *   showed it. Nothing was kept.
 * - `failed`: HTTP error, timeout, too many redirects, not an MP4, truncated. Worth retrying.
 */
export type DownloadResult =
  | { readonly kind: "ok"; readonly data: Buffer; readonly bytes: number }
  | { readonly kind: "too_large"; readonly bytes: number | null }
  | { readonly kind: "failed"; readonly reason: string };

export interface DownloadOptions {
  /** The most held in memory; see `downloadCapBytes` to leave room for compressing. */
  readonly maxBytes: number;
  /** For the whole download: redirects, headers and body together. */
  readonly timeoutMs: number;
  readonly fetch?: typeof globalThis.fetch;
  readonly userAgent?: string;
  /** Default 5. */
  readonly maxRedirects?: number;
}

const MiB = 1024 * 1024;

/**
 * How much to download for a given upload limit: room for a video up to 4× over it (which ffmpeg
 * can usually bring under), but never more than 200 MiB in memory per download.
 */
export function downloadCapBytes(uploadLimitBytes: number): number {
  return Math.max(uploadLimitBytes, Math.min(4 * uploadLimitBytes, 200 * MiB));
}

const redirectStatuses = new Set([301, 302, 303, 307, 308]);

class DownloadTimeout extends Error {
  override readonly name = "DownloadTimeout";
}

/**
 * Downloads a video into memory, but never more than `maxBytes`: the size is checked from
 * Content-Length first and then while streaming, so a lying or missing header can't blow the heap.
 */
export async function downloadVideo(
  url: string,
  options: DownloadOptions,
): Promise<DownloadResult> {
  const abort = new AbortController();
  // A timer we hold, not AbortSignal.timeout(): Node 20 can garbage-collect a timeout signal that
  // only AbortSignal.any() refers to, and then a hung server holds the download slot forever.
  const timer = setTimeout(
    () => abort.abort(new DownloadTimeout(`timed out after ${options.timeoutMs} ms`)),
    options.timeoutMs,
  );
  try {
    const response = await fetchFollowingRedirects(url, options, abort.signal);
    if (typeof response === "string") return { kind: "failed", reason: response };
    return await readVideo(response, options.maxBytes, abort);
  } catch (error) {
    const reason = abort.signal.reason;
    if (reason instanceof DownloadTimeout) return { kind: "failed", reason: reason.message };
    return { kind: "failed", reason: error instanceof Error ? error.name : "unknown error" };
  } finally {
    clearTimeout(timer);
  }
}

/** The final non-redirect response, or why there is none. */
async function fetchFollowingRedirects(
  url: string,
  options: DownloadOptions,
  signal: AbortSignal,
): Promise<Response | string> {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const maxRedirects = options.maxRedirects ?? 5;
  let target = new URL(url);
  for (let hops = 0; ; hops++) {
    const response = await fetchImpl(target, {
      signal,
      redirect: "manual",
      // identity: a compressed body would make Content-Length disagree with the bytes we count.
      headers: { "user-agent": options.userAgent ?? botUserAgent, "accept-encoding": "identity" },
    });
    const location = response.headers.get("location");
    if (!redirectStatuses.has(response.status) || location === null) return response;
    await response.body?.cancel();
    if (hops >= maxRedirects) return `more than ${maxRedirects} redirects`;
    target = new URL(location, target);
    if (target.protocol !== "https:" && target.protocol !== "http:") {
      return `redirect to ${target.protocol} refused`;
    }
  }
}

async function readVideo(
  response: Response,
  maxBytes: number,
  abort: AbortController,
): Promise<DownloadResult> {
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    return { kind: "failed", reason: `HTTP ${response.status}` };
  }
  const header = response.headers.get("content-length");
  const declared = Number(header ?? Number.NaN);
  if (declared > maxBytes) {
    abort.abort();
    return { kind: "too_large", bytes: declared };
  }
  const read = await readCapped(response.body, declared, maxBytes, abort);
  if (read.kind !== "ok") return read;
  if (!matchesContentLength(read.bytes, header)) {
    return { kind: "failed", reason: `got ${read.bytes} of ${header} bytes` };
  }
  const check = checkMp4(read.data);
  return check.ok ? read : { kind: "failed", reason: check.reason };
}

/**
 * Reads the body into one buffer, giving up past `maxBytes`. With a Content-Length the buffer is
 * allocated once and filled in place: collecting chunks and concatenating them would hold each
 * video twice at the moment memory is tightest.
 */
async function readCapped(
  body: ReadableStream<Uint8Array>,
  declared: number,
  maxBytes: number,
  abort: AbortController,
): Promise<DownloadResult> {
  const known = Number.isSafeInteger(declared) && declared >= 0;
  const buffer = known ? Buffer.allocUnsafe(declared) : null;
  const chunks: Uint8Array[] = [];
  const limit = buffer?.length ?? maxBytes;
  let size = 0;
  let overflowed = false;
  for await (const chunk of body) {
    // `break` cancels the body cleanly; aborting while still iterating would throw instead.
    overflowed = size + chunk.byteLength > limit;
    if (overflowed) break;
    if (buffer) buffer.set(chunk, size);
    else chunks.push(chunk);
    size += chunk.byteLength;
  }
  if (overflowed) {
    abort.abort();
    return buffer
      ? { kind: "failed", reason: "longer than declared" }
      : { kind: "too_large", bytes: null };
  }
  const data = buffer ? buffer.subarray(0, size) : Buffer.concat(chunks, size);
  return { kind: "ok", data, bytes: size };
}
