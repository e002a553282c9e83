import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobStatus } from "../helpers/job-message.js";
import { type Harness, startHarness } from "./harness.js";

/** DESIGN §3: jobs live in the database, so a crash loses nothing and charges nothing twice. */
describe("restarts", () => {
  let harness: Harness;
  const generates = () => harness.seedance.requests.filter((r) => r.path === "/v1/generate").length;

  beforeAll(async () => {
    harness = await startHarness({ env: { SQLITE_RESERVATION_THREAD: "true" } });
    await harness.topUp(100);
  });
  afterAll(() => harness.close());

  it("finishes a job after the bot is killed mid-job, charging it once", async () => {
    harness.seedance.scriptNextTask({ outcome: "success", durationMs: 1_500 });
    const { token } = await harness.command("video", { options: { prompt: "survive a crash" } });
    await harness.bot.waitForLog((line) => line.msg === "Job submitted");
    await harness.bot.kill();

    await harness.restart();
    const final = await harness.finalReply(token);
    expect(jobStatus(final)).toBe("ready");
    expect(generates()).toBe(1);
    expect(await harness.balance()).toBe(100 - 28);
    harness.checkLedger();
  });

  it("refunds and tells the member about a job that died before Seedance took it", async () => {
    harness.seedance.failNext("generate", { hang: true });
    const before = generates();
    const { token } = await harness.command("video", { options: { prompt: "never sent" } });
    await harness.seedance.waitForRequests((r) => r.path === "/v1/generate", before + 1);
    await harness.bot.kill();

    await harness.restart();
    const final = await harness.finalReply(token);
    expect(final.embeds[0]?.description).toMatch(/restarted before your video reached Seedance/);
    expect(await harness.balance()).toBe(100 - 28);
    harness.checkLedger();
  });

  it("registers commands only when their definitions changed", () => {
    expect(harness.discord.registrations).toHaveLength(1);
    expect(harness.bot.logs.some((line) => line.msg === "Slash commands are up to date")).toBe(
      true,
    );
  });

  it("stops cleanly on SIGTERM", async () => {
    expect(await harness.bot.stop()).toBe(0);
    await harness.restart();
  });
});
