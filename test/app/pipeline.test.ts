import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type InProcessApp, MEMBER, startInProcessApp } from "../helpers/in-process-app.js";
import { ended as endedMessage, jobStatus } from "../helpers/job-message.js";

const PRICE = 14; // 480p, 8 s, no audio
const GUILD = () => app.discord.guilds[0]?.id ?? "";

let app: InProcessApp;

beforeEach(async () => {
  app = await startInProcessApp({
    env: { SEEDANCE_JOB_TIMEOUT_MS: "600000", SEEDANCE_POLL_INTERVAL_MS: "5000" },
    seedance: { taskDurationMs: 60_000 },
  });
  await app.start();
  await app.app.storage.ledger.topUp({
    guildId: GUILD(),
    amount: 1_000,
    actorId: "1",
  });
});
afterEach(async () => {
  app.checkLedger();
  await app.close();
});

async function makeVideo() {
  const { token } = await app.discord.dispatchCommand({
    user: MEMBER,
    name: "video",
    options: { prompt: "a lighthouse in a storm", resolution: "480p" },
  });
  await app.discord.waitFor(() => app.discord.originalMessage(token));
  return token;
}

const ended = (token: string) => () => {
  const message = app.discord.originalMessage(token);
  return endedMessage(message);
};
const balance = () => app.app.storage.ledger.balance(GUILD());
const generates = () => app.seedance.requests.filter((r) => r.path.endsWith("/generate")).length;
const jobState = () =>
  app.sql((db) => db.prepare("SELECT state FROM jobs").pluck().get() as string);

describe("the pipeline, on a manual clock", () => {
  it("submits, polls around the task and delivers the video", async () => {
    const token = await makeVideo();
    const final = await app.advanceUntil(ended(token), { stepMs: 5_000 });
    expect(jobStatus(final)).toBe("ready");
    expect(final.attachments).toHaveLength(1);
    expect(await balance()).toBe(1_000 - PRICE);
  });

  it("retries generate when Seedance certainly created nothing (503 with Retry-After)", async () => {
    app.seedance.failNext("generate", { status: 503, retryAfterSeconds: 5 });
    const token = await makeVideo();
    await app.advanceUntil(ended(token), { stepMs: 5_000 });
    expect(generates()).toBe(2);
    expect(app.seedance.tasks.size).toBe(1);
  });

  it("does not resend generate after a 500 (it may have been accepted) and refunds", async () => {
    app.seedance.failNext("generate", { status: 500 });
    const token = await makeVideo();
    const final = await app.advanceUntil(ended(token));
    expect(final.embeds[0]?.description).toMatch(/Seedance is having trouble/);
    expect(generates()).toBe(1);
    expect(await balance()).toBe(1_000);
  });

  it("gives up on a task that runs past the job timeout, and refunds it", async () => {
    app.seedance.scriptNextTask({ durationMs: 3_600_000 });
    const token = await makeVideo();
    const final = await app.advanceUntil(ended(token), { stepMs: 30_000, maxMs: 900_000 });
    expect(final.embeds[0]?.description).toMatch(/took too long/);
    expect(await balance()).toBe(1_000);
  });

  it("resumes polling a submitted job after a restart and delivers it", async () => {
    const token = await makeVideo();
    await app.advanceUntil(() => jobState() === "submitted");
    await app.restart();
    await app.advanceUntil(() => jobState() === "delivered", { stepMs: 5_000 });
    expect(jobStatus(app.discord.originalMessage(token))).toBe("ready");
    expect(generates()).toBe(1);
  });

  it("leaves a job reserved when shut down mid-retry, then refunds it at start-up", async () => {
    app.seedance.failNext("generate", { status: 429, retryAfterSeconds: 20 });
    const token = await makeVideo();
    await app.advanceUntil(() => generates() === 1);
    await app.stop();
    expect(jobState()).toBe("reserved");
    await app.restart();
    const final = await app.advanceUntil(ended(token));
    expect(final.embeds[0]?.description).toMatch(/restarted before your video reached Seedance/);
    expect(generates()).toBe(1);
    expect(await balance()).toBe(1_000);
  });

  it("refunds a job an older version left failed but not refunded", async () => {
    app.seedance.failNext("generate", { status: 429, retryAfterSeconds: 20 });
    const token = await makeVideo();
    await app.advanceUntil(() => generates() === 1);
    await app.stop();
    app.sql((db) => db.exec("UPDATE jobs SET state = 'failed', error_code = 'INTERNAL_ERROR'"));
    await app.restart();
    const final = await app.advanceUntil(ended(token));
    expect(final.embeds[0]?.description).toMatch(/Seedance is having trouble/);
    expect(await balance()).toBe(1_000);
  });

  it("retries a delivery Discord refused, with backoff, until it lands", async () => {
    // Uploads only: progress edits taking some of the faults made the count of failed deliveries,
    // and so the backoff the test waited through, depend on timing.
    const upload = { method: "PATCH", path: /^\/webhooks\//, withFiles: true };
    app.discord.injectFault({ ...upload, status: 500, times: 3 });
    const token = await makeVideo();
    await app.advanceUntil(() => jobState() === "succeeded", { stepMs: 5_000 });
    await app.advanceUntil(() => jobState() === "delivered", { stepMs: 5_000, maxMs: 900_000 });
    expect(jobStatus(app.discord.originalMessage(token))).toBe("ready");
    const attempts = app.sql((db) =>
      db.prepare("SELECT delivery_attempts FROM jobs").pluck().get(),
    );
    const uploads = app.discord.requests.filter((r) => r.files.length > 0).map((r) => r.status);
    expect(uploads).toEqual([500, 500, 500, 200]);
    expect(attempts).toBeGreaterThan(0);
  });

  it("never uploads an HTML page served as the video: retries, then sends the link", async () => {
    app.seedance.scriptNextTask({ videoBody: "<html><body>Access denied</body></html>" });
    const token = await makeVideo();
    await app.advanceUntil(() => jobState() === "delivered", { stepMs: 30_000, maxMs: 3_600_000 });
    const final = app.discord.originalMessage(token);
    expect(final?.attachments).toHaveLength(0);
    expect(final?.content).toMatch(/couldn't fetch the video/);
    const videoFetches = app.seedance.requests.filter((r) => r.path.startsWith("/videos/"));
    expect(videoFetches.length).toBeGreaterThan(1);
  });
});
