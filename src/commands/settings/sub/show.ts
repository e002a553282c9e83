import { settingsSummary } from "../render.js";
import { replyWith, type SettingsSubcommand } from "./types.js";

export const show: SettingsSubcommand = async (interaction, { settings, ledger }) => {
  const { guildId } = interaction;
  const [current, dailyLimit, lastChange] = await Promise.all([
    settings.get(guildId),
    ledger.dailyLimit(guildId),
    settings.lastChange(guildId),
  ]);
  const view = { settings: current, dailyLimit, lastChange };
  return replyWith(interaction, (t) => settingsSummary(view, t));
};
