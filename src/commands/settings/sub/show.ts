import { settingsSummary } from "../render.js";
import { ephemeral, type SettingsSubcommand } from "./types.js";

export const show: SettingsSubcommand = (interaction, { settings, ledger }) => {
  const { guildId } = interaction;
  const content = settingsSummary({
    settings: settings.get(guildId),
    dailyLimit: ledger.dailyLimit(guildId),
    lastChange: settings.lastChange(guildId),
  });
  return interaction.reply({ content, ...ephemeral });
};
