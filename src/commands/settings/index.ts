import { requireAdmin } from "../../discord/permissions.js";
import { refuse } from "../../i18n/refusal.js";
import { defineCommand } from "../types.js";
import { settingsData } from "./data.js";
import { confirmAbove, maxCost } from "./sub/amounts.js";
import { channels } from "./sub/channels.js";
import { defaults } from "./sub/defaults.js";
import { language } from "./sub/language.js";
import { role } from "./sub/role.js";
import { show } from "./sub/show.js";
import type { SettingsSubcommand } from "./sub/types.js";

const subcommands = new Map<string, SettingsSubcommand>([
  ["show", show],
  ["defaults", defaults],
  ["channels", channels],
  ["role", role],
  ["confirm_above", confirmAbove],
  ["max_cost", maxCost],
  ["language", language],
]);

/** `/settings`: admins and owners, checked at run time (admins can re-grant any command). */
export const settingsCommand = defineCommand({
  data: settingsData,
  async execute(interaction, deps) {
    requireAdmin(interaction, deps.owners);
    const run = subcommands.get(interaction.options.getSubcommand(false) ?? "");
    if (!run) throw refuse("settings.refusals.unknownSubcommand");
    await run(interaction, deps);
  },
});
