import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import Database from "better-sqlite3";
import { createApp } from "../../src/app.js";
import type { App } from "../../src/app-types.js";
import { parseConfig } from "../../src/config.js";
import type { BotDatabase } from "../../src/db/client.js";
import { createFakeDiscord, type FakeDiscordOptions } from "../fakes/fake-discord.js";
import { createFakeSeedance, type FakeSeedanceOptions } from "../fakes/fake-seedance.js";
import { envForFakes } from "./bot-env.js";
import { ManualClock } from "./clock.js";
import { assertLedgerInvariants } from "./invariants.js";

export interface InProcessOptions {
  readonly env?: Record<string, string>;
  readonly discord?: FakeDiscordOptions;
  readonly seedance?: FakeSeedanceOptions;
}

export const MEMBER = { id: "500000000000000001", username: "member" };

/** Real-time pause so sockets and the database get their turn between clock steps. */
const settle = (ms = 5) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The whole app (createApp) in the test process, on a temp SQLite file, with a manual clock
 * that the bot and the fake Seedance share: the pipeline's waits (polls, retries, timeouts)
 * happen when the test advances time, not in real time.
 */
export async function startInProcessApp(options: InProcessOptions = {}) {
  const folder = mkdtempSync(join(tmpdir(), "seedance-bot-app-"));
  const clock = new ManualClock(Date.now());
  const discord = createFakeDiscord(options.discord);
  const seedance = createFakeSeedance({ ...options.seedance, now: () => clock.now() });
  await Promise.all([discord.start(), seedance.start()]);
  const logs: string[] = [];
  const databasePath = join(folder, "bot.db");
  const config = parseConfig({
    ...envForFakes(discord, seedance, databasePath),
    LOG_LEVEL: "debug",
    // As in the end-to-end harness: on where a suite asks (reliability), off elsewhere.
    SQLITE_RESERVATION_THREAD: "false",
    ...options.env,
  });
  const logDestination = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  /** What the app reported as fatal (it asks its process to exit); main.ts exits, tests record. */
  const fatal: unknown[] = [];
  const build = () =>
    createApp(config, {
      clock,
      random: () => 0.5,
      logDestination,
      onFatal: (error) => fatal.push(error),
    });
  let app: App = await build();
  let running = false;

  /** Advances the clock in steps until `probe` answers, failing after `maxMs` of bot time. */
  async function advanceUntil<T>(
    probe: () => T | null | undefined | false,
    { stepMs = 1_000, maxMs = 600_000 } = {},
  ): Promise<T> {
    for (let elapsed = 0; elapsed <= maxMs; elapsed += stepMs) {
      await settle();
      const found = probe();
      if (found) return found;
      clock.advance(stepMs);
    }
    throw new Error(`Nothing happened within ${maxMs} ms of bot time`);
  }

  return {
    clock,
    discord,
    seedance,
    logs,
    fatal,
    databasePath,
    get app() {
      return app;
    },
    advanceUntil,
    settle,

    /** Runs SQL on a connection of its own, so it works while the app is stopped too. */
    sql<T>(work: (database: Database.Database) => T): T {
      const database = new Database(databasePath);
      try {
        return work(database);
      } finally {
        database.close();
      }
    },

    async start(): Promise<void> {
      await app.start();
      running = true;
    },

    /** A clean shutdown, as on SIGTERM. */
    async stop(): Promise<void> {
      if (running) await app.stop();
      running = false;
    },

    /** Builds a new app on the same database, as a restart would (stop it first). */
    async restart(): Promise<void> {
      if (running) await app.stop();
      app = await build();
      await app.start();
      running = true;
    },

    checkLedger(): void {
      const sqlite = new Database(databasePath);
      try {
        assertLedgerInvariants({ sqlite } as BotDatabase);
      } finally {
        sqlite.close();
      }
    },

    async close(): Promise<void> {
      if (running) await app.stop();
      await Promise.all([discord.close(), seedance.close()]);
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

export type InProcessApp = Awaited<ReturnType<typeof startInProcessApp>>;
