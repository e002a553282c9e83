import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { jobStatus } from "../helpers/job-message.js";
import { type Harness, startHarness } from "./harness.js";

const PRICE = 14; // 480p, 8 s, no audio

/** DESIGN §3–4: every failure refunds exactly once and tells the member why. */
describe("failures and refunds", () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({
      env: {
        SEEDANCE_JOB_TIMEOUT_MS: "5000",
        MAX_ACTIVE_JOBS_PER_USER: "50",
        MAX_ACTIVE_JOBS_PER_GUILD: "50",
      },
    });
    await harness.topUp(1_000);
  });
  beforeEach(() => harness.seedance.resetScripts());
  afterAll(() => harness.close());

  const makeVideo = () =>
    harness.command("video", {
      options: { prompt: "a lighthouse in a storm", resolution: "480p" },
    });

  /** Runs one job to its end and checks the balance came back in full. */
  async function expectRefunded(reason: RegExp): Promise<void> {
    const before = await harness.balance();
    const { token } = await makeVideo();
    const final = await harness.finalReply(token);
    expect(final.embeds[0]?.title).toBe(`❌ Couldn't make this video — ${PRICE} credits refunded`);
    expect(final.embeds[0]?.description).toMatch(reason);
    expect(final.embeds[0]?.description).toMatch(
      new RegExp(
        `Your ${PRICE} credits are back on the server\\.|the server's balance is untouched`,
      ),
    );
    expect(await harness.balance()).toBe(before);
    harness.checkLedger();
  }

  it("refunds a task Seedance reports as failed, quoting its reason", async () => {
    harness.seedance.scriptNextTask({
      outcome: "failed",
      errorMessage: "content policy violation",
    });
    await expectRefunded(/safety filter refused this video/);
  });

  it("refunds when the bot owner's Seedance account is out of credits (402)", async () => {
    harness.seedance.setBalance(0);
    await expectRefunded(
      /paid by the bot owner\) has run out\. \*\*The bot owner has already been told/,
    );
    harness.seedance.setBalance(1_000_000);
  });

  it("refunds when the API key is refused (401)", async () => {
    harness.seedance.failNext("generate", { status: 401, code: "INVALID_API_KEY" });
    await expectRefunded(/refused the bot's API key.*The bot owner has already been told/);
  });

  it("refunds a 500 on generate without sending it again (it may have been accepted)", async () => {
    const generates = () =>
      harness.seedance.requests.filter((r) => r.path === "/v1/generate").length;
    const before = generates();
    harness.seedance.failNext("generate", { status: 500 });
    await expectRefunded(/Seedance is having trouble/);
    expect(generates()).toBe(before + 1);
  });

  it("retries generate after a 429 with Retry-After, since nothing was created", async () => {
    harness.seedance.failNext("generate", { status: 429, retryAfterSeconds: 1 });
    const before = await harness.balance();
    const { token } = await makeVideo();
    const final = await harness.finalReply(token);
    expect(jobStatus(final)).toBe("ready");
    expect(await harness.balance()).toBe(before - PRICE);
  });

  it("refunds rather than keep a member waiting when Seedance asks for a long pause", async () => {
    harness.seedance.failNext("generate", { status: 429, retryAfterSeconds: 3_600 });
    await expectRefunded(/Seedance is busy/);
  });

  it("gives up on a job that runs past the timeout and refunds it", async () => {
    harness.seedance.scriptNextTask({ outcome: "success", durationMs: 60_000 });
    await expectRefunded(/took too long/);
  });

  it("refunds a task Seedance has lost (404 on status)", async () => {
    harness.seedance.failNext("status", { status: 404, code: "TASK_NOT_FOUND", times: 5 });
    await expectRefunded(/lost track/);
  });

  it("rides out transient status errors and charges once", async () => {
    harness.seedance.failNext("status", { status: 503, times: 2 });
    harness.seedance.failNext("status", { status: 429, retryAfterSeconds: 1 });
    harness.seedance.failNext("status", {
      status: 200,
      body: "<html>oops</html>",
      contentType: "text/html",
    });
    const before = await harness.balance();
    const { token } = await makeVideo();
    const final = await harness.finalReply(token);
    expect(jobStatus(final)).toBe("ready");
    expect(await harness.balance()).toBe(before - PRICE);
    harness.checkLedger();
  });

  it("gives back the difference when Seedance charges less than the table", async () => {
    harness.seedance.scriptNextTask({ outcome: "success", consumedCredits: 10 });
    const before = await harness.balance();
    const { token } = await makeVideo();
    const final = await harness.finalReply(token);
    expect(final.content).toContain(" · 10 credits (4 credits refunded) · ");
    expect(await harness.balance()).toBe(before - 10);
  });

  it("refunds at once and never submits when the reply itself fails", async () => {
    const before = await harness.balance();
    const generates = harness.seedance.requests.filter((r) => r.path === "/v1/generate").length;
    harness.discord.injectFault({
      method: "POST",
      path: /^\/interactions\/\d+\/[^/]+\/callback$/,
      status: 404,
      code: 10062,
      message: "Unknown interaction",
    });
    await harness.discord.dispatchCommand({ name: "video", options: { prompt: "too late" } });
    await harness.bot.waitForLog((line) => line.msg === "Reply failed; job refunded");
    expect(await harness.balance()).toBe(before);
    expect(harness.seedance.requests.filter((r) => r.path === "/v1/generate")).toHaveLength(
      generates,
    );
    harness.checkLedger();
  });

  it("never overspends when many commands arrive at once", async () => {
    const balance = await harness.balance();
    const owner = { id: harness.discord.ownerId, username: "owner" };
    await harness.replyTo("credits", {
      subcommand: "remove",
      options: { amount: balance - 5 * PRICE },
      user: owner,
    });
    const burst = await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        harness.command("video", {
          options: { prompt: `burst ${index}`, resolution: "480p" },
          user: {
            id: `60000000000000000${index % 10}${Math.floor(index / 10)}`,
            username: `m${index}`,
          },
        }),
      ),
    );
    const replies = burst.map(({ reply }) => reply());
    const accepted = replies.filter((reply) => (reply?.flags ?? 0) === 0);
    expect(accepted).toHaveLength(5);
    expect(replies.filter((reply) => reply?.content.includes("only has"))).toHaveLength(7);
    await Promise.all(
      burst.map(({ token }, i) => (replies[i]?.flags ? null : harness.finalReply(token))),
    );
    expect(await harness.balance()).toBe(0);
    harness.checkLedger();
  });
});
