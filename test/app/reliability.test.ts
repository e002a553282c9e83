import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type InProcessApp, MEMBER, startInProcessApp } from "../helpers/in-process-app.js";
import { ended as endedMessage, jobStatus } from "../helpers/job-message.js";

const EPHEMERAL = 1 << 6;
let app: InProcessApp;

beforeEach(async () => {
  app = await startInProcessApp({
    env: { SQLITE_RESERVATION_THREAD: "true" },
    seedance: { taskDurationMs: 60_000 },
  });
});
afterEach(async () => {
  app.checkLedger();
  await app.close();
});

const guildId = () => app.discord.guilds[0]?.id ?? "";
const topUp = () =>
  app.app.storage.ledger.topUp({
    guildId: guildId(),
    amount: 1_000,
    actorId: "1",
  });
const balance = () => app.app.storage.ledger.balance(guildId());
const ended = (token: string) => () => {
  const message = app.discord.originalMessage(token);
  return endedMessage(message);
};
const jobs = () => app.sql((db) => db.prepare("SELECT state FROM jobs").pluck().all() as string[]);
const generates = () => app.seedance.requests.filter((r) => r.path.endsWith("/generate")).length;
const dispatchVideo = () =>
  app.discord.dispatchCommand({ user: MEMBER, name: "video", options: { prompt: "a fox" } });

/** Discord answers the interaction's reply with a 500 (after showing it, with `afterHandling`). */
const failReply = (fault: { afterHandling?: boolean; times?: number }) =>
  app.discord.injectFault({
    method: "POST",
    path: /^\/interactions\/\d+\/[^/]+\/callback$/,
    status: 500,
    ...fault,
  });

describe("every accepted job ends visibly", () => {
  it("recovers stored jobs before it accepts commands, so a fresh job is never refunded as interrupted", async () => {
    // Start-up's own calls to Discord are slow: commands can arrive while they are under way.
    app.discord.injectFault({ path: /\/applications\/@me$/, delayMs: 1_500, times: 2 });
    let started = false;
    const starting = app.start().then(() => {
      started = true;
    });
    await app.discord.waitFor(() => app.discord.isConnected());
    await app.settle(50);
    await topUp();
    // Seedance asks for a pause: the fresh job is still `reserved` when start-up goes on.
    app.seedance.failNext("generate", { status: 429, retryAfterSeconds: 5 });
    const { token } = await dispatchVideo();
    await app.discord.waitFor(() => app.discord.originalMessage(token));
    expect(started).toBe(false);
    await starting;
    const final = await app.advanceUntil(ended(token), { stepMs: 5_000 });
    expect(jobStatus(final)).toBe("ready");
    expect(app.seedance.tasks.size).toBe(1);
  });

  it("retries the failure notice through the route chain until it reaches the member", async () => {
    await app.start();
    await topUp();
    app.seedance.failNext("generate", { status: 500 });
    app.discord.injectFault({ method: "PATCH", path: /^\/webhooks\//, status: 500, times: 6 });
    const { token } = await dispatchVideo();
    const final = await app.advanceUntil(ended(token), { stepMs: 5_000, maxMs: 900_000 });
    expect(final.embeds[0]?.description).toMatch(/Seedance is having trouble/);
    expect(await balance()).toBe(1_000);
    const pending = () =>
      app.sql((db) => db.prepare("SELECT notice_pending FROM jobs").pluck().get());
    await app.advanceUntil(() => pending() === 0);
  });

  it("carries on when the reply was shown although Discord answered with an error", async () => {
    await app.start();
    await topUp();
    failReply({ afterHandling: true });
    const { token } = await dispatchVideo();
    const final = await app.advanceUntil(ended(token), { stepMs: 5_000 });
    expect(jobStatus(final)).toBe("ready");
    expect(await balance()).toBe(1_000 - 28);
    expect(generates()).toBe(1);
  });

  it("refunds without submitting when the reply certainly never showed", async () => {
    await app.start();
    await topUp();
    failReply({ times: 5 });
    await dispatchVideo();
    await app.advanceUntil(() => jobs()[0] === "refunded");
    expect(generates()).toBe(0);
    expect(await balance()).toBe(1_000);
  });

  it("answers commands during shutdown with 'restarting', charging nothing", async () => {
    await app.start();
    await topUp();
    // The first job's progress edit is slow, so shutdown waits for it while commands still arrive.
    app.discord.injectFault({ method: "PATCH", path: /^\/webhooks\//, delayMs: 1_500 });
    await dispatchVideo();
    await app.advanceUntil(() => jobs()[0] === "submitted");
    const stopping = app.stop();
    const { token } = await dispatchVideo();
    const reply = await app.discord.waitFor(() => app.discord.originalMessage(token));
    expect(reply.content).toMatch(/restarting/);
    expect(reply.flags & EPHEMERAL).toBe(EPHEMERAL);
    await stopping;
    expect(jobs()).toHaveLength(1);
  });
});
