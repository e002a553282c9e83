import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { openDatabase } from "../../src/db/client.js";
import { createRestProxy, type RestProxy } from "../../src/discord/rest-proxy.js";
import { createLogger } from "../../src/logger.js";
import {
  createFakeDiscord,
  type DispatchCommandOptions,
  type FakeDiscordOptions,
  type StoredMessage,
} from "../fakes/fake-discord.js";
import { createFakeSeedance, type FakeSeedanceOptions } from "../fakes/fake-seedance.js";
import { envForFakes } from "../helpers/bot-env.js";
import { assertLedgerInvariants } from "../helpers/invariants.js";
import { ended } from "../helpers/job-message.js";
import { BotProcess } from "./bot-process.js";

export const SEEDANCE_KEY = "sk-e2e-SEEDANCE-secret-0001";
export const BOT_TOKEN = "e2e-BOT-token-secret-0002";
export const MANAGE_GUILD = String(1n << 5n);
export const MEMBER = { id: "500000000000000001", username: "member" };
export const OTHER_MEMBER = { id: "500000000000000002", username: "other" };
export const ADMIN = { id: "500000000000000003", username: "admin" };

export interface HarnessOptions {
  /** For every bot process (e.g. DATABASE_URL from createPostgresDatabase). */
  readonly env?: Record<string, string>;
  /**
   * One entry per bot process, its own settings on top of `env` (e.g. shardedProcesses(3, 2));
   * default one process. Each gets PROCESS_ID e2e-bot-<n> unless it sets one.
   */
  readonly processes?: readonly Record<string, string>[];
  /** Sends the bots' Discord REST calls through one REST proxy, as README "Scaling out" does. */
  readonly restProxy?: boolean;
  readonly discord?: FakeDiscordOptions;
  readonly seedance?: FakeSeedanceOptions;
}

/**
 * SHARD_COUNT and SHARD_IDS for `processes` bot processes running `shardsEach` shards each:
 * process n runs shards n·shardsEach … (n+1)·shardsEach − 1.
 */
export function shardedProcesses(processes: number, shardsEach: number): Record<string, string>[] {
  const count = String(processes * shardsEach);
  return Array.from({ length: processes }, (_, n) => ({
    SHARD_COUNT: count,
    SHARD_IDS: Array.from({ length: shardsEach }, (_, k) => n * shardsEach + k).join(","),
  }));
}

/** The REST proxy in this process; its log lines are kept for log-hygiene checks. */
async function startRestProxy(upstreamUrl: string) {
  const logs: string[] = [];
  const logger = createLogger({ logLevel: "debug" }, { write: (line: string) => logs.push(line) });
  const proxy: RestProxy = createRestProxy({ upstreamUrl, port: 0, host: "127.0.0.1" }, logger);
  const url = `http://127.0.0.1:${await proxy.start()}/api`;
  return { url, logs, stop: () => proxy.stop() };
}

/**
 * The real bot, as one or several processes, wired to a fake Discord and a fake Seedance, with a
 * database of its own (a SQLite file, or PostgreSQL when `env` has DATABASE_URL).
 */
export async function startHarness(options: HarnessOptions = {}) {
  const folder = mkdtempSync(join(tmpdir(), "seedance-bot-e2e-"));
  const databasePath = join(folder, "bot.db");
  const discord = createFakeDiscord({ botToken: BOT_TOKEN, ...options.discord });
  const seedance = createFakeSeedance({ apiKey: SEEDANCE_KEY, ...options.seedance });
  await Promise.all([discord.start(), seedance.start()]);
  const restProxy = options.restProxy ? await startRestProxy(discord.apiUrl) : null;
  const env = {
    ...envForFakes(discord, seedance, databasePath),
    ...(restProxy ? { DISCORD_API_URL: restProxy.url } : {}),
    SEEDANCE_POLL_INTERVAL_MS: "100",
    SEEDANCE_POLL_MAX_INTERVAL_MS: "400",
    LOG_LEVEL: "debug",
    // Starting the thread under tsx costs each bot ~0.5 s of CPU; the suites that exercise it
    // (video, restart, and test/unit/reservation-thread.test.ts) turn it back on.
    SQLITE_RESERVATION_THREAD: "false",
    ...options.env,
  };
  if (options.processes?.length === 0) throw new Error("startHarness: no bot process to start");
  const processEnvs = (options.processes ?? [{}]).map((own, n) => ({
    ...env,
    PROCESS_ID: `e2e-bot-${n}`,
    ...own,
  }));
  const bots = processEnvs.map((processEnv) => new BotProcess(processEnv, folder));
  await Promise.all(bots.map((bot) => bot.start()));
  const guildId = discord.guilds[0]?.id ?? "";
  const channelId = discord.guilds[0]?.channels[0]?.id ?? "";

  async function command(name: string, commandOptions: Omit<DispatchCommandOptions, "name"> = {}) {
    const { token } = await discord.dispatchCommand({ user: MEMBER, ...commandOptions, name });
    await discord.waitFor(() => discord.interaction(token).ack);
    return { token, reply: () => discord.originalMessage(token) };
  }

  /** Runs a command and returns its first reply once Discord has it. */
  async function replyTo(name: string, commandOptions: Omit<DispatchCommandOptions, "name"> = {}) {
    const { token } = await command(name, commandOptions);
    return discord.waitFor(() => discord.originalMessage(token));
  }

  return {
    discord,
    seedance,
    databasePath,
    guildId,
    channelId,
    /** The first bot process. */
    get bot(): BotProcess {
      return bots[0] as BotProcess;
    },
    /** Every bot process, in the order of `processes`. */
    get bots(): readonly BotProcess[] {
      return bots;
    },
    /** The REST proxy's URL and log lines, when `restProxy` is on. */
    restProxy: restProxy && { url: restProxy.url, logs: restProxy.logs as readonly string[] },
    command,
    replyTo,

    /** Tops up through `/credits add` as the application owner, like a real operator. */
    async topUp(amount: number): Promise<void> {
      const reply = await replyTo("credits", {
        subcommand: "add",
        options: { amount },
        user: { id: discord.ownerId, username: "owner" },
      });
      expect(reply.content).toMatch(/^Added/);
    },

    /** The server balance as `/credits balance` tells a member. */
    async balance(): Promise<number> {
      const reply = await replyTo("credits", { subcommand: "balance" });
      const match = /has \*\*([\d,]+) credits?\*\*/.exec(reply.content);
      if (!match?.[1]) throw new Error(`Unexpected balance reply: ${reply.content}`);
      return Number(match[1].replaceAll(",", ""));
    },

    /** Waits until a job's reply shows a finished video (or a failure) and returns it. */
    async finalReply(token: string, timeoutMs = 15_000): Promise<StoredMessage> {
      return discord.waitFor(() => ended(discord.originalMessage(token)), timeoutMs);
    },

    /** Starts bot process `n` again with its settings (after a stop or a kill). */
    async restart(n = 0): Promise<void> {
      const processEnv = processEnvs[n];
      if (!processEnv) throw new Error(`no bot process ${n}`);
      const bot = new BotProcess(processEnv, folder);
      bots[n] = bot;
      await bot.start();
    },

    /** Checks the money invariants on the bot's own database file. */
    checkLedger(): void {
      const database = openDatabase(databasePath);
      try {
        assertLedgerInvariants(database);
      } finally {
        database.close();
      }
    },

    async close(): Promise<void> {
      await Promise.all(bots.map((bot) => bot.stop()));
      await restProxy?.stop();
      await Promise.all([discord.close(), seedance.close()]);
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

export type Harness = Awaited<ReturnType<typeof startHarness>>;
