import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { botUserAgent } from "../../src/services/delivery/user-agent.js";
import { downloadCapBytes, downloadVideo } from "../../src/services/delivery/video-download.js";
import { createFakeSeedance } from "../fakes/fake-seedance.js";
import { mp4Bytes as mp4 } from "../fakes/fake-seedance-mp4.js";

const seen: IncomingHttpHeaders[] = [];
let server: Server;
let base: string;

// /sized/<n> with a Content-Length, /chunked/<n> without; /redirect/<hops>/<rest> redirects
// <hops> times before serving /<rest>; the others misbehave as named.
beforeAll(async () => {
  server = createServer((request, response) => {
    seen.push(request.headers);
    const [, kind = "", count = "", ...rest] = request.url?.split("/") ?? [];
    const size = Number(count);
    if (kind === "silent") return; // headers never come
    if (kind === "stall") {
      response.writeHead(200, { "content-length": 10_000 });
      response.write(mp4(10_000).subarray(0, 3_000)); // then nothing, and the socket stays open
      return;
    }
    if (kind === "redirect") {
      const next = size > 1 ? `/redirect/${size - 1}/${rest.join("/")}` : `/${rest.join("/")}`;
      response.writeHead(size % 2 ? 302 : 307, { location: next }).end();
      return;
    }
    if (kind === "html") {
      const page = "<!DOCTYPE html><html><body>Signature expired</body></html>";
      response.writeHead(200, { "content-type": "text/html" }).end(page);
      return;
    }
    if (kind === "short") {
      response.writeHead(200, { "content-length": size });
      response.write(mp4(size).subarray(0, size / 2), () => response.destroy());
      return;
    }
    if (kind !== "sized" && kind !== "chunked") {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, kind === "sized" ? { "content-length": size } : {});
    const body = mp4(size);
    for (let sent = 0; sent < size; sent += 1_000)
      response.write(body.subarray(sent, sent + 1_000));
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
    expect(result).toEqual({ kind: "ok", data: mp4(4_500), bytes: 4_500 });
  });

  it("reports a declared size over the cap, and an undeclared one as unknown", async () => {
    expect(await download("/sized/25000")).toEqual({ kind: "too_large", bytes: 25_000 });
    expect(await download("/chunked/25000")).toEqual({ kind: "too_large", bytes: null });
  });

  it.each(["silent", "stall"])(
    "gives up on a %s server once the timeout passes",
    async (kind) => {
      const started = Date.now();
      const result = await whileCollectingGarbage(() =>
        downloadVideo(`${base}/${kind}/0`, { maxBytes: 10_000, timeoutMs: 300 }),
      );
      expect(result).toEqual({ kind: "failed", reason: "timed out after 300 ms" });
      expect(Date.now() - started).toBeLessThan(2_000);
    },
    5_000,
  );

  it("never takes an HTML page for a video", async () => {
    expect(await download("/html")).toEqual({ kind: "failed", reason: "not an MP4 (no ftyp box)" });
  });

  it("fails a body shorter than its Content-Length", async () => {
    const result = await download("/short/4000");
    expect(result.kind).toBe("failed");
    expect(result).not.toEqual({ kind: "failed", reason: "timed out after 5000 ms" });
  });

  it("follows redirects, relative ones included", async () => {
    const result = await download("/redirect/5/sized/3000");
    expect(result).toMatchObject({ kind: "ok", bytes: 3_000 });
  });

  it("stops after five redirects", async () => {
    expect(await download("/redirect/6/sized/3000")).toEqual({
      kind: "failed",
      reason: "more than 5 redirects",
    });
  });

  it("names the bot in its User-Agent and asks for the bytes uncompressed", async () => {
    seen.length = 0;
    await download("/redirect/1/sized/2000");
    expect(seen).toHaveLength(2);
    for (const headers of seen) {
      expect(headers["user-agent"]).toBe(botUserAgent);
      expect(headers["accept-encoding"]).toBe("identity");
    }
    expect(botUserAgent).toMatch(/^SeedanceDiscordBot\/\d+\.\d+\.\d+/);
  });

  it("reports a failed download instead of throwing", async () => {
    expect(await download("/missing")).toEqual({ kind: "failed", reason: "HTTP 404" });
    const refused = await downloadVideo("http://127.0.0.1:1/x", { maxBytes: 1, timeoutMs: 1_000 });
    expect(refused.kind).toBe("failed");
  });
});

describe("downloadCapBytes", () => {
  const MiB = 1024 * 1024;
  it.each([
    [10 * MiB, 40 * MiB],
    [50 * MiB, 200 * MiB],
    [100 * MiB, 200 * MiB],
    [500 * MiB, 500 * MiB],
  ])("leaves room to compress a %i-byte limit: %i", (limit, cap) => {
    expect(downloadCapBytes(limit)).toBe(cap);
  });
});

describe("downloadVideo from the fake Seedance's scripted videos", () => {
  it("takes a real MP4 through redirects, and refuses an HTML page", async () => {
    const fake = createFakeSeedance({ taskDurationMs: 0 });
    await fake.start();
    try {
      const generate = async () => {
        const response = await fetch(`${fake.url}/generate`, {
          method: "POST",
          headers: { authorization: `Bearer ${fake.apiKey}`, "content-type": "application/json" },
          body: JSON.stringify({ prompt: "A lighthouse" }),
        });
        return ((await response.json()) as { data: { task_id: string } }).data.task_id;
      };
      const options = { maxBytes: 100_000, timeoutMs: 5_000 };
      fake.scriptNextTask({ videoBody: mp4(50_000), videoRedirects: 2 });
      fake.scriptNextTask({ videoBody: "<html><body>Expired</body></html>" });
      const [redirected, page] = [await generate(), await generate()];
      expect(await downloadVideo(fake.videoUrl(redirected), options)).toMatchObject({
        kind: "ok",
        bytes: 50_000,
      });
      expect(await downloadVideo(fake.videoUrl(page), options)).toEqual({
        kind: "failed",
        reason: "not an MP4 (no ftyp box)",
      });
    } finally {
      await fake.close();
    }
  });
});
