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
    const view = {
      settings: settings.get(guildId),
      dailyLimit: ledger.dailyLimit(guildId),
      spentToday: ledger.spentToday(guildId, interaction.user.id),
      balance: ledger.balance(guildId),
      adminsCanTopUp,
    };
    const content = helpText(view, translator(interaction.locale));
    await interaction.reply({
      content,
      flags: MessageFlags.Ephemeral,
      allowedMentions: { parse: [] },
    });
  },
});
