import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { shardOf } from "../fakes/fake-discord.js";
import { jobStatus } from "../helpers/job-message.js";
import type { BotProcess } from "./bot-process.js";
import { type Harness, shardedProcesses, startHarness } from "./harness.js";
import { createPostgresDatabase, type E2ePostgres } from "./postgres-database.js";

const PROCESSES = 3;
const SHARDS_EACH = 2;
const SHARD_COUNT = PROCESSES * SHARDS_EACH;
const LEASE_MS = 5_000;

/** A port nobody listens on right now, for a bot process's HTTP server. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(),
      );
    });
  });
}

/** Log lines of every process about one job, by the process that wrote them. */
function whoLogged(bots: readonly BotProcess[], msg: string, jobId: string): number[] {
  return bots.flatMap((bot, index) =>
    bot.logs.some((line) => line.msg === msg && line.jobId === jobId) ? [index] : [],
  );
}

/**
 * Issue 17 end to end: three bot processes, two gateway shards each, sharing one PostgreSQL
 * database, with every Discord call through one REST proxy. Polls are an hour apart, so a video
 * that arrives in seconds was fetched because its Seedance callback reached its job's holder —
 * and every callback goes to the third process, as a load balancer might send them.
 */
describe("three sharded processes on one PostgreSQL database", () => {
  let harness: Harness;
  let postgres: E2ePostgres;
  /** Where every Seedance callback goes: the last process's HTTP server. */
  let callbacksTo: string;

  beforeAll(async () => {
    postgres = await createPostgresDatabase({ migrated: false });
    const ports = await Promise.all(Array.from({ length: PROCESSES }, freePort));
    callbacksTo = `http://127.0.0.1:${ports[PROCESSES - 1]}`;
    harness = await startHarness({
      restProxy: true,
      env: {
        ...postgres.env,
        PUBLIC_URL: callbacksTo,
        JOB_LEASE_MS: String(LEASE_MS),
        SEEDANCE_POLL_INTERVAL_MS: "3600000",
        SEEDANCE_POLL_MAX_INTERVAL_MS: "3600000",
        MAX_ACTIVE_JOBS_PER_GUILD: "10",
        MAX_ACTIVE_JOBS_PER_USER: "10",
      },
      processes: shardedProcesses(PROCESSES, SHARDS_EACH).map((shards, n) => ({
        ...shards,
        HTTP_PORT: String(ports[n]),
      })),
      discord: {
        guilds: Array.from({ length: SHARD_COUNT }, (_, n) => ({
          name: `Server ${n + 1}`,
          channels: [{ name: "general" }],
        })),
      },
      seedance: { taskDurationMs: 1_500 },
    });
    for (const guild of harness.discord.guilds) {
      const reply = await harness.replyTo("credits", {
        subcommand: "add",
        options: { amount: 1_000 },
        user: { id: harness.discord.ownerId, username: "owner" },
        guildId: guild.id,
      });
      expect(reply.content).toMatch(/^Added/);
    }
  }, 120_000);
  afterAll(async () => {
    await harness?.close();
    await postgres?.dispose();
  });

  /** The process running a guild's shard. */
  const processOf = (guildId: string) => Math.floor(shardOf(guildId, SHARD_COUNT) / SHARDS_EACH);

  async function videoIn(guildId: string, prompt: string) {
    const { token } = await harness.command("video", {
      options: { prompt, resolution: "480p", duration: 4 },
      guildId,
    });
    return token;
  }

  it("registers the commands from one process only, and runs each shard once", () => {
    const registrations = harness.discord.requests.filter(
      (request) => request.method === "PUT" && request.path.includes("/commands"),
    );
    expect(registrations).toHaveLength(1);
    const shards = harness.discord.gatewaySessions().map((session) => session.shard?.[0]);
    expect(shards.sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("delivers a burst over every server exactly once, each job worked by one process", async () => {
    const generatesBefore = harness.seedance.tasks.size;
    const tokens = await Promise.all(
      harness.discord.guilds.flatMap((guild, n) => [
        videoIn(guild.id, `a lighthouse at dusk ${n}a`),
        videoIn(guild.id, `a lighthouse at dusk ${n}b`),
      ]),
    );
    for (const token of tokens) {
      expect(jobStatus(await harness.finalReply(token, 20_000))).toBe("ready");
    }
    expect(harness.seedance.tasks.size - generatesBefore).toBe(tokens.length);
    const { bots } = harness;
    // Each command was taken by the process running its server's shard.
    for (const [index, bot] of bots.entries()) {
      const reserved = bot.logs.filter((line) => line.msg === "Job reserved");
      expect(reserved.map((line) => processOf(String(line.guildId)))).toEqual(
        reserved.map(() => index),
      );
    }
    // Every callback went to the last process, yet the first two delivered their own jobs.
    const callbackPorts = new Set(harness.seedance.callbacks.map((c) => new URL(c.url).port));
    expect([...callbackPorts]).toEqual([new URL(callbacksTo).port]);
    // The log line follows the message Discord already shows (no Discord request to wait on).
    const deliveredLines = () =>
      bots.flatMap((bot) => bot.logs.filter((line) => line.msg === "Video delivered"));
    await vi.waitFor(() => expect(deliveredLines()).toHaveLength(tokens.length), {
      timeout: 15_000,
    });
    const delivered = deliveredLines();
    expect(delivered).toHaveLength(tokens.length);
    expect(new Set(delivered.map((line) => line.jobId)).size).toBe(tokens.length);
    for (const line of delivered) {
      expect(whoLogged(bots, "Job succeeded", String(line.jobId))).toHaveLength(1);
    }
    for (const bot of bots)
      expect(bot.logs.some((line) => line.msg === "Video delivered")).toBe(true);
    await postgres.checkLedger();
  }, 90_000);

  it("delivers a job whose callback reached another process before its holder had Seedance's answer", async () => {
    const guild = harness.discord.guilds.find((candidate) => processOf(candidate.id) === 0);
    if (!guild) throw new Error("no server on the first process");
    harness.seedance.scriptNextTask({ durationMs: 0, answerDelayMs: 300 });
    const token = await videoIn(guild.id, "a callback that beats its answer");
    expect(jobStatus(await harness.finalReply(token, 10_000))).toBe("ready");
    await postgres.checkLedger();
  });

  it("hands a killed process's jobs to another within the lease, charged once", async () => {
    const victim = 0;
    const guilds = harness.discord.guilds.filter((guild) => processOf(guild.id) === victim);
    harness.seedance.configure({ taskDurationMs: 4_000 });
    const tasksBefore = harness.seedance.tasks.size;
    // Killed once it has Seedance's answers: a job killed mid-submit waits for its callback,
    // which the operations suite covers; this one is about handing over submitted jobs.
    const submitted = () =>
      harness.bots[victim]?.logs.filter((line) => line.msg === "Job submitted").length ?? 0;
    const submittedBefore = submitted();
    const tokens = await Promise.all(guilds.map((guild) => videoIn(guild.id, "a slow glacier")));
    await vi.waitFor(() => expect(submitted() - submittedBefore).toBe(tokens.length), {
      timeout: 10_000,
    });
    const killedAt = Date.now();
    await harness.bots[victim]?.kill();
    for (const token of tokens) {
      expect(jobStatus(await harness.finalReply(token, 30_000))).toBe("ready");
    }
    // Lease expiry, one keeper round, and the task's own remaining time.
    expect(Date.now() - killedAt).toBeLessThan(LEASE_MS + 15_000);
    expect(harness.seedance.tasks.size - tasksBefore).toBe(tokens.length);
    const survivors = harness.bots.filter((_, index) => index !== victim);
    expect(survivors.some((bot) => bot.logs.some((line) => line.msg === "Took over jobs"))).toBe(
      true,
    );
    await postgres.checkLedger();
  }, 90_000);
});
