import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { downloadVideo } from "../../src/services/video-download.js";

/** Serves /sized/<n> with a Content-Length, /chunked/<n> without one, anything else 404. */
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    const [, kind, count] = request.url?.split("/") ?? [];
    const size = Number(count);
    if (kind === "silent") return; // headers never come
    if (kind === "stall") {
      response.writeHead(200, { "content-length": 10_000 });
      response.write(Buffer.alloc(3_000, 7)); // then nothing more, and the socket stays open
      return;
    }
    if (kind === "sized") response.writeHead(200, { "content-length": size });
    else if (kind === "chunked") response.writeHead(200);
    else {
      response.writeHead(404).end();
      return;
    }
    for (let sent = 0; sent < size; sent += 1_000)
      response.write(Buffer.alloc(Math.min(1_000, size - sent), 7));
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

// Node 20 can collect an `AbortSignal.timeout()` held only by `AbortSignal.any()`, and then it
// never fires; collecting garbage while the download waits is what exposes such a timeout.
setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

async function whileCollectingGarbage<T>(work: () => Promise<T>): Promise<T> {
  const timer = setInterval(collectGarbage, 20);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

const download = (path: string, maxBytes = 10_000) =>
  downloadVideo(`${base}${path}`, { maxBytes, timeoutMs: 5_000 });

describe("downloadVideo", () => {
  it.each(["sized", "chunked"])("reads a %s body whole", async (kind) => {
    const result = await download(`/${kind}/4500`);
    expect(result.kind).toBe("ok");
    if (result.kind === "ok") expect(result.data).toEqual(Buffer.alloc(4_500, 7));
  });

  it.each(["sized", "chunked"])("stops a %s body over the limit", async (kind) => {
    expect(await download(`/${kind}/25000`)).toEqual({ kind: "too_large" });
  });

  it.each(["silent", "stall"])("gives up on a %s server once the timeout passes", async (kind) => {
    const started = Date.now();
    const result = await whileCollectingGarbage(() =>
      downloadVideo(`${base}/${kind}/0`, { maxBytes: 10_000, timeoutMs: 300 }),
    );
    expect(result).toEqual({ kind: "failed", reason: "timed out after 300 ms" });
    expect(Date.now() - started).toBeLessThan(2_000);
  }, 5_000);

  it("reports a failed download instead of throwing", async () => {
    expect(await download("/missing")).toEqual({ kind: "failed", reason: "HTTP 404" });
  });
});
