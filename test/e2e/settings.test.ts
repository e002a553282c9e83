import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DispatchCommandOptions } from "../fakes/fake-discord.js";
import { jobStatus } from "../helpers/job-message.js";
import { ADMIN, type Harness, MEMBER, startHarness } from "./harness.js";
import {
  EPHEMERAL,
  generateCount,
  lastGenerate,
  places,
  settings,
  TWO_SERVERS,
} from "./settings-guilds.js";

/** Issue 14: each /settings value is stored, shown, honoured, and survives a restart. */
describe("/settings", () => {
  let harness: Harness;
  let place: ReturnType<typeof places>;

  beforeAll(async () => {
    harness = await startHarness({ discord: TWO_SERVERS });
    place = places(harness);
    await harness.topUp(1_000);
  });
  afterAll(() => harness.close());

  /** A job that must start, run to the end, and cost `price`. */
  async function expectGenerated(options: Omit<DispatchCommandOptions, "name">, price: number) {
    const before = await harness.balance();
    const { token } = await harness.command("video", options);
    const final = await harness.finalReply(token);
    expect(jobStatus(final)).toBe("ready");
    expect(await harness.balance()).toBe(before - price);
  }

  /** A job refused ephemerally with `answer`, charging and submitting nothing. */
  async function expectRefused(options: Omit<DispatchCommandOptions, "name">, answer: string) {
    const before = await harness.balance();
    const submitted = generateCount(harness);
    const reply = await harness.replyTo("video", options);
    expect(reply.content).toContain(answer);
    expect(reply.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(await harness.balance()).toBe(before);
    expect(generateCount(harness)).toBe(submitted);
  }

  const prompt = { prompt: "a lighthouse in a storm" };

  it("is for admins and owners only", async () => {
    const reply = await harness.replyTo("settings", { subcommand: "show", user: MEMBER });
    expect(reply.content).toBe("Only server admins (Manage Server) and the bot owner can do that.");
    const owner = { id: harness.discord.ownerId, username: "owner" };
    const shown = await harness.replyTo("settings", { subcommand: "show", user: owner });
    expect(shown.content).toContain("**This server's settings**");
  });

  it("uses the server's defaults where a member leaves an option out", async () => {
    expect(
      await settings(harness, "defaults", { resolution: "480p", duration: 4, audio: true }),
    ).toBe(
      "Saved: defaults are now 480p (server) · 4 s (server) · 16:9, /animate: the image's shape · audio on (server) · fixed lens off.",
    );
    await expectGenerated({ options: prompt }, 14);
    expect(lastGenerate(harness)).toMatchObject({
      resolution: "480p",
      duration: "4",
      generate_audio: true,
    });
    await expectGenerated({ options: { ...prompt, duration: 8, audio: false } }, 14);
    expect(lastGenerate(harness)).toMatchObject({
      resolution: "480p",
      duration: "8",
      generate_audio: false,
    });
    await settings(harness, "defaults", { reset: true });
    await expectGenerated({ options: prompt }, 28);
  });

  it("refuses crafted defaults and changes nothing", async () => {
    const before = await settings(harness, "show");
    expect(await settings(harness, "defaults", { duration: 5 })).toBe(
      "duration must be one of 4, 8, 12.",
    );
    expect(await settings(harness, "defaults", { resolution: "4k" })).toBe(
      "resolution must be one of 480p, 720p.",
    );
    expect(await settings(harness, "show")).toBe(before);
  });

  it("restricts generation to chosen channels, naming them in the refusal", async () => {
    expect(await settings(harness, "channels", { add: place.videos })).toBe(
      `Saved: members can generate in <#${place.videos}>.`,
    );
    await expectRefused(
      { options: prompt },
      `Videos can't be made in this channel on this server. Please use <#${place.videos}>.`,
    );
    await expectGenerated({ options: prompt, channelId: place.videos }, 28);
    expect(await settings(harness, "channels", { add: place.elsewhere })).toBe(
      "That channel isn't in this server, or I can't see it. Pick one of this server's channels.",
    );
    expect(await settings(harness, "channels", { remove: place.general })).toBe(
      `<#${place.general}> isn't on the list of allowed channels.`,
    );
    expect(await settings(harness, "channels", { clear: true })).toBe(
      "Saved: members can generate in every channel.",
    );
    await expectGenerated({ options: prompt }, 28);
  });

  it("requires a role when one is set, naming it in the refusal", async () => {
    expect(await settings(harness, "role", { role: place.strangers })).toBe(
      "I can't see that role in this server. Pick one of this server's roles.",
    );
    expect(await settings(harness, "role", { role: place.integration })).toMatch(
      /belongs to a bot/,
    );
    expect(await settings(harness, "role", { role: place.creators })).toBe(
      `Saved: members with <@&${place.creators}> can generate videos.`,
    );
    await expectRefused({ options: prompt }, `needs the <@&${place.creators}> role`);
    await expectGenerated({ options: prompt, memberRoles: [place.creators] }, 28);
    expect(await settings(harness, "role", { clear: true })).toBe(
      "Saved: everyone can generate videos.",
    );
  });

  it("refuses jobs above the maximum cost", async () => {
    expect(await settings(harness, "max_cost", { amount: -5 })).toBe(
      "The amount can't be negative; 0 turns this off.",
    );
    expect(await settings(harness, "max_cost", { amount: 20 })).toBe(
      "Saved: jobs costing more than 20 credits are refused.",
    );
    await expectRefused(
      { options: prompt },
      "This video costs 28 credits, more than this server allows per job (20 credits).",
    );
    await expectGenerated({ options: { ...prompt, resolution: "480p" } }, 14);
  });

  it("stores and shows the language, and who changed what last", async () => {
    expect(await settings(harness, "language", { language: "ko" })).toBe(
      "Saved: language is 한국어 (Korean).",
    );
    const shown = await settings(harness, "show");
    expect(shown).toContain("Language: 한국어 (Korean)");
    expect(shown).toContain("Maximum per job: 20 credits");
    expect(shown).toMatch(new RegExp(`Last changed by <@${ADMIN.id}> <t:\\d+:R> \\(language\\)$`));
  });

  it("keeps every setting across a restart, and still honours them", async () => {
    const before = await settings(harness, "show");
    await harness.bot.stop();
    await harness.restart();
    expect(await settings(harness, "show")).toBe(before);
    await expectRefused({ options: prompt }, "more than this server allows per job");
    await settings(harness, "max_cost", { amount: 0 });
    harness.checkLedger();
  });
});
