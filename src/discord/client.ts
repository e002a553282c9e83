import { Client, GatewayIntentBits, Options } from "discord.js";
import type { Config } from "../config.js";

/** Long enough to upload a video of the interaction's upload limit on a slow link. */
export const REST_TIMEOUT_MS = 120_000;
/**
 * @discordjs/rest retries timed-out requests, POSTs included: a slow upload would be re-sent
 * three times and a channel post could appear twice. Our delivery retries with backoff itself.
 */
const REST_RETRIES = 1;
/** Every job's interaction token gets a rate-limit handler of its own; see below. */
export const HANDLER_SWEEP_MS = 60_000;

/**
 * A slash-command bot needs only the Guilds intent and almost no cache: messages, members and
 * the rest are never read, so they are not kept.
 *
 * `shards`: the gateway shards this process runs out of the bot's total (SHARD_IDS of
 * SHARD_COUNT); other processes, anywhere, run the rest. Left out: one shard, as discord.js does.
 */
export function createDiscordClient(apiUrl: string, shards?: Config["shards"]): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds],
    ...(shards ? { shards: [...shards.ids], shardCount: shards.count } : {}),
    rest: {
      api: apiUrl,
      timeout: REST_TIMEOUT_MS,
      retries: REST_RETRIES,
      // Every job's interaction token gets a rate-limit handler of its own; idle ones hold no
      // state worth keeping (a limited one isn't idle), so they go within a minute, not an hour.
      handlerSweepInterval: HANDLER_SWEEP_MS,
    },
    allowedMentions: { parse: [] },
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: 0,
      ReactionManager: 0,
      PresenceManager: 0,
      ThreadMemberManager: 0,
      VoiceStateManager: 0,
      GuildEmojiManager: 0,
      GuildStickerManager: 0,
      GuildScheduledEventManager: 0,
      StageInstanceManager: 0,
      GuildInviteManager: 0,
      GuildBanManager: 0,
      // Every member who ever ran a command would stay cached; nothing reads them back.
      UserManager: { maxSize: 0, keepOverLimit: (user) => user.id === user.client.user?.id },
      GuildMemberManager: {
        maxSize: 0,
        keepOverLimit: (member) => member.id === member.client.user.id,
      },
    }),
    sweepers: Options.DefaultSweeperSettings,
  });
}
