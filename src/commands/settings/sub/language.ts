import { languageChange } from "../../../services/settings/changes.js";
import { settingsText } from "../render.js";
import { ephemeral, rawOption, type SettingsSubcommand } from "./types.js";

/** Stored and shown for now; public messages follow it once they are translated. */
export const language: SettingsSubcommand = async (interaction, { settings }) => {
  const change = languageChange(rawOption(interaction, "language"));
  const after = await settings.change(interaction.guildId, interaction.user.id, change);
  return interaction.reply({ content: settingsText.language(after.language), ...ephemeral });
};
