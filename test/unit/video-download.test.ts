import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { downloadVideo } from "../../src/services/delivery/video-download.js";

/** Serves /sized/<n> with a Content-Length, /chunked/<n> without one, anything else 404. */
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    const [, kind, count] = request.url?.split("/") ?? [];
    const size = Number(count);
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
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

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

  it("reports a failed download instead of throwing", async () => {
    expect(await download("/missing")).toEqual({ kind: "failed", reason: "HTTP 404" });
  });
});
