import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFakeDiscord, type FakeDiscord } from "../fakes/fake-discord.js";
import { createFakeSeedance, type FakeSeedance } from "../fakes/fake-seedance.js";
import { envForFakes } from "../helpers/bot-env.js";
import { BotProcess } from "./bot-process.js";

const THROWER = fileURLToPath(new URL("../fixtures/throw-on-sigusr2.ts", import.meta.url));

/** Issue 10 item 15: an uncaught exception is logged, the bot stops cleanly and exits non-zero. */
describe("an uncaught exception in the bot", () => {
  let folder: string;
  let discord: FakeDiscord;
  let seedance: FakeSeedance;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), "seedance-bot-crash-"));
    discord = createFakeDiscord();
    seedance = createFakeSeedance();
    await Promise.all([discord.start(), seedance.start()]);
  });
  afterAll(async () => {
    await Promise.all([discord.close(), seedance.close()]);
    rmSync(folder, { recursive: true, force: true });
  });

  it("is logged as fatal through pino, then the app stops and the process exits 1", async () => {
    const env = envForFakes(discord, seedance, join(folder, "bot.db"));
    const bot = new BotProcess(env, folder, [THROWER]);
    await bot.start();
    bot.signal("SIGUSR2");
    expect(await bot.exitCode()).toBe(1);
    const fatal = bot.logs.find((line) => line.level === 60);
    expect(fatal).toMatchObject({ err: { message: "boom from a signal handler" } });
    expect(bot.logs.some((line) => line.msg === "Stopped")).toBe(true);
  });
});
