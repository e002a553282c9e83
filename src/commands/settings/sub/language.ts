import { languageChange } from "../../../services/settings/changes.js";
import { savedText } from "../render.js";
import { rawOption, replyWith, type SettingsSubcommand } from "./types.js";

/** The language of the server's public messages (publicLocaleOf). */
export const language: SettingsSubcommand = async (interaction, { settings }) => {
  const change = languageChange(rawOption(interaction, "language"));
  const after = await settings.change(interaction.guildId, interaction.user.id, change);
  return replyWith(interaction, (t) => savedText.language(after.language, t));
};
