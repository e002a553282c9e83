import { UserError } from "../../../domain/user-error.js";
import type { GuildCommandInteraction } from "../../types.js";
import { settingsText } from "../render.js";
import { ephemeral, rawOption, type SettingsSubcommand } from "./types.js";

/**
 * The chosen role, refused unless Discord confirms it is this server's and members can hold it.
 * Asked of Discord, not the cache: discord.js caches whatever role an interaction names.
 */
async function requiredRole(interaction: GuildCommandInteraction): Promise<string | null> {
  if (rawOption(interaction, "clear") === true) return null;
  const id = rawOption(interaction, "role");
  if (id === undefined) throw new UserError(settingsText.roleMissing);
  const role =
    typeof id === "string" && interaction.guild
      ? await interaction.guild.roles.fetch(id, { force: true, cache: false })
      : null;
  if (!role) throw new UserError(settingsText.roleNotHere);
  if (role.id === interaction.guildId) throw new UserError(settingsText.roleEveryone);
  if (role.managed) throw new UserError(settingsText.roleManaged);
  return role.id;
}

export const role: SettingsSubcommand = async (interaction, { settings }) => {
  const roleId = await requiredRole(interaction);
  const after = await settings.change(interaction.guildId, interaction.user.id, { role: roleId });
  return interaction.reply({ content: settingsText.role(after.roleId), ...ephemeral });
};
