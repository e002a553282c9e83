import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ConfigError,
  loadConfig,
  loadDatabaseLocation,
  parseConfig,
  parseRestProxyConfig,
} from "../../src/config.js";
import { createDiscordClient } from "../../src/discord/client.js";

const VALID = {
  DISCORD_TOKEN: "bot-token",
  DISCORD_CLIENT_ID: "123456789012345678",
  SEEDANCE_API_KEY: "sk-test",
};
const DATABASE_URL = "postgres://bot:pg-secret-password@db.internal:5432/bot";

function problemsOf(env: Record<string, string | undefined>): readonly string[] {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("configuration", () => {
  it("applies the documented defaults", () => {
    const config = parseConfig(VALID);
    expect(config).toMatchObject({
      discord: { apiUrl: "https://discord.com/api", guildId: undefined },
      seedance: {
        apiUrl: "https://seedanceapi.org/v1",
        pollIntervalMs: 5_000,
        pollMaxIntervalMs: 30_000,
        jobTimeoutMs: 1_800_000,
      },
      databasePath: "./data/bot.db",
      databaseUrl: undefined,
      shards: undefined,
      processId: `${hostname()}-${process.pid}`,
      jobLeaseMs: 30_000,
      ownerIds: [],
      adminsCanTopUp: false,
      limits: { activeJobsPerGuild: 5, activeJobsPerUser: 2 },
      reservationThread: true,
      http: undefined,
      ffmpegPath: undefined,
      logLevel: "info",
    });
  });

  it("is frozen all the way down", () => {
    const config = parseConfig(VALID);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.seedance)).toBe(true);
  });

  it("reads every setting", () => {
    const config = parseConfig({
      ...VALID,
      DISCORD_GUILD_ID: "223456789012345678",
      BOT_OWNER_IDS: " 323456789012345678, 423456789012345678 ",
      ADMINS_CAN_TOP_UP: "true",
      SEEDANCE_POLL_INTERVAL_MS: "100",
      HTTP_PORT: "8080",
      PUBLIC_URL: "https://bot.example.com",
      LOG_LEVEL: "debug",
      FFMPEG_PATH: "/opt/ffmpeg/bin/ffmpeg",
      SQLITE_RESERVATION_THREAD: "false",
    });
    expect(config.ffmpegPath).toBe("/opt/ffmpeg/bin/ffmpeg");
    expect(config.reservationThread).toBe(false);
    expect(config.discord.guildId).toBe("223456789012345678");
    expect(config.ownerIds).toEqual(["323456789012345678", "423456789012345678"]);
    expect(config.adminsCanTopUp).toBe(true);
    expect(config.seedance.pollIntervalMs).toBe(100);
    expect(config.http).toEqual({
      port: 8080,
      host: "127.0.0.1",
      publicUrl: "https://bot.example.com",
    });
  });

  it("reads the scale-out settings: PostgreSQL, shards, process id, lease", () => {
    const config = parseConfig({
      ...VALID,
      DATABASE_URL,
      SHARD_COUNT: "6",
      SHARD_IDS: " 3, 2 ",
      PROCESS_ID: "bot-b.eu-1",
      JOB_LEASE_MS: "15000",
    });
    expect(config).toMatchObject({
      databaseUrl: DATABASE_URL,
      databasePath: "./data/bot.db",
      shards: { ids: [2, 3], count: 6 },
      processId: "bot-b.eu-1",
      jobLeaseMs: 15_000,
    });
    expect(parseConfig({ ...VALID, DATABASE_URL: "postgresql://db/bot" }).databaseUrl).toBe(
      "postgresql://db/bot",
    );
  });

  it("runs every shard in this process when only SHARD_COUNT is set, SQLite included", () => {
    expect(parseConfig({ ...VALID, SHARD_COUNT: "3" }).shards).toEqual({
      ids: [0, 1, 2],
      count: 3,
    });
    expect(parseConfig({ ...VALID, SHARD_COUNT: "2", SHARD_IDS: "1,0" }).shards).toEqual({
      ids: [0, 1],
      count: 2,
    });
  });

  it("binds the HTTP server to loopback unless HTTP_HOST says otherwise", () => {
    expect(parseConfig({ ...VALID, HTTP_PORT: "8080" }).http?.host).toBe("127.0.0.1");
    const docker = parseConfig({ ...VALID, HTTP_PORT: "8080", HTTP_HOST: "0.0.0.0" });
    expect(docker.http?.host).toBe("0.0.0.0");
  });

  it("treats blank values as unset, as a copied .env.example has them", () => {
    const config = parseConfig({
      ...VALID,
      DISCORD_GUILD_ID: "",
      HTTP_PORT: " ",
      LOG_LEVEL: "",
      FFMPEG_PATH: "",
    });
    expect(config.ffmpegPath).toBeUndefined();
    expect(config.discord.guildId).toBeUndefined();
    expect(config.http).toBeUndefined();
    expect(config.logLevel).toBe("info");
  });

  it.each<[string, Record<string, string>, string[]]>([
    [
      "an empty environment",
      {},
      [
        "DISCORD_TOKEN is required",
        "DISCORD_CLIENT_ID is required",
        "SEEDANCE_API_KEY is required",
      ],
    ],
    [
      "a malformed id and URL",
      { ...VALID, DISCORD_CLIENT_ID: "my-app", SEEDANCE_API_URL: "not a url" },
      ["DISCORD_CLIENT_ID must be a Discord id (17–20 digits)", "SEEDANCE_API_URL "],
    ],
    [
      "a bad owner id among good ones",
      { ...VALID, BOT_OWNER_IDS: "123456789012345678,bob" },
      ["BOT_OWNER_IDS.1 must be a Discord id (17–20 digits)"],
    ],
    [
      "a non-boolean flag",
      { ...VALID, ADMINS_CAN_TOP_UP: "maybe" },
      ["ADMINS_CAN_TOP_UP must be true or false"],
    ],
    [
      "a zero interval",
      { ...VALID, SEEDANCE_POLL_INTERVAL_MS: "0" },
      ["SEEDANCE_POLL_INTERVAL_MS "],
    ],
    [
      "a non-numeric cap",
      { ...VALID, MAX_ACTIVE_JOBS_PER_USER: "two" },
      ["MAX_ACTIVE_JOBS_PER_USER "],
    ],
    [
      "a poll cap below the interval",
      { ...VALID, SEEDANCE_POLL_INTERVAL_MS: "10000", SEEDANCE_POLL_MAX_INTERVAL_MS: "5000" },
      ["SEEDANCE_POLL_MAX_INTERVAL_MS must be at least SEEDANCE_POLL_INTERVAL_MS"],
    ],
    [
      "a public URL without a port",
      { ...VALID, PUBLIC_URL: "https://bot.example.com" },
      ["PUBLIC_URL needs HTTP_PORT"],
    ],
    ["an unknown log level", { ...VALID, LOG_LEVEL: "loud" }, ["LOG_LEVEL "]],
    [
      "a database URL of another kind",
      { ...VALID, DATABASE_URL: "mysql://bot:pw@db/bot" },
      ["DATABASE_URL must be a postgres:// or postgresql:// URL"],
    ],
    [
      "shard ids without a shard count",
      { ...VALID, DATABASE_URL, SHARD_IDS: "0,1" },
      ["SHARD_IDS needs SHARD_COUNT"],
    ],
    [
      "a shard id past the count",
      { ...VALID, DATABASE_URL, SHARD_COUNT: "4", SHARD_IDS: "3,4,7" },
      ["SHARD_IDS has 4, 7, but with SHARD_COUNT=4 shards run 0 to 3"],
    ],
    [
      "malformed shard ids",
      { ...VALID, SHARD_COUNT: "4", SHARD_IDS: "1,two,-1" },
      ["SHARD_IDS.1 must be a shard number", "SHARD_IDS.2 must be a shard number"],
    ],
    [
      "a repeated shard id",
      { ...VALID, DATABASE_URL, SHARD_COUNT: "4", SHARD_IDS: "1,1" },
      ["SHARD_IDS lists a shard twice"],
    ],
    ["a zero shard count", { ...VALID, SHARD_COUNT: "0" }, ["SHARD_COUNT "]],
    [
      "shards left to other processes on SQLite",
      { ...VALID, SHARD_COUNT: "4", SHARD_IDS: "0,1" },
      ["SHARD_IDS leaves shards to other processes, which must share one PostgreSQL database"],
    ],
    [
      "a process id with spaces",
      { ...VALID, PROCESS_ID: "bot one" },
      ["PROCESS_ID must be 1–128 letters, digits or . _ : @ -"],
    ],
    [
      "a lease too short to renew",
      { ...VALID, JOB_LEASE_MS: "1000" },
      ["JOB_LEASE_MS must be at least 5000"],
    ],
  ])("names every problem in %s", (_, env, expected) => {
    const problems = problemsOf(env);
    expect(problems).toEqual(expected.map((start) => expect.stringContaining(start)));
  });

  it("puts every problem into one message", () => {
    expect(() => parseConfig({})).toThrow(
      /Invalid configuration:\n {2}- DISCORD_TOKEN is required\n {2}- DISCORD_CLIENT_ID is required/,
    );
  });

  it("checks settings against each other even while others are missing", () => {
    expect(
      problemsOf({
        SHARD_COUNT: "2",
        SHARD_IDS: "1",
        PUBLIC_URL: "https://bot.example.com",
        SEEDANCE_POLL_INTERVAL_MS: "9000",
        SEEDANCE_POLL_MAX_INTERVAL_MS: "1000",
      }),
    ).toEqual([
      "DISCORD_TOKEN is required",
      "DISCORD_CLIENT_ID is required",
      "SEEDANCE_API_KEY is required",
      expect.stringContaining("SEEDANCE_POLL_MAX_INTERVAL_MS must be at least"),
      expect.stringContaining("PUBLIC_URL needs HTTP_PORT"),
      expect.stringContaining("SHARD_IDS leaves shards to other processes"),
    ]);
  });

  it("never puts the database password into a problem", () => {
    const message = problemsOf({ DATABASE_URL: "mysql://bot:pg-secret-password@db/bot" }).join();
    expect(message).toContain("DATABASE_URL");
    expect(message).not.toContain("pg-secret-password");
  });

  describe("loading from a .env file", () => {
    const loaded = [
      ...Object.keys(VALID),
      "DATABASE_PATH",
      "DATABASE_URL",
      "SHARD_COUNT",
      "SHARDS",
    ];
    let folder: string;
    beforeEach(() => {
      folder = mkdtempSync(join(tmpdir(), "seedance-bot-env-"));
    });
    afterEach(() => {
      for (const name of loaded) delete process.env[name];
      rmSync(folder, { recursive: true, force: true });
    });
    const envFile = (text: string) => {
      const path = join(folder, ".env");
      writeFileSync(path, text);
      return path;
    };

    it("reads just where the database is, for tools that need nothing else", () => {
      const path = envFile("DATABASE_PATH=/srv/bot/bot.db\nDISCORD_TOKEN=\n");
      expect(loadDatabaseLocation(path)).toEqual({
        databasePath: "/srv/bot/bot.db",
        databaseUrl: undefined,
      });
      delete process.env.DATABASE_PATH;
      expect(loadDatabaseLocation(join(folder, "missing.env")).databasePath).toBe("./data/bot.db");
      expect(loadDatabaseLocation(envFile(`DATABASE_URL=${DATABASE_URL}\n`)).databaseUrl).toBe(
        DATABASE_URL,
      );
    });

    it("drops blank SHARD_COUNT and SHARDS, which discord.js reads from the environment itself", async () => {
      const env = Object.entries(VALID).map(([name, value]) => `${name}=${value}`);
      const config = loadConfig(envFile([...env, "SHARD_COUNT=", "SHARDS= "].join("\n")));
      expect(config.shards).toBeUndefined();
      expect("SHARD_COUNT" in process.env || "SHARDS" in process.env).toBe(false);
      const client = createDiscordClient(config.discord.apiUrl, config.shards);
      expect(client.options.shardCount).toBe(1);
      await client.destroy();
    });
  });

  describe("the REST proxy's own settings", () => {
    it("default to Discord, port 8080 on loopback, and ignore the bots' DISCORD_API_URL", () => {
      expect(parseRestProxyConfig({ DISCORD_API_URL: "http://proxy:8080/api" })).toEqual({
        upstreamUrl: "https://discord.com/api",
        port: 8080,
        host: "127.0.0.1",
        logLevel: "info",
      });
    });

    it("name every problem", () => {
      const problems = () =>
        parseRestProxyConfig({ REST_PROXY_PORT: "70000", REST_PROXY_UPSTREAM_URL: "discord" });
      expect(problems).toThrow(ConfigError);
      expect(problems).toThrow(/REST_PROXY_UPSTREAM_URL [^\n]*\n {2}- REST_PROXY_PORT/);
    });
  });

  describe("attachment origins for /animate", () => {
    it("are Discord's CDN by default", () => {
      expect(parseConfig(VALID).discord.attachmentOrigins).toEqual([
        "https://cdn.discordapp.com",
        "https://media.discordapp.net",
      ]);
    });

    it("add an overridden API's own origin, where a stand-in Discord serves attachments", () => {
      const config = parseConfig({ ...VALID, DISCORD_API_URL: "http://127.0.0.1:8123/api" });
      expect(config.discord.attachmentOrigins).toEqual([
        "https://cdn.discordapp.com",
        "https://media.discordapp.net",
        "http://127.0.0.1:8123",
      ]);
    });
  });
});
