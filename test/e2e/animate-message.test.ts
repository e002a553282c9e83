import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mediaProxyUrl } from "../fakes/discord/member-messages.js";
import type { MemberMessageInput } from "../fakes/fake-discord.js";
import { jobStatus } from "../helpers/job-message.js";
import { type Harness, MEMBER, startHarness } from "./harness.js";
import { EPHEMERAL, generateCount, lastGenerate, settings } from "./settings-guilds.js";

const MENU = "Animate with Seedance";
const PORTRAIT_PNG = {
  filename: "portrait.png",
  contentType: "image/png",
  size: 300_000,
  width: 1080,
  height: 1920,
};

/** Issue 14: Apps → Animate with Seedance runs the /animate path on a message's image. */
describe("Animate with Seedance", () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness();
    await harness.topUp(200);
  });
  afterAll(() => harness.close());

  async function openMenu(message: MemberMessageInput) {
    const posted = harness.discord.postMemberMessage(message);
    const { token } = harness.discord.dispatchMessageCommand({
      name: MENU,
      messageId: posted.id,
      user: MEMBER,
    });
    await harness.discord.waitFor(() => harness.discord.interaction(token).ack);
    return { posted, token };
  }

  async function submit(token: string, values: Record<string, string | string[]>) {
    const submitted = harness.discord.dispatchModalSubmit({ token, values, user: MEMBER });
    await harness.discord.waitFor(() => harness.discord.interaction(submitted.token).ack);
    return submitted.token;
  }

  it("asks for a prompt, then animates the attachment at its nearest ratio, at /animate's price", async () => {
    const { posted, token } = await openMenu({ attachments: [PORTRAIT_PNG] });
    expect(harness.discord.interaction(token).ack?.type).toBe(9); // a modal
    const jobToken = await submit(token, { prompt: "the portrait turns and smiles" });
    const first = harness.discord.originalMessage(jobToken);
    expect((first?.flags ?? 0) & EPHEMERAL).toBe(0);
    expect(first?.embeds[0]?.title).toBe("🎬 Animating your image…");
    const final = await harness.finalReply(jobToken);
    expect(jobStatus(final)).toBe("ready");
    expect(lastGenerate(harness)).toMatchObject({
      prompt: "the portrait turns and smiles",
      image_urls: [posted.attachments[0]?.url],
      aspect_ratio: "9:16",
      resolution: "720p",
      duration: "8",
    });
    expect(await harness.balance()).toBe(200 - 28);
  });

  it("takes the settings chosen in the form, and an embedded image", async () => {
    const { token } = await openMenu({
      content: "look https://example.com/pics/wide.webp",
      embedImages: [{ url: "https://example.com/pics/wide.webp", width: 2100, height: 900 }],
    });
    const jobToken = await submit(token, {
      prompt: "clouds drift by",
      resolution: ["480p"],
      duration: ["4"],
      audio: ["off"],
    });
    await harness.finalReply(jobToken);
    expect(lastGenerate(harness)).toMatchObject({
      image_urls: [mediaProxyUrl("https://example.com/pics/wide.webp")],
      aspect_ratio: "21:9",
      resolution: "480p",
      duration: "4",
    });
    expect(await harness.balance()).toBe(200 - 28 - 8);
  });

  it("explains ephemerally when the message has no usable image, and charges nothing", async () => {
    const before = generateCount(harness);
    for (const message of [
      { content: "just words" },
      { attachments: [{ ...PORTRAIT_PNG, filename: "clip.gif", contentType: "image/gif" }] },
    ]) {
      const { token } = await openMenu(message);
      const reply = harness.discord.originalMessage(token);
      expect(reply?.flags).toBe(EPHEMERAL);
      expect(reply?.content).toMatch(/no image I can animate|isn't a PNG, JPEG or WebP/);
    }
    expect(generateCount(harness)).toBe(before);
    expect(await harness.balance()).toBe(200 - 28 - 8);
  });

  it("applies the server's rules, like /animate", async () => {
    await settings(harness, "max_cost", { amount: 20 });
    const { token } = await openMenu({ attachments: [PORTRAIT_PNG] });
    const refused = await submit(token, { prompt: "too pricey" });
    expect(harness.discord.originalMessage(refused)?.content).toContain(
      "more than this server allows per job (20 credits)",
    );
    expect(await harness.balance()).toBe(200 - 28 - 8);
    await settings(harness, "max_cost", { amount: 0 });
  });

  it("/help shows the commands, the prices and what the member has left today", async () => {
    await harness.replyTo("credits", {
      subcommand: "limit",
      options: { amount: 100 },
      user: { id: harness.discord.ownerId, username: "owner" },
    });
    const help = await harness.replyTo("help", { user: MEMBER });
    expect(help.flags).toBe(EPHEMERAL);
    expect(help.content).toContain("**Apps → Animate with Seedance**");
    expect(help.content).toContain("| 720p | 14 / 28 | 28 / 56 | 42 / 84 |");
    expect(help.content).toContain("you have 64 credits left today");
    expect(help.content).toContain("Top-ups: the bot owner");
    harness.checkLedger();
  });
});
