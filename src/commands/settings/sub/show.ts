import { settingsSummary } from "../render.js";
import { ephemeral, type SettingsSubcommand } from "./types.js";

export const show: SettingsSubcommand = async (interaction, { settings, ledger }) => {
  const { guildId } = interaction;
  const [current, dailyLimit, lastChange] = await Promise.all([
    settings.get(guildId),
    ledger.dailyLimit(guildId),
    settings.lastChange(guildId),
  ]);
  const content = settingsSummary({ settings: current, dailyLimit, lastChange });
  return interaction.reply({ content, ...ephemeral });
};
