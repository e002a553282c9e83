import { randomBytes } from "node:crypto";

const DISCORD_EPOCH = 1_420_070_400_000n;

/**
 * Issues Discord-shaped snowflakes. The timestamp bits matter: discord.js derives
 * `createdTimestamp` from an interaction's id, and the bot uses that to track the
 * 15-minute token deadline, so a back-dated interaction must carry a back-dated id.
 * Ids are 19 digits, which @discordjs/rest needs to recognise major parameters.
 */
export function createSnowflakes(): (at?: number) => string {
  let increment = 0n;
  return (at = Date.now()) => {
    increment = (increment + 1n) & 0xfffn;
    return (((BigInt(at) - DISCORD_EPOCH) << 22n) | (1n << 17n) | increment).toString();
  };
}

/** Interaction tokens are opaque, URL-safe and long, like Discord's. */
export function interactionToken(interactionId: string): string {
  const prefix = Buffer.from(`interaction:${interactionId}:`).toString("base64url");
  return `${prefix}${randomBytes(96).toString("base64url")}`;
}
