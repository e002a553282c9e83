import { refuse } from "../../../i18n/refusal.js";
import type { GuildCommandInteraction } from "../../types.js";
import { savedText } from "../render.js";
import { rawOption, replyWith, type SettingsSubcommand } from "./types.js";

/**
 * The chosen role, refused unless Discord confirms it is this server's and members can hold it.
 * Asked of Discord, not the cache: discord.js caches whatever role an interaction names.
 */
async function requiredRole(interaction: GuildCommandInteraction): Promise<string | null> {
  if (rawOption(interaction, "clear") === true) return null;
  const id = rawOption(interaction, "role");
  if (id === undefined) throw refuse("settings.refusals.roleMissing");
  const role =
    typeof id === "string" && interaction.guild
      ? await interaction.guild.roles.fetch(id, { force: true, cache: false })
      : null;
  if (!role) throw refuse("settings.refusals.roleNotHere");
  if (role.id === interaction.guildId) throw refuse("settings.refusals.roleEveryone");
  if (role.managed) throw refuse("settings.refusals.roleManaged");
  return role.id;
}

export const role: SettingsSubcommand = async (interaction, { settings }) => {
  const roleId = await requiredRole(interaction);
  const after = await settings.change(interaction.guildId, interaction.user.id, { role: roleId });
  return replyWith(interaction, (t) => savedText.role(after.roleId, t));
};
