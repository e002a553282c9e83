import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { openDatabase } from "../../src/db/client.js";
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
  readonly env?: Record<string, string>;
  readonly discord?: FakeDiscordOptions;
  readonly seedance?: FakeSeedanceOptions;
}

/** The real bot process wired to a fake Discord and a fake Seedance, with its own database. */
export async function startHarness(options: HarnessOptions = {}) {
  const folder = mkdtempSync(join(tmpdir(), "seedance-bot-e2e-"));
  const databasePath = join(folder, "bot.db");
  const discord = createFakeDiscord({ botToken: BOT_TOKEN, ...options.discord });
  const seedance = createFakeSeedance({ apiKey: SEEDANCE_KEY, ...options.seedance });
  await Promise.all([discord.start(), seedance.start()]);
  const env = {
    ...envForFakes(discord, seedance, databasePath),
    SEEDANCE_POLL_INTERVAL_MS: "100",
    SEEDANCE_POLL_MAX_INTERVAL_MS: "400",
    LOG_LEVEL: "debug",
    ...options.env,
  };
  let bot = new BotProcess(env, folder);
  await bot.start();
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
    get bot() {
      return bot;
    },
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

    async restart(): Promise<void> {
      bot = new BotProcess(env, folder);
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
      await bot.stop();
      await Promise.all([discord.close(), seedance.close()]);
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

export type Harness = Awaited<ReturnType<typeof startHarness>>;
