import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StoredMessage } from "../fakes/fake-discord.js";
import { type Harness, MEMBER, OTHER_MEMBER, startHarness } from "./harness.js";

const EPHEMERAL = 1 << 6;

/** The custom id of a finished video's button: 0 regenerate, 1 edit prompt, 2 delete. */
function buttonId(message: StoredMessage, index: 0 | 1 | 2): string {
  const button = message.components[0]?.components[index];
  return button && "custom_id" in button ? button.custom_id : "";
}

/** Issue 10 item 12: a crafted interaction is refused, whatever it names. */
describe("forged interactions", () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({
      env: { MAX_ACTIVE_JOBS_PER_USER: "5", MAX_ACTIVE_JOBS_PER_GUILD: "5" },
    });
    await harness.topUp(500);
  });
  afterAll(() => harness.close());

  async function videoBy(user: typeof MEMBER, prompt: string): Promise<StoredMessage> {
    const { token } = await harness.command("video", {
      options: { prompt, duration: 4, resolution: "480p" },
      user,
    });
    return harness.finalReply(token);
  }

  async function refusalOf(token: string): Promise<StoredMessage> {
    const reply = await harness.discord.waitFor(() => harness.discord.originalMessage(token));
    expect(reply.flags & EPHEMERAL).toBe(EPHEMERAL);
    return reply;
  }

  it("refuses a delete button of one's own job clicked on someone else's video", async () => {
    const victim = await videoBy(MEMBER, "the member's video");
    const own = await videoBy(OTHER_MEMBER, "the attacker's video");
    const forged = await harness.discord.dispatchButton({
      customId: buttonId(own, 2),
      messageId: victim.id,
      user: OTHER_MEMBER,
    });
    expect((await refusalOf(forged.token)).content).toMatch(/doesn't belong to this message/);
    expect(harness.discord.message(victim.id)?.deleted).toBe(false);
    expect(harness.discord.message(own.id)?.deleted).toBe(false);
  });

  it("refuses a regenerate button carried over to another message, charging nothing", async () => {
    const first = await videoBy(MEMBER, "first");
    const second = await videoBy(MEMBER, "second");
    const before = await harness.balance();
    const forged = await harness.discord.dispatchButton({
      customId: buttonId(first, 0),
      messageId: second.id,
      user: MEMBER,
    });
    expect((await refusalOf(forged.token)).content).toMatch(/doesn't belong to this message/);
    expect(await harness.balance()).toBe(before);
  });

  it("still lets the requester delete their video from its own message", async () => {
    const video = await videoBy(MEMBER, "to delete");
    await harness.discord.dispatchButton({
      customId: buttonId(video, 2),
      messageId: video.id,
      user: MEMBER,
    });
    await harness.discord.waitFor(() => harness.discord.message(video.id)?.deleted);
  });

  it("refuses a subcommand group the bot doesn't define", async () => {
    const reply = await harness.replyTo("credits", {
      subcommandGroup: "admin",
      subcommand: "balance",
    });
    expect(reply.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(reply.content).toMatch(/don't know that subcommand/);
  });

  it("refuses a subcommand on a command that has none", async () => {
    const before = await harness.balance();
    const reply = await harness.replyTo("video", {
      subcommand: "free",
      options: { prompt: "a fox" },
    });
    expect(reply.content).toMatch(/don't know that subcommand/);
    expect(await harness.balance()).toBe(before);
  });
});
