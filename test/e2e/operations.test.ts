import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobStatus } from "../helpers/job-message.js";
import { type Harness, startHarness } from "./harness.js";

/** A port that was free a moment ago, for a server the bot opens itself. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

/** The callback URL the bot sent with its first generate request. */
function sentCallbackUrl(harness: Harness): string {
  const generate = harness.seedance.requests.find((r) => r.path === "/v1/generate");
  const body = (generate?.body ?? {}) as { callback_url?: string };
  if (!body.callback_url) throw new Error("no callback_url was sent");
  return body.callback_url;
}

/** DESIGN §8: callbacks, health and metrics over the bot's own HTTP server. */
describe("operations", () => {
  let harness: Harness;
  let base: string;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    harness = await startHarness({
      // Polls so slow that only a callback can finish a job within the test.
      env: {
        HTTP_PORT: String(port),
        PUBLIC_URL: base,
        SEEDANCE_POLL_INTERVAL_MS: "60000",
        SEEDANCE_POLL_MAX_INTERVAL_MS: "60000",
      },
    });
    await harness.topUp(100);
  });
  afterAll(() => harness.close());

  it("finishes a job as soon as Seedance calls back, before its first poll", async () => {
    const { token } = await harness.command("video", { options: { prompt: "called back" } });
    const final = await harness.finalReply(token, 10_000);
    expect(final.attachments).toHaveLength(1);

    expect(sentCallbackUrl(harness)).toMatch(
      new RegExp(`^${base}/seedance/callback/[0-9a-f-]{36}\\?sig=`),
    );
    expect(harness.seedance.requests.filter((r) => r.path === "/v1/status")).toHaveLength(1);
  });

  it("refuses a callback with a forged signature", async () => {
    const callback = new URL(sentCallbackUrl(harness));
    callback.searchParams.set("sig", "forged");
    const response = await fetch(callback, { method: "POST", body: "{}" });
    expect(response.status).toBe(401);
  });

  it("reports health", async () => {
    const response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: "ok",
      gateway: "connected",
      database: "writable",
      jobsInFlight: 0,
      databaseKind: "sqlite",
      process: expect.any(String),
      shards: null,
    });
  });

  it("exports Prometheus metrics", async () => {
    // Discord shows the video before the job is marked delivered.
    await harness.bot.waitForLog((line) => line.msg === "Video delivered");
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toContain('seedance_bot_jobs{state="delivered"} 1');
    expect(text).toContain("seedance_bot_credits_charged_total 28");
    expect(text).toContain('seedance_bot_deliveries_total{path="attachment"} 1');
    expect(text).toMatch(/seedance_generate_duration_seconds_count 1/);
    expect(text).toContain('seedance_bot_gateway_shard_connected{shard="0"} 1');
  });

  it("adopts the task of a job killed mid-submit when its callback arrives, instead of refunding", async () => {
    // Seedance takes the job but its answer never comes: the bot dies waiting for it.
    harness.seedance.failNext("generate", { hang: true, afterAccepting: true });
    // Finished by the test once the restarted bot waits: a task timed to finish on its own could
    // call back while a slow restart still had the bot down (the fake, like Seedance, doesn't retry).
    harness.seedance.scriptNextTask({ outcome: "success", durationMs: 600_000 });
    const before = harness.seedance.requests.filter((r) => r.path === "/v1/generate").length;
    const balance = await harness.balance();
    const { token } = await harness.command("video", { options: { prompt: "adopt me" } });
    await harness.seedance.waitForRequests((r) => r.path === "/v1/generate", before + 1);
    await harness.bot.kill();
    await harness.restart();
    await harness.bot.waitForLog(
      (line) => line.msg === "Waiting for Seedance's callback before refunding",
    );
    const task = [...harness.seedance.tasks.values()].find((t) => t.request.prompt === "adopt me");
    if (!task) throw new Error("Seedance never accepted the task");
    harness.seedance.finishTask(task.id);
    const final = await harness.finalReply(token, 20_000);
    expect(jobStatus(final)).toBe("ready");
    expect(await harness.balance()).toBe(balance - 28);
    harness.checkLedger();
  }, 40_000);

  it("finishes a job whose callback arrived before Seedance's answer to its generate", async () => {
    harness.seedance.scriptNextTask({ outcome: "success", durationMs: 0, answerDelayMs: 300 });
    const { token } = await harness.command("video", { options: { prompt: "beats its answer" } });
    const final = await harness.finalReply(token, 10_000);
    expect(jobStatus(final)).toBe("ready");
    const task = [...harness.seedance.tasks.values()].find(
      (t) => t.request.prompt === "beats its answer",
    );
    const callback = harness.seedance.callbacks.find((c) => c.taskId === task?.id);
    expect(callback?.httpStatus).toBe(202);
    harness.checkLedger();
  });
});
