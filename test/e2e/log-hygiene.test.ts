import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BOT_TOKEN, type Harness, SEEDANCE_KEY, startHarness } from "./harness.js";

const MAX_LINE_BYTES = 8 * 1024;
/** A byte array as JSON.stringify writes a Buffer or Uint8Array: many small numbers in a row. */
const BYTE_ARRAY = /(?:\b\d{1,3},){64,}/;

/** Issue 10 item 13: REST faults log what happened, never a token, a key or a file's bytes. */
describe("logs on Discord's fault paths", () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({
      env: { MAX_ACTIVE_JOBS_PER_USER: "5", MAX_ACTIVE_JOBS_PER_GUILD: "5" },
      seedance: { videoBytes: 64 * 1024 },
    });
    await harness.topUp(500);
  });
  afterAll(() => harness.close());

  const interactionTokens = () =>
    harness.discord.requests
      .map((request) => /^\/(?:interactions\/\d+|webhooks\/\d+)\/([^/]+)/.exec(request.path)?.[1])
      .filter((token): token is string => Boolean(token));

  it("keeps tokens, keys and video bytes out when uploads and edits fail", async () => {
    const original = /^\/webhooks\/\d+\/[^/]+\/messages\/(?:@|%40)original$/;
    // The upload is refused as malformed, then too large, then rate limited, then Discord errs.
    harness.discord.injectFault({
      method: "PATCH",
      path: original,
      withFiles: true,
      status: 400,
      code: 50035,
    });
    harness.discord.injectFault({
      method: "PATCH",
      path: original,
      withFiles: true,
      status: 413,
      code: 40005,
    });
    harness.discord.injectFault({
      method: "PATCH",
      path: original,
      withFiles: true,
      status: 429,
      headers: { "retry-after": "0", "x-ratelimit-scope": "user" },
    });
    harness.discord.injectFault({
      method: "PATCH",
      path: original,
      withFiles: true,
      status: 500,
      times: 4,
    });
    const video = await harness.command("video", { options: { prompt: "faults", duration: 4 } });
    await harness.bot.waitForLog((line) => line.level >= 40 && line.err !== undefined, 15_000);
    // A reply that fails outright: the error names the callback URL, token included.
    harness.discord.injectFault({
      path: /^\/interactions\/\d+\/[^/]+\/callback$/,
      status: 500,
      times: 4,
    });
    await harness.discord.dispatchCommand({ name: "video", options: { prompt: "no reply" } });
    await harness.bot.waitForLog((line) => line.msg === "Interaction failed", 15_000);
    await harness.finalReply(video.token, 30_000);

    const tokens = interactionTokens();
    expect(tokens.length).toBeGreaterThan(1);
    const lines = harness.bot.rawOutput;
    const output = lines.join("\n");
    for (const secret of [BOT_TOKEN, SEEDANCE_KEY, ...tokens]) expect(output).not.toContain(secret);
    expect(output).not.toMatch(BYTE_ARRAY);
    const longest = Math.max(...lines.map((line) => Buffer.byteLength(line)));
    expect(longest).toBeLessThan(MAX_LINE_BYTES);
  });
});
