import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { jobStatus } from "../helpers/job-message.js";
import { BOT_TOKEN, type Harness, startHarness } from "./harness.js";

describe("the bot behind the REST proxy", () => {
  let harness: Harness;
  const proxied = () =>
    (harness.restProxy?.logs ?? []).filter((line) => line.includes('"msg":"Proxied"'));

  beforeAll(async () => {
    harness = await startHarness({ restProxy: true });
    await harness.topUp(100);
  });
  afterAll(() => harness.close());

  it("logs in, answers and delivers a video with every Discord call going through the proxy", async () => {
    const { token } = await harness.command("video", {
      options: { prompt: "a paper boat on a rainy street", resolution: "480p", duration: 4 },
    });
    const final = await harness.finalReply(token);
    expect(jobStatus(final)).toBe("ready");
    expect(final.attachments).toHaveLength(1);
    // The proxy logs a request once its answer is sent, a moment after the fake recorded it.
    await vi.waitFor(() => expect(proxied()).toHaveLength(harness.discord.requests.length));
    expect(harness.discord.requests.every((request) => request.status < 500)).toBe(true);
    harness.checkLedger();
  });

  it("never logs the bot token it passes on", () => {
    expect(proxied().length).toBeGreaterThan(0);
    for (const line of harness.restProxy?.logs ?? []) expect(line).not.toContain(BOT_TOKEN);
  });
});
