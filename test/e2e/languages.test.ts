import { Locale } from "discord-api-types/v10";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobStatus } from "../helpers/job-message.js";
import { type Harness, MEMBER, startHarness } from "./harness.js";
import { EPHEMERAL } from "./settings-guilds.js";

const prompt = { prompt: "a red fox running through fresh snow" };

/** Issue 13: ephemeral replies in the member's language, public messages in the server's. */
describe("languages", () => {
  let harness: Harness;
  let english = "";
  let korean = "";

  beforeAll(async () => {
    harness = await startHarness({
      discord: {
        guilds: [
          { name: "English Server", locale: Locale.EnglishUS, channels: [{ name: "general" }] },
          { name: "한국 서버", locale: Locale.Korean, channels: [{ name: "일반" }] },
        ],
      },
    });
    english = harness.discord.guilds[0]?.id ?? "";
    korean = harness.discord.guilds[1]?.id ?? "";
  });
  afterAll(() => harness.close());

  async function video(guildId: string) {
    const { token } = await harness.command("video", {
      options: prompt,
      guildId,
      user: MEMBER,
      locale: Locale.Korean,
    });
    return {
      token,
      first: await harness.discord.waitFor(() => harness.discord.originalMessage(token)),
    };
  }

  async function topUp(guildId: string) {
    const reply = await harness.replyTo("credits", {
      subcommand: "add",
      options: { amount: 100 },
      guildId,
      user: { id: harness.discord.ownerId, username: "owner" },
    });
    expect(reply.content).toMatch(/^Added 100 credits/);
  }

  it("refuses a Korean member in Korean, in either server", async () => {
    for (const guildId of [korean, english]) {
      const { first } = await video(guildId);
      expect(first.flags & EPHEMERAL).toBe(EPHEMERAL);
      expect(first.content).toContain(
        "이 영상은 **28크레딧**이 필요하지만 서버 잔액은 **0크레딧**이에요.",
      );
      expect(first.content).toContain("봇 소유자만 충전할 수 있어요");
    }
  });

  it("makes a Korean server's job message in Korean", async () => {
    await topUp(korean);
    const { token, first } = await video(korean);
    expect(first.embeds[0]?.title).toBe("🎬 만드는 중…");
    const final = await harness.finalReply(token);
    expect(jobStatus(final)).toBe("ready");
    expect(final.content).toContain("720p · 16:9 · 8초 · 28크레딧");
    expect(final.components[0]?.components.map((b) => ("label" in b ? b.label : ""))).toEqual([
      "다시 만들기 · 28크레딧",
      "프롬프트 수정…",
      "삭제",
    ]);
  });

  it("makes an English server's job message in English for a Korean member", async () => {
    await topUp(english);
    const { token, first } = await video(english);
    expect(first.embeds[0]?.title).toBe("🎬 Generating…");
    const final = await harness.finalReply(token);
    expect(final.content).toContain("720p · 16:9 · 8 s · 28 credits");
  });

  it("sends the video by DM in the member's language when it can't reach the server", async () => {
    harness.seedance.scriptNextTask({ outcome: "success", durationMs: 800 });
    const { token } = await video(english);
    harness.discord.expireToken(token);
    harness.discord.setPermissions({ denyChannelMessageEdit: true, denyChannelPost: true });
    const dm = await harness.discord.waitFor(
      () =>
        harness.discord
          .directMessagesTo(MEMBER.id)
          .find((m) => m.attachments.some((file) => file.name.endsWith(".mp4"))),
      10_000,
    );
    expect(dm.content).toContain("720p · 16:9 · 8초 · 28크레딧");
    expect(dm.components[0]?.components.map((b) => ("label" in b ? b.label : ""))).toEqual([
      "다시 만들기 · 28크레딧",
      "프롬프트 수정…",
      "삭제",
    ]);
    harness.discord.setPermissions({ denyChannelMessageEdit: false, denyChannelPost: false });
  });
});
