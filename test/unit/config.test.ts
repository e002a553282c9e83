import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadDatabasePath, parseConfig } from "../../src/config.js";

const VALID = {
  DISCORD_TOKEN: "bot-token",
  DISCORD_CLIENT_ID: "123456789012345678",
  SEEDANCE_API_KEY: "sk-test",
};

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
      ownerIds: [],
      adminsCanTopUp: false,
      limits: { activeJobsPerGuild: 5, activeJobsPerUser: 2 },
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
    });
    expect(config.ffmpegPath).toBe("/opt/ffmpeg/bin/ffmpeg");
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
  ])("names every problem in %s", (_, env, expected) => {
    const problems = problemsOf(env);
    expect(problems).toEqual(expected.map((start) => expect.stringContaining(start)));
  });

  it("puts every problem into one message", () => {
    expect(() => parseConfig({})).toThrow(
      /Invalid configuration:\n {2}- DISCORD_TOKEN is required\n {2}- DISCORD_CLIENT_ID is required/,
    );
  });

  it("reads just DATABASE_PATH from a .env file for tools that need nothing else", () => {
    const folder = mkdtempSync(join(tmpdir(), "seedance-bot-env-"));
    const envFile = join(folder, ".env");
    try {
      writeFileSync(envFile, "DATABASE_PATH=/srv/bot/bot.db\nDISCORD_TOKEN=\n");
      expect(loadDatabasePath(envFile)).toBe("/srv/bot/bot.db");
      delete process.env.DATABASE_PATH;
      expect(loadDatabasePath(join(folder, "missing.env"))).toBe("./data/bot.db");
    } finally {
      delete process.env.DATABASE_PATH;
      rmSync(folder, { recursive: true, force: true });
    }
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
