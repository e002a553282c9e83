import { amountChange } from "../../../services/settings/changes.js";
import { savedText } from "../render.js";
import { rawOption, replyWith, type SettingsSubcommand } from "./types.js";

export const confirmAbove: SettingsSubcommand = async (interaction, { settings }) => {
  const change = amountChange("confirm_above", rawOption(interaction, "amount"));
  const after = await settings.change(interaction.guildId, interaction.user.id, change);
  return replyWith(interaction, (t) => savedText.confirmAbove(after.confirmAbove, t));
};

export const maxCost: SettingsSubcommand = async (interaction, { settings }) => {
  const change = amountChange("max_cost", rawOption(interaction, "amount"));
  const after = await settings.change(interaction.guildId, interaction.user.id, change);
  return replyWith(interaction, (t) => savedText.maxCost(after.maxCost, t));
};
