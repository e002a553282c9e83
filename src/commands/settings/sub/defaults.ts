import { defaultsChange } from "../../../services/settings/changes.js";
import { savedText } from "../render.js";
import { rawOption, replyWith, type SettingsSubcommand } from "./types.js";

const NAMES = ["resolution", "duration", "aspect_ratio", "audio", "fixed_lens", "reset"];

export const defaults: SettingsSubcommand = async (interaction, { settings }) => {
  const raw = Object.fromEntries(NAMES.map((name) => [name, rawOption(interaction, name)]));
  const given = Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined));
  const after = await settings.change(
    interaction.guildId,
    interaction.user.id,
    defaultsChange(given),
  );
  return replyWith(interaction, (t) => savedText.defaults(after.defaults, t));
};
