import { spawn } from "node:child_process";
import { once } from "node:events";
import { tmpdir } from "node:os";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { DiscordAPIError, REST, Routes } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRestProxy, type RestProxy } from "../../src/discord/rest-proxy.js";
import { createLogger } from "../../src/logger.js";
import { createFakeDiscord, type FakeDiscord } from "../fakes/fake-discord.js";

const ENTRY = fileURLToPath(new URL("../../src/rest-proxy.ts", import.meta.url));
const TSX = import.meta.resolve("tsx");
const BOT_TOKEN = "proxy-test-BOT-token-secret";
/** Two messages per channel per window: a burst spans several windows. */
const RATE_LIMITS = { limit: 2, windowMs: 500, paths: /^\/channels\/\d+\/messages$/ };

const client = (apiUrl: string, token = BOT_TOKEN) => new REST({ api: apiUrl }).setToken(token);

/**
 * Two bot processes' clients posting three messages each into one channel, all at once, after
 * each has posted one (so the bucket is known: the very first contact with a bucket may draw a
 * 429 even from one client, as @discordjs/rest learns the bucket from the answer).
 */
async function burst(apiUrl: string, channelId: string): Promise<void> {
  const clients = [client(apiUrl), client(apiUrl)];
  for (const rest of clients) {
    await rest.post(Routes.channelMessages(channelId), { body: { content: "hello" } });
  }
  await Promise.all(
    clients.flatMap((rest, index) =>
      [1, 2, 3].map((n) =>
        rest.post(Routes.channelMessages(channelId), { body: { content: `${index}:${n}` } }),
      ),
    ),
  );
}

describe("the REST proxy", () => {
  let fake: FakeDiscord;
  let proxy: RestProxy;
  let proxyUrl: string;
  const logs: string[] = [];
  const channel = (index: number) => fake.guilds[0]?.channels[index]?.id ?? "";
  const posts = (channelId: string) =>
    fake.requests.filter((request) => request.path === `/channels/${channelId}/messages`);

  beforeAll(async () => {
    fake = createFakeDiscord({
      botToken: BOT_TOKEN,
      guilds: [{ channels: [{ name: "through-proxy" }, { name: "direct" }] }],
      rateLimits: RATE_LIMITS,
    });
    await fake.start();
    const logger = createLogger(
      { logLevel: "debug" },
      { write: (line: string) => logs.push(line) },
    );
    proxy = createRestProxy({ upstreamUrl: fake.apiUrl, port: 0, host: "127.0.0.1" }, logger);
    proxyUrl = `http://127.0.0.1:${await proxy.start()}/api`;
  });

  afterAll(async () => {
    await proxy?.stop();
    await fake?.close();
  });

  it("passes a call on to Discord with the caller's own token, and Discord's errors back", async () => {
    expect(await client(proxyUrl).get(Routes.user("@me"))).toMatchObject({
      id: fake.applicationId,
    });
    expect(fake.requests.at(-1)).toMatchObject({ route: "/users/@me", authorized: true });
    const refused = await client(proxyUrl, "not-the-token")
      .get(Routes.user("@me"))
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DiscordAPIError);
    expect(refused).toMatchObject({ status: 401 });
  });

  it("keeps one rate-limit state for every client: a burst never draws a 429 from Discord", async () => {
    await burst(proxyUrl, channel(0));
    const answered = posts(channel(0));
    expect(answered.map((request) => request.status)).toEqual(Array(8).fill(200));
    // Two per window: eight requests took four windows.
    const elapsed = (answered[7]?.at ?? 0) - (answered[0]?.at ?? 0);
    expect(elapsed).toBeGreaterThanOrEqual(3 * RATE_LIMITS.windowMs - 100);
  });

  it("is needed: the same burst straight at Discord collides, each client alone", async () => {
    await burst(fake.apiUrl, channel(1));
    const statuses = posts(channel(1)).map((request) => request.status);
    expect(statuses).toContain(429);
    expect(statuses.filter((status) => status === 200)).toHaveLength(8);
  });

  it("never logs the token it forwards", () => {
    expect(logs.some((line) => line.includes('"msg":"Proxied"'))).toBe(true);
    for (const line of logs) expect(line).not.toContain(BOT_TOKEN);
  });

  it("answers 502 when Discord can't be reached, not an empty 200", async () => {
    const logger = createLogger({ logLevel: "silent" });
    const dead = createRestProxy(
      { upstreamUrl: "http://127.0.0.1:9/api", port: 0, host: "127.0.0.1" },
      logger,
    );
    const port = await dead.start();
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/v10/users/@me`, {
        headers: { authorization: `Bot ${BOT_TOKEN}` },
      });
      expect(response.status).toBe(502);
    } finally {
      await dead.stop();
    }
  });
});

describe("npm run rest-proxy", () => {
  it("listens where configured, proxies, and stops cleanly on SIGTERM", async () => {
    const fake = createFakeDiscord({ botToken: BOT_TOKEN });
    await fake.start();
    const child = spawn(process.execPath, ["--import", TSX, ENTRY], {
      cwd: tmpdir(),
      env: {
        PATH: process.env.PATH ?? "",
        REST_PROXY_UPSTREAM_URL: fake.apiUrl,
        REST_PROXY_PORT: "0",
        LOG_LEVEL: "debug",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const output: string[] = [];
    child.stderr.on("data", (chunk: Buffer) => output.push(chunk.toString()));
    try {
      const lines = createInterface({ input: child.stdout });
      lines.on("line", (line) => output.push(line));
      const [listening] = (await once(lines, "line")) as [string];
      const { msg, port } = JSON.parse(listening) as { msg: string; port: number };
      expect(msg).toBe("REST proxy listening");
      const user = await client(`http://127.0.0.1:${port}/api`).get(Routes.user("@me"));
      expect(user).toMatchObject({ id: fake.applicationId });
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      expect((await exited)[0]).toBe(0);
      expect(output.join("\n")).not.toContain(BOT_TOKEN);
    } finally {
      child.kill("SIGKILL");
      await fake.close();
    }
  });

  it("refuses a bad port, naming it", async () => {
    const child = spawn(process.execPath, ["--import", TSX, ENTRY], {
      cwd: tmpdir(),
      env: { PATH: process.env.PATH ?? "", REST_PROXY_PORT: "eighty" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const lines: string[] = [];
    createInterface({ input: child.stdout }).on("line", (line) => lines.push(line));
    const [code] = (await once(child, "exit")) as [number];
    expect(code).toBe(1);
    expect(JSON.parse(lines[0] ?? "")).toMatchObject({
      msg: "Invalid configuration",
      problems: [expect.stringContaining("REST_PROXY_PORT")],
    });
  });
});
