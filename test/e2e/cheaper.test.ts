import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobStatus } from "../helpers/job-message.js";
import { type Harness, MEMBER, startHarness } from "./harness.js";
import { EPHEMERAL, lastGenerate } from "./settings-guilds.js";

/** Issue 12 item 7: refusals say what would work. */
describe("refusals that say what would work", () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({ env: { MAX_ACTIVE_JOBS_PER_USER: "1" } });
    await harness.topUp(10);
  });
  afterAll(() => harness.close());

  it("offers the dearest setting the balance pays, as one click", async () => {
    const refusal = await harness.replyTo("video", { options: { prompt: "a fox in the snow" } });
    expect(refusal.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(refusal.content).toBe(
      "This video costs **28 credits**, but the server only has **10 credits**.\n" +
        "A **480p · 16:9 · 4 s** version costs **8 credits** and fits.\n" +
        "-# Only the bot owner can add credits on this server (`/credits add`).",
    );
    const button = refusal.components[0]?.components[0];
    expect(button && "label" in button ? button.label : "").toBe(
      "Make 480p · 16:9 · 4 s instead · 8 credits",
    );
    const click = harness.discord.dispatchButton({
      customId: button && "custom_id" in button ? button.custom_id : "",
      messageId: refusal.id,
      user: MEMBER,
    });
    const final = await harness.finalReply(click.token);
    expect(jobStatus(final)).toBe("ready");
    expect(lastGenerate(harness)).toMatchObject({ resolution: "480p", duration: "4" });
    expect(await harness.balance()).toBe(2);
    harness.checkLedger();
  });

  it("links the member's running job when they are at their cap", async () => {
    await harness.topUp(100);
    harness.seedance.scriptNextTask({ durationMs: 5_000 });
    const { token } = await harness.command("video", {
      options: { prompt: "slow one", duration: 4 },
    });
    const running = await harness.discord.waitFor(() => {
      const message = harness.discord.originalMessage(token);
      return message && harness.seedance.tasks.size > 1 ? message : null;
    });
    const refusal = await harness.replyTo("video", {
      options: { prompt: "one more", duration: 4 },
    });
    expect(refusal.content).toMatch(
      new RegExp(
        `^You already have 1 video generating.*finishes: https://discord\\.com/channels/\\d+/\\d+/${running.id}$`,
      ),
    );
    await harness.finalReply(token);
  });
});
