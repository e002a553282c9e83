import { hostname } from "node:os";
import { z } from "zod";
import { checkShards, type ShardPlan, scaleOutFields, shardsOf } from "./config-scale-out.js";

const DISCORD_API_URL = "https://discord.com/api";
const DISCORD_CDN_ORIGINS = ["https://cdn.discordapp.com", "https://media.discordapp.net"];

const snowflake = z.string().regex(/^\d{17,20}$/, "must be a Discord id (17–20 digits)");

const booleanFlag = z
  .enum(["true", "false", "1", "0", "yes", "no"], {
    error: "must be true or false",
  })
  .transform((value) => value === "true" || value === "1" || value === "yes");

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** Names the settings a cross-field rule reads: it runs when those parsed, whatever else failed. */
function whenValid(...names: string[]) {
  return {
    when: (payload: z.core.ParsePayload) =>
      !payload.issues.some((issue) => names.includes(String(issue.path?.[0]))),
  };
}

const envSchema = z
  .object({
    DISCORD_TOKEN: z.string().min(1, "is required"),
    DISCORD_CLIENT_ID: snowflake,
    DISCORD_GUILD_ID: snowflake.optional(),
    DISCORD_API_URL: z.url().default(DISCORD_API_URL),
    SEEDANCE_API_KEY: z.string().min(1, "is required"),
    SEEDANCE_API_URL: z.url().default("https://seedanceapi.org/v1"),
    DATABASE_PATH: z.string().min(1).default("./data/bot.db"),
    ...scaleOutFields,
    BOT_OWNER_IDS: z
      .string()
      .default("")
      .transform((value) =>
        value
          .split(",")
          .map((id) => id.trim())
          .filter(Boolean),
      )
      .pipe(z.array(snowflake)),
    ADMINS_CAN_TOP_UP: booleanFlag.optional().transform((value) => value ?? false),
    SEEDANCE_POLL_INTERVAL_MS: positiveInt(5_000),
    SEEDANCE_POLL_MAX_INTERVAL_MS: positiveInt(30_000),
    SEEDANCE_JOB_TIMEOUT_MS: positiveInt(1_800_000),
    MAX_ACTIVE_JOBS_PER_GUILD: positiveInt(5),
    MAX_ACTIVE_JOBS_PER_USER: positiveInt(2),
    SQLITE_RESERVATION_THREAD: booleanFlag.optional().transform((value) => value ?? true),
    PUBLIC_URL: z.url().optional(),
    HTTP_PORT: z.coerce.number().int().min(0).max(65_535).optional(),
    FFMPEG_PATH: z.string().min(1).optional(),
    // Loopback unless asked: /metrics and /healthz are for the host (or its reverse proxy) only.
    HTTP_HOST: z.string().trim().min(1).default("127.0.0.1"),
    LOG_LEVEL: z
      .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])
      .default("info"),
  })
  .refine((env) => env.SEEDANCE_POLL_MAX_INTERVAL_MS >= env.SEEDANCE_POLL_INTERVAL_MS, {
    path: ["SEEDANCE_POLL_MAX_INTERVAL_MS"],
    message: "must be at least SEEDANCE_POLL_INTERVAL_MS",
    ...whenValid("SEEDANCE_POLL_INTERVAL_MS", "SEEDANCE_POLL_MAX_INTERVAL_MS"),
  })
  .refine((env) => env.PUBLIC_URL === undefined || env.HTTP_PORT !== undefined, {
    path: ["PUBLIC_URL"],
    message: "needs HTTP_PORT, so Seedance's callbacks have a server to reach",
    ...whenValid("PUBLIC_URL", "HTTP_PORT"),
  })
  .superRefine(checkShards, whenValid("SHARD_COUNT", "SHARD_IDS", "DATABASE_URL"));

type Env = z.output<typeof envSchema>;

export interface Config {
  readonly discord: {
    readonly token: string;
    readonly clientId: string;
    readonly guildId: string | undefined;
    readonly apiUrl: string;
    /** Origins /animate accepts image URLs from: Discord's CDN, and an overridden API's own. */
    readonly attachmentOrigins: readonly string[];
  };
  readonly seedance: {
    readonly apiKey: string;
    readonly apiUrl: string;
    readonly pollIntervalMs: number;
    readonly pollMaxIntervalMs: number;
    readonly jobTimeoutMs: number;
  };
  readonly databasePath: string;
  /** DATABASE_URL: PostgreSQL when set (several processes may share it), else SQLite. */
  readonly databaseUrl: string | undefined;
  /** The gateway shards this process runs; undefined: discord.js's default, one shard. */
  readonly shards: ShardPlan;
  /** Unique per process sharing a database: the owner id of the job leases it holds. */
  readonly processId: string;
  /** How long a job's lease lasts unless its owner renews it. */
  readonly jobLeaseMs: number;
  readonly ownerIds: readonly string[];
  readonly adminsCanTopUp: boolean;
  readonly limits: { readonly activeJobsPerGuild: number; readonly activeJobsPerUser: number };
  /** SQLite: commit reservations on a thread of their own (reservation-thread-client.ts). */
  readonly reservationThread: boolean;
  readonly http:
    | { readonly port: number; readonly host: string; readonly publicUrl: string | undefined }
    | undefined;
  /** FFMPEG_PATH; unset means `ffmpeg` on PATH (see services/delivery/ffmpeg.ts). */
  readonly ffmpegPath: string | undefined;
  readonly logLevel: Env["LOG_LEVEL"];
}

/** Thrown when the environment is unusable; `message` names every problem, one per line. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Blank values count as "not set", so a copied `.env.example` with empty optional lines works. */
function withoutBlanks(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => Boolean(entry[1]?.trim())),
  );
}

export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = envSchema.safeParse(withoutBlanks(env));
  if (!result.success) throw configError(result.error);
  return toConfig(result.data);
}

/** Names the setting in each problem; never echoes a value (DATABASE_URL holds a password). */
function configError(error: z.ZodError): ConfigError {
  return new ConfigError(
    error.issues.map((issue) => {
      const name = issue.path.join(".") || "environment";
      const missing = issue.code === "invalid_type" && issue.input === undefined;
      return `${name} ${missing ? "is required" : issue.message}`;
    }),
  );
}

function toConfig(env: Env): Config {
  return deepFreeze({
    discord: {
      token: env.DISCORD_TOKEN,
      clientId: env.DISCORD_CLIENT_ID,
      guildId: env.DISCORD_GUILD_ID,
      apiUrl: env.DISCORD_API_URL,
      attachmentOrigins: attachmentOrigins(env.DISCORD_API_URL),
    },
    seedance: {
      apiKey: env.SEEDANCE_API_KEY,
      apiUrl: env.SEEDANCE_API_URL,
      pollIntervalMs: env.SEEDANCE_POLL_INTERVAL_MS,
      pollMaxIntervalMs: env.SEEDANCE_POLL_MAX_INTERVAL_MS,
      jobTimeoutMs: env.SEEDANCE_JOB_TIMEOUT_MS,
    },
    databasePath: env.DATABASE_PATH,
    databaseUrl: env.DATABASE_URL,
    shards: shardsOf(env.SHARD_COUNT, env.SHARD_IDS),
    processId: env.PROCESS_ID ?? `${hostname()}-${process.pid}`,
    jobLeaseMs: env.JOB_LEASE_MS,
    ownerIds: env.BOT_OWNER_IDS,
    adminsCanTopUp: env.ADMINS_CAN_TOP_UP,
    limits: {
      activeJobsPerGuild: env.MAX_ACTIVE_JOBS_PER_GUILD,
      activeJobsPerUser: env.MAX_ACTIVE_JOBS_PER_USER,
    },
    reservationThread: env.SQLITE_RESERVATION_THREAD,
    http:
      env.HTTP_PORT === undefined
        ? undefined
        : { port: env.HTTP_PORT, host: env.HTTP_HOST, publicUrl: env.PUBLIC_URL },
    ffmpegPath: env.FFMPEG_PATH,
    logLevel: env.LOG_LEVEL,
  });
}

/** A stand-in for Discord (a local fake, a proxy) serves its attachments itself. */
function attachmentOrigins(apiUrl: string): string[] {
  const origin = new URL(apiUrl).origin;
  const overridden = apiUrl !== DISCORD_API_URL && !DISCORD_CDN_ORIGINS.includes(origin);
  return overridden ? [...DISCORD_CDN_ORIGINS, origin] : [...DISCORD_CDN_ORIGINS];
}

function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) {
    if (child !== null && typeof child === "object") deepFreeze(child);
  }
  return Object.freeze(value);
}

/**
 * discord.js's Client reads these from `process.env` itself (its ShardingManager sets them) and
 * throws on a blank one, such as a copied `.env.example` line. Blank means unset, for it too.
 */
const READ_BY_DISCORD_JS = ["SHARD_COUNT", "SHARDS"];

/** Loads `.env` (when present) into `process.env` with Node's own loader; real env vars win. */
function loadEnvFile(envFile: string): NodeJS.ProcessEnv {
  try {
    process.loadEnvFile(envFile);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  for (const name of READ_BY_DISCORD_JS) {
    if (name in process.env && !process.env[name]?.trim()) delete process.env[name];
  }
  return process.env;
}

export function loadConfig(envFile = ".env"): Config {
  return parseConfig(loadEnvFile(envFile));
}

const restProxySchema = z.object({
  // Not DISCORD_API_URL: the bots' .env points that at this proxy, which must not call itself.
  REST_PROXY_UPSTREAM_URL: z.url().default(DISCORD_API_URL),
  REST_PROXY_PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
  REST_PROXY_HOST: z.string().trim().min(1).default("127.0.0.1"),
  LOG_LEVEL: envSchema.shape.LOG_LEVEL,
});

/** `npm run rest-proxy`: the one process that sends every bot process's Discord REST calls. */
export interface RestProxyConfig {
  /** Where requests go on to: Discord's API (or a stand-in for it). */
  readonly upstreamUrl: string;
  /** 0 picks a free port (tests); the bound one is logged. */
  readonly port: number;
  readonly host: string;
  readonly logLevel: Env["LOG_LEVEL"];
}

export function parseRestProxyConfig(env: Record<string, string | undefined>): RestProxyConfig {
  const result = restProxySchema.safeParse(withoutBlanks(env));
  if (!result.success) throw configError(result.error);
  const { REST_PROXY_UPSTREAM_URL, REST_PROXY_PORT, REST_PROXY_HOST, LOG_LEVEL } = result.data;
  return Object.freeze({
    upstreamUrl: REST_PROXY_UPSTREAM_URL,
    port: REST_PROXY_PORT,
    host: REST_PROXY_HOST,
    logLevel: LOG_LEVEL,
  });
}

export function loadRestProxyConfig(envFile = ".env"): RestProxyConfig {
  return parseRestProxyConfig(loadEnvFile(envFile));
}

/**
 * Just where the database is, for tools such as the backup script: a backup job should need
 * neither the Discord token nor the Seedance key, and must work while those are absent or being
 * rotated.
 */
export function loadDatabaseLocation(
  envFile = ".env",
): Pick<Config, "databasePath" | "databaseUrl"> {
  const { DATABASE_PATH, DATABASE_URL } = envSchema.shape;
  const location = z.object({ DATABASE_PATH, DATABASE_URL });
  const result = location.safeParse(withoutBlanks(loadEnvFile(envFile)));
  if (!result.success) throw configError(result.error);
  return { databasePath: result.data.DATABASE_PATH, databaseUrl: result.data.DATABASE_URL };
}
