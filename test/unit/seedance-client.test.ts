import { type Logger, pino } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { failedTaskMessage, failureText } from "../../src/discord/failure-text.js";
import { translator } from "../../src/i18n/index.js";

const en = translator("en");

import { botUserAgent } from "../../src/services/delivery/user-agent.js";
import {
  createSeedanceClient,
  type GenerateRequest,
  type SeedanceClient,
} from "../../src/services/seedance/client.js";
import { SeedanceError, seedanceErrorCodes } from "../../src/services/seedance/errors.js";

const userMessage = (error: SeedanceError) => failureText({ code: error.code }, en);

import { createFakeSeedance, type ErrorStyle, type FakeSeedance } from "../fakes/fake-seedance.js";

const apiKey = "sk-test-SECRET-123";

const request: GenerateRequest = {
  prompt: "A red fox running through fresh snow at dawn",
  aspectRatio: "16:9",
  resolution: "720p",
  duration: 8,
  generateAudio: false,
  fixedLens: false,
};

let fake: FakeSeedance;
let baseUrl: string;
let logLines: string[];
let logger: Logger;
let client: SeedanceClient;
let caught: SeedanceError[];

function makeClient(overrides: Partial<Parameters<typeof createSeedanceClient>[0]> = {}) {
  return createSeedanceClient({ baseUrl, apiKey, logger, ...overrides });
}

/** Awaits a call expected to fail, and keeps the error so every one is checked for the key. */
async function failureOf(call: Promise<unknown>): Promise<SeedanceError> {
  const outcome = await call.then(
    () => new Error("expected the call to fail"),
    (error: unknown) => error,
  );
  if (!(outcome instanceof SeedanceError)) throw outcome;
  caught.push(outcome);
  // The pipeline will log errors whole; that output must be clean too.
  logger.error({ err: outcome }, "Seedance call failed");
  return outcome;
}

async function finishedTask(): Promise<string> {
  const { taskId } = await client.generate(request);
  fake.finishTask(taskId);
  return taskId;
}

beforeEach(async () => {
  fake = createFakeSeedance({ apiKey, taskDurationMs: 60_000 });
  baseUrl = await fake.start();
  logLines = [];
  logger = pino({ level: "trace" }, { write: (line: string) => logLines.push(line) });
  client = makeClient();
  caught = [];
});

afterEach(async () => {
  await fake.close();
  expect(fake.serverErrors).toEqual([]);
  for (const line of logLines) expect(line).not.toContain(apiKey);
  for (const error of caught) {
    expect(error.message).not.toContain(apiKey);
    expect(error.stack ?? "").not.toContain(apiKey);
    expect(JSON.stringify(error)).not.toContain(apiKey);
  }
});

describe("generate", () => {
  it("sends exactly the documented wire body, duration as a string", async () => {
    const { taskId } = await client.generate({ ...request, prompt: `  ${request.prompt}  ` });

    expect(fake.tasks.has(taskId)).toBe(true);
    const [sent] = fake.requests;
    expect(sent).toMatchObject({ method: "POST", path: "/v1/generate", authorized: true });
    expect(sent?.headers["content-type"]).toBe("application/json");
    expect(sent?.headers["user-agent"]).toBe(botUserAgent);
    expect(sent?.body).toStrictEqual({
      prompt: request.prompt,
      aspect_ratio: "16:9",
      resolution: "720p",
      duration: "8",
      generate_audio: false,
      fixed_lens: false,
    });
  });

  it("sends image_urls and callback_url only when given", async () => {
    const imageUrl = "https://cdn.discordapp.com/attachments/1/2/cat.png";
    const callbackUrl = "https://bot.example.com/seedance/callback/7?sig=abc";
    await client.generate({ ...request, imageUrls: [imageUrl], callbackUrl });

    expect(fake.requests[0]?.body).toMatchObject({
      image_urls: [imageUrl],
      callback_url: callbackUrl,
    });
  });

  it("refuses two image URLs before sending anything", async () => {
    const imageUrls = ["https://example.com/a.png", "https://example.com/b.png"];
    const error = await failureOf(client.generate({ ...request, imageUrls }));

    expect(error).toMatchObject({ code: "TOO_MANY_IMAGES", httpStatus: null, retryable: false });
    expect(error.certainlyNotAccepted).toBe(true);
    expect(fake.requests).toHaveLength(0);
  });

  it.each([
    ["a blank prompt", { prompt: "   " }, "INVALID_PROMPT"],
    ["a prompt over 2000 characters", { prompt: "x".repeat(2001) }, "INVALID_PROMPT"],
    ["an unknown aspect ratio", { aspectRatio: "2:1" }, "INVALID_ASPECT_RATIO"],
    ["an unknown resolution", { resolution: "1080p" }, "INVALID_RESOLUTION"],
    ["a duration of 5 s", { duration: 5 }, "INVALID_DURATION"],
    ["a duration sent as text", { duration: "8" }, "INVALID_DURATION"],
    ["a non-http image", { imageUrls: ["file:///etc/passwd"] }, "BAD_REQUEST"],
  ])("refuses %s before sending", async (_name, change, code) => {
    // Crafted input, past what the type allows, as a tampered payload would be.
    const crafted = { ...request, ...change } as unknown as GenerateRequest;
    const error = await failureOf(client.generate(crafted));

    expect(error).toMatchObject({ code, certainlyNotAccepted: true, retryable: false });
    expect(fake.requests).toHaveLength(0);
  });
});

describe("getStatus", () => {
  it("reports a running task, then the finished video and its real cost", async () => {
    fake.scriptNextTask({ consumedCredits: 20 });
    const { taskId } = await client.generate(request);

    expect(await client.getStatus(taskId)).toStrictEqual({
      taskId,
      state: "running",
      rawStatus: "IN_PROGRESS",
      consumedCredits: null,
      videoUrl: null,
      errorMessage: null,
      prompt: request.prompt,
    });
    expect(fake.requests[1]).toMatchObject({ path: "/v1/status", query: { task_id: taskId } });

    fake.finishTask(taskId);
    const done = await client.getStatus(taskId);
    expect(done).toMatchObject({ state: "succeeded", rawStatus: "SUCCESS", consumedCredits: 20 });
    expect(done.videoUrl).toBe(fake.videoUrl(taskId));
  });

  it.each(["FAILED", "ERROR", "CANCELLED", "CANCELED", "TIMEOUT", "EXPIRED"])(
    "treats %s as a failure with Seedance's message",
    async (finalStatus) => {
      fake.scriptNextTask({ outcome: "failed", finalStatus, errorMessage: "Content flagged" });
      const status = await client.getStatus(await finishedTask());

      expect(status).toMatchObject({ state: "failed", rawStatus: finalStatus });
      expect(status.errorMessage).toBe("Content flagged");
      expect(failedTaskMessage(status.errorMessage, en)).toContain("Content flagged");
    },
  );

  it("fails a SUCCESS that carries no video instead of crashing", async () => {
    fake.scriptNextTask({ emptyResponse: true });
    const status = await client.getStatus(await finishedTask());

    expect(status).toMatchObject({ state: "failed", rawStatus: "SUCCESS", videoUrl: null });
    expect(status.errorMessage).toMatch(/no video/i);
  });

  it("keeps an unknown status running and warns once per task", async () => {
    fake.scriptNextTask({ runningStatus: "RENDERING_FRAMES" });
    fake.scriptNextTask({ runningStatus: "RENDERING_FRAMES" });
    const first = await client.generate(request);
    const second = await client.generate(request);

    for (let poll = 0; poll < 3; poll += 1) {
      const status = await client.getStatus(first.taskId);
      expect(status).toMatchObject({ state: "running", rawStatus: "RENDERING_FRAMES" });
    }
    await client.getStatus(second.taskId);

    const warnings = logLines.filter((line) => line.includes("unknown task status"));
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain(first.taskId);
    expect(warnings[1]).toContain(second.taskId);
  });

  it("maps an unknown or forgotten task to TASK_NOT_FOUND", async () => {
    const unknown = await failureOf(client.getStatus("seed-does-not-exist"));
    expect(unknown).toMatchObject({ code: "TASK_NOT_FOUND", httpStatus: 404, retryable: false });

    const { taskId } = await client.generate(request);
    fake.forgetTask(taskId);
    const forgotten = await failureOf(client.getStatus(taskId));
    expect(forgotten.code).toBe("TASK_NOT_FOUND");
    expect(userMessage(forgotten)).toBe("Seedance lost track of this video. Please try again.");
  });
});

describe("errors from the API", () => {
  const documented = [
    [400, "INVALID_PROMPT"],
    [400, "INVALID_ASPECT_RATIO"],
    [400, "INVALID_RESOLUTION"],
    [400, "INVALID_DURATION"],
    [400, "TOO_MANY_IMAGES"],
    [401, "INVALID_API_KEY"],
    [402, "INSUFFICIENT_CREDITS"],
    [404, "TASK_NOT_FOUND"],
    [500, "INTERNAL_ERROR"],
  ] as const;
  const styles: ErrorStyle[] = ["flat", "nested", "string-code", "message-only", "envelope-200"];
  const cases = styles.flatMap((style) =>
    documented.map(([status, code]) => ({ style, status, code })),
  );

  it.each(cases)("reads $code ($status) from a $style body", async ({ style, status, code }) => {
    fake.configure({ errorStyle: style });
    fake.failNext("generate", { status, code });
    const error = await failureOf(client.generate(request));

    expect(error.code).toBe(code);
    expect(error.httpStatus).toBe(style === "envelope-200" ? 200 : status);
    expect(error.retryable).toBe(status === 500);
    expect(error.certainlyNotAccepted).toBe(false);
    expect(error.message).toContain(`${status}`);
    expect(error.message).toContain(code);
  });

  it.each([
    [400, "BAD_REQUEST"],
    [401, "INVALID_API_KEY"],
    [402, "INSUFFICIENT_CREDITS"],
    [403, "INVALID_API_KEY"],
    [429, "RATE_LIMITED"],
    [500, "INTERNAL_ERROR"],
    [502, "INTERNAL_ERROR"],
    [503, "SERVICE_UNAVAILABLE"],
  ] as const)("falls back on the HTTP status %i for an empty body", async (status, code) => {
    fake.configure({ errorStyle: "bare" });
    fake.failNext("status", { status });
    const error = await failureOf(client.getStatus("seed-any"));

    expect(error).toMatchObject({ code, httpStatus: status });
  });

  it("falls back to TASK_NOT_FOUND only for a status poll", async () => {
    fake.configure({ errorStyle: "bare" });
    fake.failNext("status", { status: 404 });
    fake.failNext("generate", { status: 404 });

    expect((await failureOf(client.getStatus("seed-any"))).code).toBe("TASK_NOT_FOUND");
    expect((await failureOf(client.generate(request))).code).toBe("BAD_REQUEST");
  });

  it("reports a wrong key, with a message for the bot owner", async () => {
    const error = await failureOf(makeClient({ apiKey: "sk-wrong" }).generate(request));

    expect(error).toMatchObject({ code: "INVALID_API_KEY", httpStatus: 401, retryable: false });
    expect(error.message).toBe("Seedance generate failed: 401 INVALID_API_KEY");
    expect(userMessage(error)).toBe(
      "Seedance refused the bot's API key, so no video can be made right now.",
    );
    expect(fake.requests[0]?.authorized).toBe(false);
  });

  it("reports an empty account as INSUFFICIENT_CREDITS", async () => {
    fake.setBalance(27);
    const error = await failureOf(client.generate(request));

    expect(error).toMatchObject({ code: "INSUFFICIENT_CREDITS", httpStatus: 402 });
    expect(userMessage(error)).toBe(
      "The bot's own Seedance account (paid by the bot owner) has run out.",
    );
    expect(fake.tasks.size).toBe(0);
  });

  it("treats an HTTP 200 whose envelope code is an error as that error", async () => {
    fake.configure({ errorStyle: "envelope-200" });
    fake.setBalance(0);
    const error = await failureOf(client.generate(request));

    expect(error).toMatchObject({ code: "INSUFFICIENT_CREDITS", httpStatus: 200 });
    expect(error.message).toBe("Seedance generate failed: 402 (HTTP 200) INSUFFICIENT_CREDITS");
  });

  it("marks 429 with Retry-After as retryable and certainly not accepted", async () => {
    fake.failNext("generate", { status: 429, retryAfterSeconds: 7 });
    const error = await failureOf(client.generate(request));

    expect(error).toMatchObject({ code: "RATE_LIMITED", httpStatus: 429, retryAfterMs: 7000 });
    expect(error).toMatchObject({ retryable: true, certainlyNotAccepted: true });
    expect(userMessage(error)).toMatch(/^Seedance is busy/);
    expect(fake.tasks.size).toBe(0);
  });

  it("does not call a 500 certainly-not-accepted: the task may exist", async () => {
    fake.failNext("generate", { status: 500, afterAccepting: true });
    const error = await failureOf(client.generate(request));

    expect(error).toMatchObject({ code: "INTERNAL_ERROR", retryable: true });
    expect(error.certainlyNotAccepted).toBe(false);
    expect(userMessage(error)).toBe(
      "Seedance is having trouble right now — please try again in a few minutes.",
    );
    expect(fake.tasks.size).toBe(1);
  });

  it("reads a 503 Retry-After given as an HTTP date", async () => {
    const now = Date.UTC(2026, 1, 7, 10, 30, 0);
    const dated = makeClient({ clock: { now: () => now } });
    fake.failNext("generate", { status: 503, retryAfter: new Date(now + 45_000).toUTCString() });
    const error = await failureOf(dated.generate(request));

    expect(error).toMatchObject({ code: "SERVICE_UNAVAILABLE", retryAfterMs: 45_000 });
    expect(error).toMatchObject({ retryable: true, certainlyNotAccepted: true });
  });

  it("does not trust a 503 without Retry-After to have refused the task", async () => {
    fake.failNext("generate", { status: 503 });
    const error = await failureOf(client.generate(request));

    expect(error).toMatchObject({ retryAfterMs: null, certainlyNotAccepted: false });
  });

  it("maps an HTML 502 page from a proxy to INTERNAL_ERROR", async () => {
    const body = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    fake.failNext("status", { status: 502, body });
    const error = await failureOf(client.getStatus("seed-any"));

    expect(error).toMatchObject({ code: "INTERNAL_ERROR", httpStatus: 502, retryable: true });
    expect(error.message).toBe("Seedance getStatus failed: 502 INTERNAL_ERROR");
  });

  it.each([
    ["truncated JSON", '{"code":200,"data":{"task_'],
    ["JSON of the wrong shape", '{"code":200,"data":{"id":"seed1"}}'],
    ["an empty body", ""],
  ])("reports a 200 with %s as BAD_RESPONSE", async (_name, body) => {
    fake.failNext("generate", { status: 200, body, contentType: "application/json" });
    fake.failNext("status", { status: 200, body, contentType: "application/json" });

    const generate = await failureOf(client.generate(request));
    expect(generate).toMatchObject({ code: "BAD_RESPONSE", httpStatus: 200, retryable: true });
    expect(generate.certainlyNotAccepted).toBe(false);
    const status = await failureOf(client.getStatus("seed-any"));
    expect(status).toMatchObject({ code: "BAD_RESPONSE", retryable: true });
  });

  it("redacts the key if the server ever echoes it", async () => {
    const body = JSON.stringify({ code: 400, error: "BAD_REQUEST", message: `bad ${apiKey}` });
    fake.failNext("generate", { status: 400, body });
    const error = await failureOf(client.generate(request));

    expect(error.message).toBe("Seedance generate failed: 400 BAD_REQUEST: bad [redacted]");
  });
});

describe("transport failures", () => {
  it("reports a refused connection as NETWORK, certainly not accepted", async () => {
    const gone = createFakeSeedance({ apiKey });
    const goneUrl = await gone.start();
    await gone.close();
    const error = await failureOf(makeClient({ baseUrl: goneUrl }).generate(request));

    expect(error).toMatchObject({ code: "NETWORK", httpStatus: null, retryable: true });
    expect(error.certainlyNotAccepted).toBe(true);
    expect(error.message).toBe("Seedance generate failed: network error (ECONNREFUSED)");
    expect(userMessage(error)).toMatch(/^Couldn't reach Seedance/);
  });

  it("reports a dropped connection as NETWORK, without claiming it was refused", async () => {
    fake.failNext("generate", { destroy: true });
    const error = await failureOf(client.generate(request));

    expect(error).toMatchObject({ code: "NETWORK", retryable: true, certainlyNotAccepted: false });
  });

  it("releases a request's timeout with its answer, so nothing of it outlives the call", async () => {
    const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === "Timeout");
    const before = timers().length;
    await makeClient({ requestTimeoutMs: 60_000 }).generate(request);

    // A timer left running would keep each poll's request state alive for the whole timeout:
    // at hundreds of polls a second, that piles up as old-generation garbage. (At most as many
    // as before: an earlier test's idle-socket timer may run out meanwhile.)
    expect(timers().length).toBeLessThanOrEqual(before);
  });

  it("reuses one connection for the next requests", async () => {
    const { taskId } = await client.generate(request);
    await client.getStatus(taskId);
    await client.getStatus(taskId);

    expect(fake.requests).toHaveLength(3);
    expect(new Set(fake.requests.map((sent) => sent.remotePort)).size).toBe(1);
  });

  it("sends a status poll once more when the server had closed the connection it reused", async () => {
    const { taskId } = await client.generate(request);
    fake.failNext("status", { destroy: true });

    expect(await client.getStatus(taskId)).toMatchObject({ state: "running" });
    expect(fake.statusRequestCount).toBe(2);
  });

  it("sends a status poll only twice however often the connection drops", async () => {
    const { taskId } = await client.generate(request);
    fake.failNext("status", { destroy: true, times: 3 });
    const error = await failureOf(client.getStatus(taskId));

    expect(error).toMatchObject({ code: "NETWORK", retryable: true, certainlyNotAccepted: false });
    expect(error.message).toBe("Seedance getStatus failed: network error (ECONNRESET)");
    expect(fake.statusRequestCount).toBe(2);
  });

  it("never sends a generate twice, even on a reused connection that was dropped", async () => {
    await client.generate(request);
    fake.failNext("generate", { destroy: true });
    const error = await failureOf(client.generate(request));

    expect(error).toMatchObject({ code: "NETWORK", certainlyNotAccepted: false });
    expect(fake.requests.filter((sent) => sent.path === "/v1/generate")).toHaveLength(2);
  });

  it.each([
    ["with its length", false],
    ["streamed without a length", true],
  ])("cuts off an answer over the size limit, %s, as BAD_RESPONSE", async (_name, chunked) => {
    const body = JSON.stringify({
      code: 200,
      data: { status: "IN_PROGRESS", pad: "x".repeat(5000) },
    });
    const small = makeClient({ maxResponseBytes: 4096 });
    fake.failNext("status", { status: 200, body, chunked });
    const error = await failureOf(small.getStatus("seed-any"));

    expect(error).toMatchObject({ code: "BAD_RESPONSE", httpStatus: 200, retryable: true });
    expect(error.message).toBe(
      "Seedance getStatus failed: 200 BAD_RESPONSE: response body over 4096 bytes",
    );
    // The cut connection is not handed out again: the next poll is answered normally.
    const { taskId } = await small.generate(request);
    expect(await small.getStatus(taskId)).toMatchObject({ state: "running" });
  });

  it("gives up on a hanging server with TIMEOUT", async () => {
    fake.failNext("generate", { hang: true });
    const error = await failureOf(makeClient({ requestTimeoutMs: 150 }).generate(request));

    expect(error).toMatchObject({ code: "TIMEOUT", httpStatus: null, retryable: true });
    expect(error.certainlyNotAccepted).toBe(false);
    expect(error.message).toBe("Seedance generate failed: no response in 150 ms");
  });

  it("gives up with TIMEOUT on an answer that stops half-way", async () => {
    const body = JSON.stringify({
      code: 200,
      data: { status: "IN_PROGRESS", pad: "x".repeat(500) },
    });
    fake.failNext("status", { status: 200, body, stallBody: true });
    const error = await failureOf(makeClient({ requestTimeoutMs: 150 }).getStatus("seed-any"));

    expect(error).toMatchObject({ code: "TIMEOUT", httpStatus: null, retryable: true });
    expect(error.message).toBe("Seedance getStatus failed: no response in 150 ms");
  });
});

describe("user messages", () => {
  it("has a plain sentence for every code", () => {
    const details = { httpStatus: null, retryable: false, retryAfterMs: null };
    const messages = seedanceErrorCodes.map((code) =>
      userMessage(new SeedanceError(code, "x", { ...details, certainlyNotAccepted: false })),
    );

    for (const message of messages) expect(message).toMatch(/^[A-Z].{20,}[.!]$/);
  });

  it("quotes a failed task's reason briefly, on one line", () => {
    expect(failedTaskMessage(null, en)).toBe("Seedance couldn't make this video.");
    expect(failedTaskMessage("  ", en)).toBe("Seedance couldn't make this video.");
    expect(failedTaskMessage("Content\nflagged", en)).toBe(
      "Seedance couldn't make this video: “Content flagged”",
    );
    const long = failedTaskMessage("word ".repeat(100), en);
    expect(long.length).toBeLessThan(260);
    expect(long).toMatch(/…”$/);
  });
});
