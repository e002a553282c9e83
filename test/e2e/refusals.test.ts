import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DispatchCommandOptions } from "../fakes/fake-discord.js";
import { ADMIN, type Harness, MANAGE_GUILD, OTHER_MEMBER, startHarness } from "./harness.js";

const EPHEMERAL = 1 << 6;
const PNG = {
  filename: "cat.png",
  contentType: "image/png",
  size: 200_000,
  width: 1024,
  height: 1024,
};

/** DESIGN §6: every bad input gets a clear ephemeral answer and changes nothing. */
describe("refusals", () => {
  let harness: Harness;
  let balance: number;

  beforeAll(async () => {
    harness = await startHarness({ env: { MAX_ACTIVE_JOBS_PER_USER: "1" } });
    await harness.topUp(50);
    balance = await harness.balance();
  });
  afterAll(() => harness.close());

  /** Runs the command and checks the answer is ephemeral, matches, and nothing moved. */
  async function expectRefused(
    name: string,
    options: Omit<DispatchCommandOptions, "name">,
    answer: RegExp,
  ): Promise<void> {
    const generateCalls = harness.seedance.requests.filter((r) => r.path === "/v1/generate").length;
    const reply = await harness.replyTo(name, options);
    expect(reply.content).toMatch(answer);
    expect(reply.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(await harness.balance()).toBe(balance);
    expect(harness.seedance.requests.filter((r) => r.path === "/v1/generate")).toHaveLength(
      generateCalls,
    );
  }

  it.each<[string, Record<string, string | number>, RegExp]>([
    ["a whitespace prompt", { prompt: "   " }, /can't be empty/],
    [
      "a prompt of zero-width and control characters",
      { prompt: "\u200B\u0000\uFEFF" },
      /can't be empty/,
    ],
    ["a prompt over 2000 characters", { prompt: "x".repeat(2001) }, /too long.*2,000/],
    [
      "a resolution outside the choices",
      { prompt: "ok", resolution: "1080p" },
      /resolution must be one of 480p, 720p\./,
    ],
    [
      "a duration outside the choices",
      { prompt: "ok", duration: 5 },
      /duration must be one of 4, 8, 12\./,
    ],
    [
      "an aspect ratio outside the choices",
      { prompt: "ok", aspect_ratio: "2:1" },
      /aspect_ratio must be one of/,
    ],
  ])("refuses %s", async (_, options, answer) => {
    await expectRefused("video", { options }, answer);
  });

  it.each([
    [
      "a GIF",
      { ...PNG, filename: "cat.gif", contentType: "image/gif" },
      /isn't a PNG, JPEG or WebP/,
    ],
    ["an image over 10 MB", { ...PNG, size: 11 * 1024 * 1024 }, /11\.0 MB; the limit is 10 MB/],
    [
      "an image hosted off Discord",
      { ...PNG, url: "http://169.254.169.254/latest/meta-data/cat.png" },
      /only animate images uploaded to Discord/,
    ],
    [
      "an image type Discord could not measure",
      { filename: "cat.png", contentType: "image/png", size: 200_000 },
      /couldn't read `cat.png` as an image/,
    ],
  ])("refuses /animate with %s", async (_, image, answer) => {
    await expectRefused("animate", { options: { image, prompt: "make it move" } }, answer);
  });

  it("refuses a video the server can't afford, naming the cost and the balance", async () => {
    await expectRefused(
      "video",
      { options: { prompt: "ok", duration: 12, audio: true } },
      /costs \*\*84 credits\*\*, but the server only has \*\*50 credits\*\*/,
    );
  });

  it("refuses a command used outside a server", async () => {
    await expectRefused("video", { inGuild: false, options: { prompt: "ok" } }, /servers only/);
  });

  it.each([
    ["remove", { amount: 5 }],
    ["history", {}],
    ["limit", { amount: 10 }],
  ])("refuses /credits %s to a member without Manage Server", async (subcommand, options) => {
    await expectRefused("credits", { subcommand, options }, /Only server admins/);
  });

  it("refuses /credits add to an admin unless admins may top up", async () => {
    await expectRefused(
      "credits",
      { subcommand: "add", options: { amount: 5 }, user: ADMIN, memberPermissions: MANAGE_GUILD },
      /Only the bot owner can add credits/,
    );
  });

  it.each([0, -5, 1_000_001])("refuses a top-up of %i", async (amount) => {
    const owner = { id: harness.discord.ownerId, username: "owner" };
    await expectRefused(
      "credits",
      { subcommand: "add", options: { amount }, user: owner },
      /from 1 credit to 1,000,000/,
    );
  });

  it("refuses removing more than the balance", async () => {
    await expectRefused(
      "credits",
      {
        subcommand: "remove",
        options: { amount: 5_000 },
        user: ADMIN,
        memberPermissions: MANAGE_GUILD,
      },
      /can't be removed/,
    );
  });

  it("refuses a member over the daily limit, saying when it resets", async () => {
    const admin = { user: ADMIN, memberPermissions: MANAGE_GUILD };
    await harness.replyTo("credits", { subcommand: "limit", options: { amount: 10 }, ...admin });
    await expectRefused(
      "video",
      { options: { prompt: "ok" }, user: OTHER_MEMBER },
      /daily limit of 10 credits.*resets <t:\d+:R>/,
    );
    await harness.replyTo("credits", { subcommand: "limit", options: { amount: 0 }, ...admin });
  });

  it("refuses a second job while the member's only slot is busy", async () => {
    harness.seedance.scriptNextTask({ outcome: "success", durationMs: 2_000 });
    const running = await harness.command("video", {
      options: { prompt: "slow one", resolution: "480p", duration: 4 },
    });
    balance -= 8;
    await harness.seedance.waitForRequests((request) => request.path === "/v1/generate");
    await expectRefused(
      "video",
      { options: { prompt: "second" } },
      /already have 1 video generating/,
    );
    await harness.finalReply(running.token);
    harness.checkLedger();
  });
});
