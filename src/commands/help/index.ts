import { InteractionContextType, MessageFlags, SlashCommandBuilder } from "discord.js";
import { translator } from "../../i18n/index.js";
import { defineCommand } from "../types.js";
import { helpText } from "./render.js";

export const helpCommand = defineCommand({
  data: new SlashCommandBuilder()
    .setName("help")
    .setDescription("What the bot does, what it costs, and this server's rules")
    .setContexts(InteractionContextType.Guild)
    .toJSON(),

  async execute(interaction, { settings, ledger, adminsCanTopUp }) {
    const { guildId } = interaction;
    const [current, dailyLimit, spentToday, balance] = await Promise.all([
      settings.get(guildId),
      ledger.dailyLimit(guildId),
      ledger.spentToday(guildId, interaction.user.id),
      ledger.balance(guildId),
    ]);
    const view = { settings: current, dailyLimit, spentToday, balance, adminsCanTopUp };
    const content = helpText(view, translator(interaction.locale));
    await interaction.reply({
      content,
      flags: MessageFlags.Ephemeral,
      allowedMentions: { parse: [] },
    });
  },
});
