import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StoredMessage } from "../fakes/fake-discord.js";
import { type Harness, MEMBER, startHarness } from "./harness.js";
import { EPHEMERAL, generateCount, settings } from "./settings-guilds.js";

const EXPENSIVE = { prompt: "a dragon over the sea", duration: 12 }; // 720p 12 s: 42 credits

/** Issue 14: `/settings confirm_above` asks first; only Generate reserves and posts the job. */
describe("confirming an expensive job", () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness();
    await harness.topUp(200);
    await settings(harness, "confirm_above", { amount: 30 });
  });
  afterAll(() => harness.close());

  async function ask(): Promise<{ question: StoredMessage; token: string }> {
    const { token } = await harness.command("video", { options: EXPENSIVE });
    const question = await harness.discord.waitFor(() => harness.discord.originalMessage(token));
    return { question, token };
  }

  function buttonId(message: StoredMessage, label: string): string {
    const button = message.components[0]?.components.find(
      (component) => "label" in component && component.label === label,
    );
    return button && "custom_id" in button ? button.custom_id : "";
  }

  async function click(message: StoredMessage, label: string) {
    const { token } = harness.discord.dispatchButton({
      customId: buttonId(message, label),
      messageId: message.id,
      user: MEMBER,
    });
    await harness.discord.waitFor(() => harness.discord.interaction(token).ack);
    return token;
  }

  it("asks ephemerally with the price, and Cancel charges nothing", async () => {
    const { question } = await ask();
    expect(question.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(question.content).toBe(
      "This video costs **42 credits** (720p · 16:9 · 12 s). Generate it?",
    );
    expect(await harness.balance()).toBe(200);
    await click(question, "Cancel");
    const cancelled = harness.discord.message(question.id);
    expect(cancelled?.content).toBe("Cancelled. Nothing was charged.");
    expect(cancelled?.components).toEqual([]);
    expect(await harness.balance()).toBe(200);
    expect(generateCount(harness)).toBe(0);
  });

  it("Generate reserves, posts the public job message and delivers the video there", async () => {
    const { question } = await ask();
    const clickToken = await click(question, "Generate");
    const job = harness.discord.originalMessage(clickToken);
    expect((job?.flags ?? 0) & EPHEMERAL).toBe(0);
    expect(job?.embeds[0]?.title).toContain("Generating");
    const final = await harness.finalReply(clickToken);
    expect(final.id).toBe(job?.id);
    expect(final.attachments[0]?.contentType).toBe("video/mp4");
    expect(await harness.balance()).toBe(200 - 42);
    const closed = await harness.discord.waitFor(() => {
      const message = harness.discord.message(question.id);
      return message?.components.length === 0 ? message : null;
    });
    expect(closed.content).toBe("Started: your video is in the message below.");

    // The question is spent: a second click (a client still showing the buttons) starts nothing.
    const again = await click(question, "Generate");
    expect(harness.discord.originalMessage(again)?.content).toMatch(/expired or was already used/);
    expect(await harness.balance()).toBe(200 - 42);
    expect(generateCount(harness)).toBe(1);
    harness.checkLedger();
  });

  it("starts cheaper jobs at once", async () => {
    const { token } = await harness.command("video", { options: { prompt: "a small cat" } });
    expect(harness.discord.originalMessage(token)?.embeds[0]?.title).toContain("Generating");
    await harness.finalReply(token);
  });
});
