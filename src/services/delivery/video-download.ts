export type DownloadResult =
  | { readonly kind: "ok"; readonly data: Buffer }
  | { readonly kind: "too_large" }
  | { readonly kind: "failed"; readonly reason: string };

export interface DownloadOptions {
  readonly maxBytes: number;
  readonly timeoutMs: number;
  readonly fetch?: typeof globalThis.fetch;
}

/**
 * Downloads a video into memory, but never more than `maxBytes`: the size is checked from
 * Content-Length first and then while streaming, so a lying or missing header can't blow the heap.
 */
export async function downloadVideo(
  url: string,
  options: DownloadOptions,
): Promise<DownloadResult> {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const abort = new AbortController();
  const signal = AbortSignal.any([abort.signal, AbortSignal.timeout(options.timeoutMs)]);
  try {
    const response = await fetchImpl(url, { signal });
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      return { kind: "failed", reason: `HTTP ${response.status}` };
    }
    const declared = Number(response.headers.get("content-length") ?? Number.NaN);
    if (declared > options.maxBytes) {
      abort.abort();
      return { kind: "too_large" };
    }
    return await readCapped(response.body, declared, options.maxBytes, abort);
  } catch (error) {
    const reason = error instanceof Error ? error.name : "unknown error";
    return { kind: "failed", reason };
  }
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
    return buffer ? { kind: "failed", reason: "longer than declared" } : { kind: "too_large" };
  }
  return { kind: "ok", data: buffer ? buffer.subarray(0, size) : Buffer.concat(chunks, size) };
}
