import { UserError } from "../../../services/errors.js";
import type { GuildCommandInteraction } from "../../types.js";
import { settingsText } from "../render.js";
import { ephemeral, rawOption, type SettingsSubcommand } from "./types.js";

/** The chosen role, refused unless the bot sees it in this server and members can hold it. */
function requiredRole(interaction: GuildCommandInteraction): string | null {
  if (rawOption(interaction, "clear") === true) return null;
  const id = rawOption(interaction, "role");
  if (id === undefined) throw new UserError(settingsText.roleMissing);
  const role = typeof id === "string" ? interaction.guild?.roles.cache.get(id) : undefined;
  if (!role) throw new UserError(settingsText.roleNotHere);
  if (role.id === interaction.guildId) throw new UserError(settingsText.roleEveryone);
  if (role.managed) throw new UserError(settingsText.roleManaged);
  return role.id;
}

export const role: SettingsSubcommand = (interaction, { settings }) => {
  const roleId = requiredRole(interaction);
  const after = settings.change(interaction.guildId, interaction.user.id, { role: roleId });
  return interaction.reply({ content: settingsText.role(after.roleId), ...ephemeral });
};
