import type { FakeDiscord } from "../fakes/fake-discord.js";
import type { FakeSeedance } from "../fakes/fake-seedance.js";

/**
 * The environment that points a real bot process at started fakes, with a database of its own.
 * Shared by the end-to-end harness and the benchmarks, which add their own tuning on top.
 */
export function envForFakes(
  discord: FakeDiscord,
  seedance: FakeSeedance,
  databasePath: string,
): Record<string, string> {
  return {
    DISCORD_TOKEN: discord.botToken,
    DISCORD_CLIENT_ID: discord.applicationId,
    DISCORD_API_URL: discord.apiUrl,
    SEEDANCE_API_KEY: seedance.apiKey,
    SEEDANCE_API_URL: seedance.url,
    DATABASE_PATH: databasePath,
  };
}
