import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobStatus } from "../helpers/job-message.js";
import { BOT_TOKEN, type Harness, SEEDANCE_KEY, startHarness } from "./harness.js";

describe("/video end to end", () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({ env: { SQLITE_RESERVATION_THREAD: "true" } });
    await harness.topUp(100);
  });
  afterAll(() => harness.close());

  it("answers at once, then edits the reply into the finished MP4, charged the table price", async () => {
    const { token } = await harness.command("video", {
      options: { prompt: "a red fox running through fresh snow", resolution: "720p", duration: 8 },
    });
    const interaction = harness.discord.interaction(token);
    expect(interaction.ack?.latencyMs).toBeLessThan(1_000);
    const first = harness.discord.originalMessage(token);
    expect(first?.flags ?? 0).toBe(0); // public
    expect(first?.embeds[0]?.title).toContain("Generating");

    const final = await harness.finalReply(token);
    expect(jobStatus(final)).toBe("ready");
    expect(final.attachments).toHaveLength(1);
    expect(final.attachments[0]).toMatchObject({
      name: expect.stringMatching(/\.mp4$/),
      contentType: "video/mp4",
    });
    expect(final.components[0]?.components).toHaveLength(3);
    expect(await harness.balance()).toBe(100 - 28);

    const generate = harness.seedance.requests.find((request) => request.path === "/v1/generate");
    expect(generate?.body).toMatchObject({
      prompt: "a red fox running through fresh snow",
      aspect_ratio: "16:9",
      resolution: "720p",
      duration: "8",
      generate_audio: false,
      fixed_lens: false,
    });
    harness.checkLedger();
  });

  it("registered its commands at start-up", () => {
    const names = harness.discord.commands().map((command) => command.name);
    expect(names.sort()).toEqual([
      "Animate with Seedance",
      "animate",
      "credits",
      "help",
      "jobs",
      "settings",
      "video",
    ]);
  });

  it("logs the invite link with exactly the permissions it needs", () => {
    const ready = harness.bot.logs.find((line) => line.msg.startsWith("Ready"));
    // View Channel, Send Messages, Send Messages in Threads, Embed Links, Attach Files.
    expect(ready?.invite).toBe(
      `https://discord.com/oauth2/authorize?client_id=${harness.discord.applicationId}&scope=bot+applications.commands&permissions=274877959168`,
    );
    expect(ready?.owners).toEqual([harness.discord.ownerId]);
  });

  it("never writes a secret to its logs, not even at debug level", () => {
    const tokens = harness.discord.requests
      .map((request) => /^\/interactions\/\d+\/([^/]+)\/callback$/.exec(request.path)?.[1])
      .filter((token): token is string => Boolean(token));
    expect(tokens.length).toBeGreaterThan(0);
    const output = harness.bot.rawOutput.join("\n");
    expect(output.length).toBeGreaterThan(0);
    for (const secret of [BOT_TOKEN, SEEDANCE_KEY, ...tokens]) {
      expect(output).not.toContain(secret);
    }
  });
});
