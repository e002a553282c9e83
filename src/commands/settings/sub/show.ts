import { settingsSummary } from "../render.js";
import { replyWith, type SettingsSubcommand } from "./types.js";

export const show: SettingsSubcommand = (interaction, { settings, ledger }) => {
  const { guildId } = interaction;
  const view = {
    settings: settings.get(guildId),
    dailyLimit: ledger.dailyLimit(guildId),
    lastChange: settings.lastChange(guildId),
  };
  return replyWith(interaction, (t) => settingsSummary(view, t));
};
