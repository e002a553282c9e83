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
