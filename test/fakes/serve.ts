import { writeFileSync } from "node:fs";
import { envForFakes } from "../helpers/bot-env.js";
import { createFakeDiscord } from "./fake-discord.js";
import { createFakeSeedance } from "./fake-seedance.js";

/**
 * A fake Discord and a fake Seedance on 127.0.0.1 for trying a real bot without the internet —
 * docker/verify.sh runs the image against them with the host's network. Writes the settings that
 * point a bot at them to an env file, waits for a bot to connect, answers one `/credits balance`
 * as a member would, prints each step, and serves until SIGTERM or SIGINT.
 * Usage: npx tsx test/fakes/serve.ts <env file> [DATABASE_PATH, default /data/bot.db]
 */
const [envFile, databasePath = "/data/bot.db"] = process.argv.slice(2);
if (!envFile) throw new Error("Usage: serve.ts <env file> [DATABASE_PATH]");

const MINUTE = 60_000;
const say = (line: string): void => void process.stdout.write(`fakes: ${line}\n`);
const discord = createFakeDiscord();
const seedance = createFakeSeedance();
await Promise.all([discord.start(), seedance.start()]);

const env = { ...envForFakes(discord, seedance, databasePath), HTTP_PORT: "18080" };
writeFileSync(
  envFile,
  `${Object.entries(env)
    .map(([key, value]) => `${key}=${value}`)
    .join("\n")}\n`,
);
say(`listening, settings in ${envFile}`);

async function stop(): Promise<void> {
  await Promise.all([discord.close(), seedance.close()]);
  process.exit(0);
}
process.once("SIGTERM", () => void stop());
process.once("SIGINT", () => void stop());

await discord.waitFor(() => discord.isConnected(), 5 * MINUTE);
say("a bot connected to the gateway");
await discord.waitFor(() => discord.registrations.length > 0, MINUTE);
const user = { id: "500000000000000001", username: "member" };
const { token } = await discord.dispatchCommand({ user, name: "credits", subcommand: "balance" });
const reply = await discord.waitFor(() => discord.originalMessage(token), MINUTE);
const text = [reply.content, ...reply.embeds.map((embed) => embed.description ?? "")].join(" ");
say(`/credits balance answered: ${text.replace(/\s+/g, " ").trim()}`);
