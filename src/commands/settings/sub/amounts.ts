import { amountChange } from "../../../services/settings/changes.js";
import { settingsText } from "../render.js";
import { ephemeral, rawOption, type SettingsSubcommand } from "./types.js";

export const confirmAbove: SettingsSubcommand = async (interaction, { settings }) => {
  const change = amountChange("confirm_above", rawOption(interaction, "amount"));
  const after = await settings.change(interaction.guildId, interaction.user.id, change);
  return interaction.reply({
    content: settingsText.confirmAbove(after.confirmAbove),
    ...ephemeral,
  });
};

export const maxCost: SettingsSubcommand = async (interaction, { settings }) => {
  const change = amountChange("max_cost", rawOption(interaction, "amount"));
  const after = await settings.change(interaction.guildId, interaction.user.id, change);
  return interaction.reply({ content: settingsText.maxCost(after.maxCost), ...ephemeral });
};
