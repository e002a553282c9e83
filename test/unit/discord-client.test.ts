import { describe, expect, it } from "vitest";
import { createDiscordClient } from "../../src/discord/client.js";

/** What discord.js does with each interaction's user (the manager's add is internal). */
const addUser = (client: ReturnType<typeof createDiscordClient>, id: string) =>
  (client.users as unknown as { _add(data: unknown): unknown })._add(user(id));
const user = (id: string) => ({ id, username: `user${id}`, discriminator: "0", avatar: null });

describe("the Discord client's memory", () => {
  it("does not keep every member who ran a command", async () => {
    const client = createDiscordClient("http://127.0.0.1:9/api");
    try {
      for (let index = 0; index < 50; index++) addUser(client, String(10n ** 17n + BigInt(index)));
      expect(client.users.cache.size).toBe(0);
    } finally {
      await client.destroy();
    }
  });

  it("sweeps idle per-token REST handlers within a minute, not the default hour", async () => {
    const client = createDiscordClient("http://127.0.0.1:9/api");
    try {
      expect(client.rest.options.handlerSweepInterval).toBeLessThanOrEqual(60_000);
    } finally {
      await client.destroy();
    }
  });
});

describe("the Discord client's shards", () => {
  it("runs the configured shards out of the bot's total", async () => {
    const client = createDiscordClient("http://127.0.0.1:9/api", { ids: [2, 3], count: 6 });
    try {
      expect(client.options.shards).toEqual([2, 3]);
      expect(client.options.shardCount).toBe(6);
    } finally {
      await client.destroy();
    }
  });

  it("runs discord.js's default, one shard, when none are configured", async () => {
    const client = createDiscordClient("http://127.0.0.1:9/api");
    try {
      expect(client.options.shards).toEqual([0]);
      expect(client.options.shardCount).toBe(1);
    } finally {
      await client.destroy();
    }
  });
});
