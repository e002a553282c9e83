import { once } from "node:events";
import { createServer } from "node:http";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFakeSeedance, type FakeSeedance } from "../fakes/fake-seedance.js";

const apiKey = "sk-fake-test-key";
let fake: FakeSeedance;

beforeEach(async () => {
  fake = createFakeSeedance({ apiKey, taskDurationMs: 60_000 });
  await fake.start();
});

afterEach(async () => {
  await fake.close();
  expect(fake.serverErrors).toEqual([]);
});

function api(path: string, body?: unknown, key = apiKey): Promise<Response> {
  return fetch(`${fake.url}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function generate(body: Record<string, unknown> = {}): Promise<string> {
  const response = await api("/generate", { prompt: "A lighthouse in a storm", ...body });
  const json = (await response.json()) as { data: { task_id: string } };
  return json.data.task_id;
}

/** Reads top-level ISO-BMFF boxes as [type, size] pairs. */
function topLevelBoxes(file: Buffer): [string, number][] {
  const boxes: [string, number][] = [];
  for (let offset = 0; offset < file.length; ) {
    const size = file.readUInt32BE(offset);
    boxes.push([file.toString("latin1", offset + 4, offset + 8), size]);
    offset += size;
  }
  return boxes;
}

describe("POST /v1/generate", () => {
  it.each([
    ["a missing prompt", { prompt: undefined }, "INVALID_PROMPT"],
    ["a blank prompt", { prompt: "  " }, "INVALID_PROMPT"],
    ["a 2001-character prompt", { prompt: "x".repeat(2001) }, "INVALID_PROMPT"],
    ["an unsupported ratio", { aspect_ratio: "2:1" }, "INVALID_ASPECT_RATIO"],
    ["1080p", { resolution: "1080p" }, "INVALID_RESOLUTION"],
    ["a numeric duration", { duration: 8 }, "INVALID_DURATION"],
    ["two images", { image_urls: ["https://a/1.png", "https://a/2.png"] }, "TOO_MANY_IMAGES"],
  ])("refuses %s with 400 %s", async (_name, change, code) => {
    const response = await api("/generate", { prompt: "A lighthouse", ...change });

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 400, error: code });
    expect(fake.tasks.size).toBe(0);
  });

  it("fills the documented defaults and charges the price", async () => {
    const taskId = await generate();

    expect(fake.tasks.get(taskId)?.request).toMatchObject({
      aspect_ratio: "1:1",
      resolution: "720p",
      duration: "8",
      generate_audio: false,
    });
    expect(fake.balance).toBe(1_000_000 - 28);
  });

  it("answers 401 without the key and records the request without it", async () => {
    const response = await api("/generate", { prompt: "A lighthouse" }, "sk-wrong");

    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: "INVALID_API_KEY" });
    expect(fake.requests[0]?.authorized).toBe(false);
    expect(fake.requests[0]?.headers).not.toHaveProperty("authorization");
  });

  it("refuses a task the account cannot pay for", async () => {
    fake.setBalance(55);
    const response = await api("/generate", { prompt: "A lighthouse", generate_audio: true });

    expect(response.status).toBe(402);
    expect(fake.balance).toBe(55);
  });
});

describe("task lifecycle and balance", () => {
  it("charges the price while running, then the consumed credits, and nothing on failure", async () => {
    fake.scriptNextTask({ consumedCredits: 20 });
    fake.scriptNextTask({ outcome: "failed", errorMessage: "Content flagged" });
    const cheaper = await generate();
    const failing = await generate({ resolution: "480p", duration: "4" });
    expect(fake.balance).toBe(1_000_000 - 28 - 8);

    fake.finishTask(cheaper);
    fake.finishTask(failing);
    expect(fake.balance).toBe(1_000_000 - 20);
    const status = await (await api(`/status?task_id=${failing}`)).json();
    expect(status).toMatchObject({
      data: { status: "FAILED", error_message: "Content flagged", response: [] },
    });
  });

  it("answers 404 TASK_NOT_FOUND for unknown and forgotten tasks", async () => {
    const taskId = await generate();
    fake.forgetTask(taskId);

    expect((await api(`/status?task_id=${taskId}`)).status).toBe(404);
    expect((await api("/status?task_id=nope")).status).toBe(404);
  });
});

describe("videos", () => {
  it("serves a structurally valid MP4 of the configured size", async () => {
    fake.configure({ videoBytes: 12 * 1024 * 1024 });
    const taskId = await generate();
    const statusUrl = `/status?task_id=${taskId}`;
    const videoUrl = fake.videoUrl(taskId);
    expect((await fetch(videoUrl)).status).toBe(404);

    fake.finishTask(taskId);
    const status = (await (await api(statusUrl)).json()) as { data: { response: string[] } };
    expect(status.data.response).toEqual([videoUrl]);
    const response = await fetch(videoUrl);
    const file = Buffer.from(await response.arrayBuffer());

    expect(response.headers.get("content-type")).toBe("video/mp4");
    expect(file.length).toBe(12 * 1024 * 1024);
    const boxes = topLevelBoxes(file);
    expect(boxes.map(([type]) => type)).toEqual(["ftyp", "moov", "mdat"]);
    expect(boxes.reduce((sum, [, size]) => sum + size, 0)).toBe(file.length);
    const head = await fetch(videoUrl, { method: "HEAD" });
    expect(head.headers.get("content-length")).toBe(String(12 * 1024 * 1024));
  });
});

describe("scripted videos", () => {
  it("serves the bytes a test gives, as video/mp4", async () => {
    const bytes = Buffer.from("not really a video, but whatever the test passes");
    fake.scriptNextTask({ videoBody: bytes, durationMs: 0 });
    const response = await fetch(fake.videoUrl(await generate()));
    expect(response.headers.get("content-type")).toBe("video/mp4");
    expect(Buffer.from(await response.arrayBuffer())).toEqual(bytes);
  });

  it("serves an HTML page in place of the video", async () => {
    const page = "<!DOCTYPE html><html><body>AccessDenied</body></html>";
    fake.scriptNextTask({ videoBody: page, durationMs: 0 });
    const response = await fetch(fake.videoUrl(await generate()));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html");
    expect(await response.text()).toBe(page);
  });

  it("redirects to the video as many times as scripted", async () => {
    fake.scriptNextTask({ videoRedirects: 3, durationMs: 0 });
    const videoUrl = fake.videoUrl(await generate());
    const first = await fetch(videoUrl, { redirect: "manual" });
    expect(first.status).toBe(302);
    expect(first.headers.get("location")).toMatch(/^\/videos\/.+\.mp4\?hop=1$/);
    const followed = await fetch(videoUrl);
    expect(followed.headers.get("content-type")).toBe("video/mp4");
    const hops = fake.requests.filter((request) => request.path.startsWith("/videos/"));
    expect(hops.map((request) => request.query.hop)).toEqual([undefined, undefined, "1", "2", "3"]);
  });
});

describe("downloads", () => {
  it("takes a client that stops reading halfway in its stride", async () => {
    fake.configure({ videoBytes: 8 * 1024 * 1024 });
    const taskId = await generate();
    fake.finishTask(taskId);
    const response = await fetch(fake.videoUrl(taskId));
    const reader = response.body?.getReader();
    await reader?.read();
    await reader?.cancel();

    // afterEach checks that the fake recorded no error of its own.
    expect((await api(`/status?task_id=${taskId}`)).status).toBe(200);
  });
});

describe("scripted failures and timing", () => {
  it("fails the next requests as many times as asked, then recovers", async () => {
    fake.failNext("status", { status: 503, times: 2, retryAfterSeconds: 3 });
    const taskId = await generate();

    const first = await api(`/status?task_id=${taskId}`);
    expect(first.status).toBe(503);
    expect(first.headers.get("retry-after")).toBe("3");
    expect((await api(`/status?task_id=${taskId}`)).status).toBe(503);
    expect((await api(`/status?task_id=${taskId}`)).status).toBe(200);
  });

  it("streams a scripted body in pieces without a length, or stalls half-way", async () => {
    const body = JSON.stringify({ code: 200, data: { padding: "x".repeat(40_000) } });
    fake.failNext("status", { status: 200, body, chunked: true });
    const chunked = await api("/status?task_id=x");
    expect(chunked.headers.get("content-length")).toBeNull();
    expect(chunked.headers.get("transfer-encoding")).toBe("chunked");
    expect(await chunked.text()).toBe(body);

    fake.failNext("status", { status: 200, body, stallBody: true });
    const stalled = await api("/status?task_id=x");
    const reading = stalled.text().then(
      () => "finished",
      () => "cut",
    );
    await fake.close();
    expect(await reading).toBe("cut");
  });

  it("closes promptly even with a request left hanging", async () => {
    fake.failNext("status", { hang: true });
    const hanging = api("/status?task_id=x").then(
      () => "answered",
      () => "cut",
    );
    await fake.waitForRequests((request) => request.path === "/v1/status");
    await fake.close();

    expect(await hanging).toBe("cut");
  });

  it("waits for requests, and says what it saw when they don't come", async () => {
    const waiting = fake.waitForRequests((request) => request.path === "/v1/generate", 2);
    await generate();
    await generate();
    expect(await waiting).toHaveLength(2);

    await expect(fake.waitForRequests(() => false, 1, 50)).rejects.toThrow(/saw 0/);
  });

  it("POSTs to the callback URL when each task finishes, never before", async () => {
    const received: unknown[] = [];
    const bot = createServer((request, response) => {
      let text = "";
      request.on("data", (chunk: Buffer) => {
        text += chunk.toString("utf8");
      });
      request.on("end", () => {
        received.push(JSON.parse(text));
        response.writeHead(204).end();
      });
    });
    bot.listen(0, "127.0.0.1");
    await once(bot, "listening");
    const address = bot.address();
    if (address === null || typeof address === "string") throw new Error("no port");

    try {
      // Many short tasks at once: Node's timers can fire a millisecond before Date.now() reaches
      // their deadline, and a callback must still never say a task is running.
      const callbackUrl = `http://127.0.0.1:${address.port}/seedance/callback/1`;
      const taskIds: string[] = [];
      for (let i = 0; i < 100; i++) {
        fake.scriptNextTask({ durationMs: 1 + (i % 30) });
        taskIds.push(await generate({ callback_url: callbackUrl }));
      }
      await expect.poll(() => fake.callbacks.length, { timeout: 5_000 }).toBe(taskIds.length);

      const expected = taskIds.map((taskId) => ({ task_id: taskId, status: "SUCCESS" }));
      expect(received).toEqual(expect.arrayContaining(expected));
      expect(fake.callbacks).toEqual(
        expect.arrayContaining(
          taskIds.map((taskId) =>
            expect.objectContaining({ taskId, httpStatus: 204, error: null }),
          ),
        ),
      );
    } finally {
      bot.close();
    }
  });
});

describe("load", () => {
  it("takes a thousand tasks and their polls at once", async () => {
    fake.configure({ recordRequests: false });
    const taskIds = await Promise.all(Array.from({ length: 1000 }, () => generate()));
    const polls = await Promise.all(taskIds.map((id) => api(`/status?task_id=${id}`)));

    expect(new Set(taskIds).size).toBe(1000);
    expect(polls.every((response) => response.status === 200)).toBe(true);
    await Promise.all(polls.map((response) => response.arrayBuffer()));
    expect(fake.requests).toHaveLength(0);
  });
});
