import {
  type ChatInputCommandInteraction,
  Client,
  Events,
  GatewayIntentBits,
  MessageFlags,
  Options,
} from "discord.js";

/**
 * The acknowledgement bench's yardstick (issue 16): the cheapest discord.js bot that answers
 * `/video` the way ours does. Credits live in a Map, there is no database, no Seedance and no
 * logging; but the accepted reply is the same public embed ours sends, asked `withResponse`,
 * and the refusal the same ephemeral sentence, so Discord's side does the same work for both.
 * Run as a child process by bench/ack-burst.ts; self-contained, so it compiles on its own.
 */

/** 720p, 8 s, silent: the built-in defaults' price (src/domain/pricing.ts). */
const PRICE = 28;
const credits = (amount: number) => `${amount.toLocaleString("en-US")} credits`;
const balances = new Map<string, number>();

/** The embed ours replies with (src/discord/job-messages.ts, generatingMessage, reserved). */
function generatingEmbed(prompt: string) {
  return {
    title: "🎬 Generating your video…",
    description: prompt.length <= 300 ? prompt : `${prompt.slice(0, 299)}…`,
    color: 0x5865f2,
    fields: [
      { name: "Settings", value: "720p · 16:9 · 8 s", inline: true },
      { name: "Cost", value: credits(PRICE), inline: true },
      { name: "Progress", value: "Sending to Seedance…" },
    ],
  };
}

async function video(interaction: ChatInputCommandInteraction, guildId: string): Promise<void> {
  const balance = balances.get(guildId) ?? 0;
  if (balance < PRICE) {
    await interaction.reply({
      content:
        `This video costs ${credits(PRICE)}, but the server only has ${credits(balance)}. ` +
        "Ask a server admin or the bot owner to top up with `/credits add`.",
      flags: MessageFlags.Ephemeral,
      allowedMentions: { parse: [] },
    });
    return;
  }
  balances.set(guildId, balance - PRICE);
  await interaction.reply({
    embeds: [generatingEmbed(interaction.options.getString("prompt") ?? "")],
    allowedMentions: { parse: [] },
    withResponse: true,
  });
}

/** `/credits add`: only what the bench harness needs to fund a server. */
async function addCredits(interaction: ChatInputCommandInteraction, guildId: string) {
  const amount = interaction.options.getInteger("amount") ?? 0;
  balances.set(guildId, (balances.get(guildId) ?? 0) + amount);
  await interaction.reply({ content: `Added ${credits(amount)}.`, flags: MessageFlags.Ephemeral });
}

const client = new Client({
  intents: [GatewayIntentBits.Guilds],
  rest: { api: process.env.DISCORD_API_URL ?? "" },
  // Nothing is read from the caches, so none is kept: the reference pays for no bookkeeping.
  makeCache: Options.cacheWithLimits({
    ...Options.DefaultMakeCacheSettings,
    GuildMemberManager: { maxSize: 0, keepOverLimit: (m) => m.id === m.client.user.id },
    UserManager: { maxSize: 0, keepOverLimit: (user) => user.id === user.client.user.id },
    MessageManager: 0,
  }),
});

client.on(Events.InteractionCreate, (interaction) => {
  if (!interaction.isChatInputCommand() || !interaction.guildId) return;
  const answer =
    interaction.commandName === "video"
      ? video(interaction, interaction.guildId)
      : addCredits(interaction, interaction.guildId);
  answer.catch((error: unknown) =>
    console.error(JSON.stringify({ level: 50, msg: String(error) })),
  );
});
// The harness waits for this line, as it does for ours.
client.once(Events.ClientReady, () => {
  process.stdout.write(`${JSON.stringify({ level: 30, msg: "Ready" })}\n`);
});
process.once("SIGTERM", () => void client.destroy().then(() => process.exit(0)));
await client.login(process.env.DISCORD_TOKEN);
