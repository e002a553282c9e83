import { createHash } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { StoredMessage } from "../fakes/fake-discord.js";
import { mp4Bytes } from "../fakes/fake-seedance-mp4.js";
import { jobStatus, shownPrompt } from "../helpers/job-message.js";
import { type Harness, MEMBER, OTHER_MEMBER, startHarness } from "./harness.js";

const EPHEMERAL = 1 << 6;

/** DESIGN §4: the video reaches the member whatever Discord still allows. */
describe("delivery", () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({
      env: { MAX_ACTIVE_JOBS_PER_USER: "10", MAX_ACTIVE_JOBS_PER_GUILD: "10" },
    });
    await harness.topUp(1_000);
  });
  beforeEach(() => {
    harness.seedance.resetScripts();
    harness.seedance.configure({ videoBytes: 4096 });
    harness.discord.setPermissions({
      denyChannelMessageEdit: false,
      denyChannelPost: false,
      denyDirectMessage: false,
    });
  });
  afterAll(() => harness.close());

  /** Starts a slow job and expires its interaction token while Seedance works. */
  async function videoWithExpiredToken() {
    harness.seedance.scriptNextTask({ outcome: "success", durationMs: 800 });
    const job = await harness.command("video", {
      options: { prompt: "waves at dusk", resolution: "480p" },
    });
    harness.discord.expireToken(job.token);
    return job;
  }

  const isVideo = (message: StoredMessage | undefined) =>
    message?.attachments.some((file) => file.name.endsWith(".mp4")) ?? false;

  it("animates an image, sending its URL and the nearest aspect ratio", async () => {
    const image = {
      filename: "portrait.png",
      contentType: "image/png",
      size: 300_000,
      width: 1080,
      height: 1920,
      url: "https://cdn.discordapp.com/attachments/1/2/portrait.png",
    };
    const { token } = await harness.command("animate", {
      options: { image, prompt: "she smiles" },
    });
    const final = await harness.finalReply(token);
    expect(jobStatus(final)).toBe("ready");
    const generate = harness.seedance.requests.findLast((r) => r.path === "/v1/generate");
    expect(generate?.body).toMatchObject({ image_urls: [image.url], aspect_ratio: "9:16" });
  });

  it("sends a link instead of a file when the video is over the upload limit", async () => {
    harness.seedance.configure({ videoBytes: 300_000 });
    const { token } = await harness.command("video", {
      options: { prompt: "a big video" },
      attachmentSizeLimit: 200_000,
    });
    const final = await harness.finalReply(token);
    expect(final.attachments).toHaveLength(0);
    expect(final.content).toMatch(
      /too large to upload.*\nhttp:\/\/127\.0\.0\.1:\d+\/videos\/.+\.mp4/s,
    );
  });

  it("sends the whole video again when Discord answers an upload with a server error", async () => {
    const sent = { path: /^\/webhooks\/\d+\/[^/]+\/messages\/%40original$/, withFiles: true };
    harness.discord.injectFault({ ...sent, method: "PATCH", status: 502 });
    const { token } = await harness.command("video", { options: { prompt: "second try" } });
    const final = await harness.finalReply(token);
    const uploads = harness.discord.requests.filter(
      (r) => r.method === "PATCH" && r.files.length > 0 && r.path.includes(token),
    );
    expect(uploads.map((r) => r.status)).toEqual([502, 200]);
    const video = createHash("sha256").update(mp4Bytes(4096)).digest("hex");
    expect(uploads.map((r) => r.files[0]?.sha256)).toEqual([video, video]);
    expect(final.attachments).toMatchObject([{ size: 4096, sha256: video }]);
  });

  it("edits the same message with the bot token once the interaction token has expired", async () => {
    const { token } = await videoWithExpiredToken();
    const original = harness.discord.interaction(token).originalMessageId ?? "";
    await harness.discord.waitFor(() => isVideo(harness.discord.message(original)), 10_000);
    expect(
      harness.discord.requests.some(
        (r) => r.route === "/channels/:channel/messages/:message" && r.method === "PATCH",
      ),
    ).toBe(true);
  });

  it("posts in the channel, pinging only the member, when it can't edit", async () => {
    harness.discord.setPermissions({ denyChannelMessageEdit: true });
    await videoWithExpiredToken();
    const posted = await harness.discord.waitFor(
      () =>
        harness.discord
          .messagesIn(harness.channelId)
          .find((m) => m.source === "channel" && isVideo(m)),
      10_000,
    );
    expect(posted.pings).toEqual({ everyone: false, users: [MEMBER.id], roles: [] });
  });

  it("falls back to a DM when it can neither edit nor post", async () => {
    harness.discord.setPermissions({ denyChannelMessageEdit: true, denyChannelPost: true });
    await videoWithExpiredToken();
    await harness.discord.waitFor(
      () => harness.discord.directMessagesTo(MEMBER.id).find(isVideo),
      10_000,
    );
  });

  it("regenerates with the same settings, charging whoever clicked", async () => {
    const { token } = await harness.command("video", {
      options: { prompt: "again please", duration: 4 },
    });
    const final = await harness.finalReply(token);
    const before = await harness.balance();
    const button = await harness.discord.dispatchButton({
      customId:
        final.components[0]?.components[0] && "custom_id" in final.components[0].components[0]
          ? final.components[0].components[0].custom_id
          : "",
      messageId: final.id,
      user: OTHER_MEMBER,
    });
    // Someone else's video: the clicker is asked first, since it spends the server's credits.
    const question = await harness.discord.waitFor(() =>
      harness.discord.originalMessage(button.token),
    );
    expect(question.content).toBe(
      "This will spend **14 credits** from the server's balance (720p · 16:9 · 4 s). Generate it?",
    );
    expect(await harness.balance()).toBe(before);
    const generate = question.components[0]?.components[0];
    const click = harness.discord.dispatchButton({
      customId: generate && "custom_id" in generate ? generate.custom_id : "",
      messageId: question.id,
      user: OTHER_MEMBER,
    });
    const again = await harness.finalReply(click.token);
    expect(shownPrompt(again)).toBe("again please");
    expect(await harness.balance()).toBe(before - 14);
  });

  it("lets only the requester delete the video", async () => {
    const { token } = await harness.command("video", {
      options: { prompt: "delete me", duration: 4 },
    });
    const final = await harness.finalReply(token);
    const deleteButton = final.components[0]?.components[2];
    const customId = deleteButton && "custom_id" in deleteButton ? deleteButton.custom_id : "";

    const refused = await harness.discord.dispatchButton({
      customId,
      messageId: final.id,
      user: OTHER_MEMBER,
    });
    const refusal = await harness.discord.waitFor(() =>
      harness.discord.originalMessage(refused.token),
    );
    expect(refusal.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(refusal.content).toMatch(/Only the member who asked/);
    expect(harness.discord.message(final.id)?.deleted).toBe(false);

    await harness.discord.dispatchButton({ customId, messageId: final.id, user: MEMBER });
    await harness.discord.waitFor(() => harness.discord.message(final.id)?.deleted);
  });

  it("lists only the caller's own jobs in /jobs", async () => {
    const reply = await harness.replyTo("jobs", { user: OTHER_MEMBER });
    expect(reply.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(reply.content).toMatch(/\*\*In progress\*\*\nNothing right now\./);
    expect(reply.content).toMatch(
      /\*\*Recently finished\*\*\n• \*\*again please\*\* — ✅ delivered <t:\d+:R> · 14 credits · \[message\]\(https:\/\/discord\.com\/channels\/\d+\/\d+\/\d+\)$/,
    );
    harness.checkLedger();
  });
});
