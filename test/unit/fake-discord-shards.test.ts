import { once } from "node:events";
import {
  Client,
  Events,
  GatewayCloseCodes,
  GatewayIntentBits,
  GatewayOpcodes,
  type Interaction,
  REST,
  Routes,
} from "discord.js";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { WebSocket } from "ws";
import { createFakeDiscord, type FakeDiscord, shardOf } from "../fakes/fake-discord.js";

const GUILDS = 4;
/** The clients' events are no change of the fake's own to wait on, so these are polled. */
const arrived = (check: () => void) => vi.waitFor(check, { timeout: 5_000, interval: 20 });

/** A bot process's client, running some of the bot's shards. */
async function login(fake: FakeDiscord, shards: number[], shardCount: number) {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { api: fake.apiUrl },
    shards,
    shardCount,
  });
  const ready = once(client, Events.ClientReady);
  await client.login(fake.botToken);
  await ready;
  const interactions: Interaction[] = [];
  client.on(Events.InteractionCreate, (interaction) => interactions.push(interaction));
  return { client, interactions };
}

/** IDENTIFY on a raw socket; resolves with the close code, or "ready" when the gateway accepts. */
async function identify(fake: FakeDiscord, shard?: unknown): Promise<number | "ready"> {
  const socket = new WebSocket(`${fake.gatewayUrl}?v=10&encoding=json`);
  return new Promise((resolve) => {
    socket.on("close", (code) => resolve(code));
    socket.on("message", (raw: Buffer) => {
      const frame = JSON.parse(raw.toString()) as { op: number; t: string | null };
      if (frame.op === GatewayOpcodes.Hello) {
        const d = { token: fake.botToken, intents: 1, properties: {}, shard };
        socket.send(JSON.stringify({ op: GatewayOpcodes.Identify, d }));
      } else if (frame.t === "READY") {
        socket.close();
        resolve("ready");
      }
    });
  });
}

describe("fake Discord's gateway shards", () => {
  let fake: FakeDiscord;
  let first: Awaited<ReturnType<typeof login>>;
  let second: Awaited<ReturnType<typeof login>>;
  const guildOn = (shard: number) => {
    const guild = fake.guilds.find((candidate) => shardOf(candidate.id, 2) === shard);
    if (!guild) throw new Error(`no guild on shard ${shard}`);
    return guild.id;
  };

  beforeAll(async () => {
    fake = createFakeDiscord({
      guilds: Array.from({ length: GUILDS }, (_, index) => ({ name: `Server ${index}` })),
      maxGuildsPerShard: 5,
    });
    await fake.start();
    first = await login(fake, [0], 2);
    second = await login(fake, [1], 2);
  });

  afterAll(async () => {
    await first?.client.destroy();
    await second?.client.destroy();
    await fake?.close();
  });

  it("spreads its generated guilds over the shards", () => {
    const shards = fake.guilds.map((guild) => shardOf(guild.id, 2));
    expect(shards.filter((shard) => shard === 0)).toHaveLength(GUILDS / 2);
  });

  it("recommends a shard count in GET /gateway/bot", async () => {
    const rest = new REST({ api: fake.apiUrl }).setToken(fake.botToken);
    // 4 guilds at about 40 % of the 5 a shard may hold: 2 shards.
    expect(await rest.get(Routes.gatewayBot())).toMatchObject({ shards: 2 });
  });

  it("sends each session READY with its shard, and only its shard's guilds", () => {
    expect(fake.gatewaySessions()).toEqual([
      { id: expect.any(String), shard: [0, 2], connected: true },
      { id: expect.any(String), shard: [1, 2], connected: true },
    ]);
    for (const [shard, { client }] of [first, second].entries()) {
      const cached = [...client.guilds.cache.keys()].sort();
      const expected = fake.guilds.filter((guild) => shardOf(guild.id, 2) === shard);
      expect(cached).toEqual(expected.map((guild) => guild.id).sort());
    }
  });

  it("routes a guild's interactions to the session holding its shard, and DMs to shard 0", async () => {
    fake.dispatchCommand({ name: "video", guildId: guildOn(1) });
    fake.dispatchCommand({ name: "video", inGuild: false });
    fake.dispatchCommand({ name: "video", guildId: guildOn(0) });
    await arrived(() => {
      expect(first.interactions).toHaveLength(2);
      expect(second.interactions).toHaveLength(1);
    });
    expect(second.interactions.map((interaction) => interaction.guildId)).toEqual([guildOn(1)]);
    expect(first.interactions.map((interaction) => interaction.guildId)).toEqual([
      null,
      guildOn(0),
    ]);
  });

  it("sends a shard's events to every session on it, as Discord does for a bot started twice", async () => {
    const twice = await login(fake, [1], 2);
    try {
      const before = second.interactions.length;
      fake.dispatchCommand({ name: "video", guildId: guildOn(1) });
      await arrived(() => {
        expect(twice.interactions).toHaveLength(1);
        expect(second.interactions).toHaveLength(before + 1);
      });
      expect(first.interactions.every((interaction) => interaction.guildId !== guildOn(1))).toBe(
        true,
      );
    } finally {
      await twice.client.destroy();
    }
  });

  it("refuses to dispatch where no session holds the shard", async () => {
    const lonely = createFakeDiscord({ guilds: [{}, {}] });
    await lonely.start();
    const { client } = await login(lonely, [0], 2);
    try {
      const away = lonely.guilds.find((guild) => shardOf(guild.id, 2) === 1);
      if (!away) throw new Error("the two generated guilds fall on both shards");
      expect(() => lonely.dispatchCommand({ name: "video", guildId: away.id })).toThrow(
        /no gateway session for guild/,
      );
    } finally {
      await client.destroy();
      await lonely.close();
    }
  });

  it("closes with 4010 Invalid Shard for a shard outside its count", async () => {
    expect(await identify(fake, [2, 2])).toBe(GatewayCloseCodes.InvalidShard);
    expect(await identify(fake, [0, 0])).toBe(GatewayCloseCodes.InvalidShard);
    expect(await identify(fake, [-1, 2])).toBe(GatewayCloseCodes.InvalidShard);
    expect(await identify(fake, [0])).toBe(GatewayCloseCodes.DecodeError);
    expect(await identify(fake, [1, 4])).toBe("ready");
  });

  it("closes with 4011 Sharding Required when one shard would hold too many guilds", async () => {
    const crowded = createFakeDiscord({ guilds: [{}, {}, {}], maxGuildsPerShard: 2 });
    await crowded.start();
    try {
      expect(await identify(crowded)).toBe(GatewayCloseCodes.ShardingRequired);
      expect(await identify(crowded, [0, 2])).toBe("ready");
      expect(crowded.gatewayStats().identifies).toBe(1);
    } finally {
      await crowded.close();
    }
  });

  it("drops one shard's connection and lets it resume", async () => {
    const resumes = fake.gatewayStats().resumes;
    const before = second.interactions.length;
    fake.dropConnection(GatewayCloseCodes.UnknownError, 1);
    await fake.waitFor(() => !fake.isConnected(1));
    expect(fake.isConnected(0)).toBe(true);
    fake.dispatchCommand({ name: "video", guildId: guildOn(1) });
    await fake.waitFor(() => fake.gatewayStats().resumes === resumes + 1 && fake.isConnected(1));
    await arrived(() => expect(second.interactions).toHaveLength(before + 1));
    expect(second.interactions.at(-1)?.guildId).toBe(guildOn(1));
    expect(fake.internalErrors).toEqual([]);
  });
});
