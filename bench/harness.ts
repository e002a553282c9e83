import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createFakeDiscord,
  type DispatchCommandOptions,
  type InteractionRecord,
  type StoredMessage,
} from "../test/fakes/fake-discord.js";
import { createFakeSeedance, type FakeSeedanceOptions } from "../test/fakes/fake-seedance.js";
import { envForFakes } from "../test/helpers/bot-env.js";
import { BenchBot, type BotLaunch } from "./bot-process.js";

const SEEDANCE_KEY = "sk-bench-seedance-key";
const BOT_TOKEN = "bench-bot-token";
const MAX_TOP_UP = 1_000_000;
/** Caps high enough that no benchmark is refused for concurrency. */
const NO_CAP = "10000";

export interface BenchHarnessOptions {
  readonly launch: BotLaunch;
  readonly env?: Record<string, string>;
  readonly seedance?: FakeSeedanceOptions;
}

export interface BurstOptions {
  readonly guildId: string;
  /** First user id; each command comes from its own member (distinct ids), as in a real burst. */
  readonly firstUserId: bigint;
  readonly options?: DispatchCommandOptions["options"];
  readonly attachmentSizeLimit?: number;
}

/**
 * The real bot process against a fake Discord (two servers: one funded, one without credits)
 * and a fake Seedance that records nothing, so the benchmark process stays light.
 */
export async function startBenchHarness(options: BenchHarnessOptions) {
  const folder = mkdtempSync(join(tmpdir(), "seedance-bot-bench-"));
  const databasePath = join(folder, "bot.db");
  const discord = createFakeDiscord({
    botToken: BOT_TOKEN,
    guilds: [
      { name: "Funded", channels: [{ name: "general" }] },
      { name: "Broke", channels: [{ name: "general" }] },
    ],
    // A bot in steady use keeps its connections to Discord warm. With Node's 5 s, whether a
    // bot's were still open at its next burst depended on how long the other bot's burst and
    // deliveries had taken, which swung the ack ratios between runs by up to 2×.
    keepAliveMs: 60_000,
  });
  const seedance = createFakeSeedance({
    apiKey: SEEDANCE_KEY,
    accountCredits: 1_000_000_000,
    recordRequests: false,
    ...options.seedance,
  });
  await Promise.all([discord.start(), seedance.start()]);
  const bot = new BenchBot({
    cwd: folder,
    launch: options.launch,
    env: {
      ...envForFakes(discord, seedance, databasePath),
      MAX_ACTIVE_JOBS_PER_GUILD: NO_CAP,
      MAX_ACTIVE_JOBS_PER_USER: NO_CAP,
      // Production's level: the cost of logging is part of what the bot pays per job.
      LOG_LEVEL: "info",
      ...options.env,
    },
  });
  try {
    await bot.start();
  } catch (error) {
    await Promise.all([discord.close(), seedance.close()]);
    rmSync(folder, { recursive: true, force: true });
    throw error;
  }
  const [funded, broke] = discord.guilds;
  if (!funded || !broke) throw new Error("The fake Discord has no guilds");

  const record = (token: string): InteractionRecord => discord.interaction(token);

  /**
   * Resolves once `done` holds for every token. A cursor skips the tokens already done, so each
   * change in the fake costs O(1) probes instead of one per token.
   */
  async function waitForAll(
    tokens: readonly string[],
    done: (token: string) => boolean,
    timeoutMs: number,
  ): Promise<void> {
    let next = 0;
    await discord.waitFor(() => {
      while (next < tokens.length && done(tokens[next] ?? "")) next += 1;
      return next === tokens.length;
    }, timeoutMs);
  }

  return {
    discord,
    seedance,
    bot,
    databasePath,
    fundedGuildId: funded.id,
    brokeGuildId: broke.id,

    /** Tops up the funded server through `/credits add` as the application owner. */
    async topUp(total: number): Promise<void> {
      for (let left = total; left > 0; left -= MAX_TOP_UP) {
        const { token } = discord.dispatchCommand({
          name: "credits",
          subcommand: "add",
          guildId: funded.id,
          options: { amount: Math.min(left, MAX_TOP_UP) },
          user: { id: discord.ownerId, username: "owner" },
        });
        const reply = await discord.waitFor(() => discord.originalMessage(token), 10_000);
        if (!reply.content.startsWith("Added")) throw new Error(`Top-up refused: ${reply.content}`);
      }
    },

    /** Sends `count` `/video` commands in one synchronous loop: they leave together. */
    burst(count: number, burst: BurstOptions): string[] {
      const tokens: string[] = [];
      for (let index = 0; index < count; index++) {
        const id = String(burst.firstUserId + BigInt(index));
        const { token } = discord.dispatchCommand({
          name: "video",
          guildId: burst.guildId,
          user: { id, username: `member${index}` },
          options: burst.options ?? { prompt: `benchmark video ${index}` },
          attachmentSizeLimit: burst.attachmentSizeLimit,
        });
        tokens.push(token);
      }
      return tokens;
    },

    record,
    waitForAll,
    waitForAcks: (tokens: readonly string[], timeoutMs = 30_000) =>
      waitForAll(tokens, (token) => record(token).ack !== null, timeoutMs),

    /** The job's reply once it carries the MP4 (a delivered video). */
    deliveredVideo(token: string): StoredMessage | null {
      const message = discord.originalMessage(token);
      return message?.attachments.some((file) => file.name.endsWith(".mp4")) ? message : null;
    },

    async close(): Promise<void> {
      await bot.stop();
      await Promise.all([discord.close(), seedance.close()]);
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

export type BenchHarness = Awaited<ReturnType<typeof startBenchHarness>>;
