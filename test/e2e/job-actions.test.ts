import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StoredMessage } from "../fakes/fake-discord.js";
import { jobStatus, shownPrompt } from "../helpers/job-message.js";
import { type Harness, MEMBER, startHarness } from "./harness.js";
import { lastGenerate } from "./settings-guilds.js";

const PRICE = 14; // 720p, 4 s
const PRICE_480P = 8; // 480p, 4 s

/** Issue 12: every end offers the next step, and a failure is noticed. */
describe("after a job ends", () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness();
    await harness.topUp(200);
  });
  afterAll(() => harness.close());

  const buttonId = (message: StoredMessage, label: RegExp) => {
    const button = message.components[0]?.components.find(
      (component) => "label" in component && label.test(component.label ?? ""),
    );
    return button && "custom_id" in button ? button.custom_id : "";
  };

  async function failedJob() {
    harness.seedance.scriptNextTask({ outcome: "failed", errorMessage: "InternalServiceError" });
    const { token } = await harness.command("video", {
      options: { prompt: "a *bold* fox", duration: 4 },
    });
    const final = await harness.finalReply(token);
    expect(jobStatus(final)).toBe("failed");
    return final;
  }

  it("pings only the requester, as a reply to the failed job's message", async () => {
    const final = await failedJob();
    const ping = await harness.discord.waitFor(() =>
      harness.discord.messagesIn(harness.channelId).find((m) => m.replyTo === final.id),
    );
    expect(ping.content).toBe(
      `<@${MEMBER.id}> your video couldn't be made — your ${PRICE} credits are back.`,
    );
    expect(ping.pings).toEqual({ everyone: false, users: [MEMBER.id], roles: [] });
  });

  it("Try again makes the same video, charged once more", async () => {
    const final = await failedJob();
    const before = await harness.balance();
    const click = harness.discord.dispatchButton({
      customId: buttonId(final, /^Try again/),
      messageId: final.id,
      user: MEMBER,
    });
    const again = await harness.finalReply(click.token);
    expect(jobStatus(again)).toBe("ready");
    expect(shownPrompt(again)).toBe("a \\*bold\\* fox");
    expect(await harness.balance()).toBe(before - PRICE);
    harness.checkLedger();
  });

  it("Edit prompt… opens a pre-filled form whose submit makes a new job", async () => {
    const final = await failedJob();
    const click = harness.discord.dispatchButton({
      customId: buttonId(final, /^Edit prompt/),
      messageId: final.id,
      user: MEMBER,
    });
    await harness.discord.waitFor(() => harness.discord.interaction(click.token).ack);
    expect(harness.discord.interaction(click.token).ack?.type).toBe(9); // a modal
    const before = await harness.balance();
    const submitted = harness.discord.dispatchModalSubmit({
      token: click.token,
      values: { prompt: "a calm fox" },
      user: MEMBER,
    });
    const edited = await harness.finalReply(submitted.token);
    expect(shownPrompt(edited)).toBe("a calm fox");
    expect(lastGenerate(harness)).toMatchObject({ prompt: "a calm fox", duration: "4" });
    expect(await harness.balance()).toBe(before - PRICE);
  });

  it("Edit prompt… shows the job's settings, and a changed one makes the new job", async () => {
    const final = await failedJob();
    const click = harness.discord.dispatchButton({
      customId: buttonId(final, /^Edit prompt/),
      messageId: final.id,
      user: MEMBER,
    });
    await harness.discord.waitFor(() => harness.discord.interaction(click.token).ack);
    const selects = modalSelects(harness.discord.interaction(click.token).modal);
    expect(selects).toEqual({
      resolution: ["720p"],
      duration: ["4"],
      aspect_ratio: ["16:9"],
      audio: ["off"],
    });
    const before = await harness.balance();
    const submitted = harness.discord.dispatchModalSubmit({
      token: click.token,
      values: { prompt: "a calm fox", resolution: ["480p"] },
      user: MEMBER,
    });
    const edited = await harness.finalReply(submitted.token);
    expect(jobStatus(edited)).toBe("ready");
    expect(shownPrompt(edited)).toBe("a calm fox");
    expect(lastGenerate(harness)).toMatchObject({
      prompt: "a calm fox",
      resolution: "480p",
      duration: "4",
      aspect_ratio: "16:9",
    });
    expect(await harness.balance()).toBe(before - PRICE_480P);
    harness.checkLedger();
  });
});

/** Each select of a shown modal with the values it shows pre-selected. */
function modalSelects(modal: unknown): Record<string, string[]> {
  const { components } = modal as {
    components: {
      component?: { custom_id: string; options?: { value: string; default?: boolean }[] };
    }[];
  };
  return Object.fromEntries(
    components.flatMap(({ component }) =>
      component?.options
        ? [[component.custom_id, component.options.filter((o) => o.default).map((o) => o.value)]]
        : [],
    ),
  );
}
