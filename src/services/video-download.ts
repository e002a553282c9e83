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
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of response.body) {
      size += chunk.byteLength;
      if (size > options.maxBytes) {
        abort.abort();
        return { kind: "too_large" };
      }
      chunks.push(chunk);
    }
    return { kind: "ok", data: Buffer.concat(chunks, size) };
  } catch (error) {
    const reason = error instanceof Error ? error.name : "unknown error";
    return { kind: "failed", reason };
  }
}
